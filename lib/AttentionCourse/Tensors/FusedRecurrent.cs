using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

/// <summary>
/// A GRU step as one operation (forward and backward written out), because recurrent training repeats it thousands
/// of times and a dozen separate elementwise operations per step cost more than its two matrix products.
/// The equations are those of <see cref="Nn.GRUCell"/>; its gradient checks cover this code. Only elementwise
/// TensorPrimitives are used (each element's result is exact whatever the vector width); transcendental functions
/// and sums come from <see cref="PortableMath"/> and plain loops, so the result is the same on every machine.
/// </summary>
internal static class FusedRecurrent
{
    /// <summary>
    /// <c>h' = (1 - z) n + z h</c> with <c>r, z = sigmoid(...)</c>, <c>n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))</c>.
    /// Shapes: input (B, in), hidden (B, H), weightIH (3H, in), weightHH (3H, H), biases (1, 3H) -> (B, H).
    /// </summary>
    public static Tensor GruStep(Tensor input, Tensor hidden, Tensor weightIH, Tensor weightHH, Tensor biasIH, Tensor biasHH)
    {
        int batch = input.Rows, size = hidden.Columns;
        var fromInput = Tensor.Data(MatrixMath.MultiplyTransposed(input.Value, weightIH.Value));   // (B, 3H)
        var fromHidden = Tensor.Data(MatrixMath.MultiplyTransposed(hidden.Value, weightHH.Value)); // (B, 3H)
        var bi = Tensor.Data(biasIH.Value);
        var bh = Tensor.Data(biasHH.Value);
        var h = Tensor.Data(hidden.Value);

        // Column-major (B, 3H): the reset, update and candidate gates are the contiguous blocks [0, HB), [HB, 2HB),
        // [2HB, 3HB), laid out like a (B, H) matrix each, so whole gates are computed with vectorized span operations.
        int block = batch * size;
        for (int j = 0; j < 3 * size; j++)
        {
            TensorPrimitives.Add(fromInput.AsSpan(j * batch, batch), bi[j], fromInput.AsSpan(j * batch, batch));
            TensorPrimitives.Add(fromHidden.AsSpan(j * batch, batch), bh[j], fromHidden.AsSpan(j * batch, batch));
        }
        var reset = new double[block];
        var update = new double[block];
        var candidate = new double[block];
        var hiddenCandidate = fromHidden.AsSpan(2 * block, block).ToArray(); // h W_hn^T + b_hn, needed by the backward pass
        var output = new double[block];
        TensorPrimitives.Add(fromInput.AsSpan(0, block), fromHidden.AsSpan(0, block), reset);
        PortableMath.Sigmoid(reset, reset);                                                       // r
        TensorPrimitives.Add(fromInput.AsSpan(block, block), fromHidden.AsSpan(block, block), update);
        PortableMath.Sigmoid(update, update);                                                     // z
        TensorPrimitives.MultiplyAdd(reset, hiddenCandidate, fromInput.AsSpan(2 * block, block), candidate);
        PortableMath.Tanh(candidate, candidate);                                                  // n
        TensorPrimitives.Subtract(h, candidate, output);
        TensorPrimitives.MultiplyAdd(update, output, candidate, output);                          // n + z (h - n)

        return Tensor.FromOperation(Matrix<double>.Build.Dense(batch, size, output), g =>
        {
            var dOut = Tensor.Data(g);
            var dGatesInput = new double[3 * block];  // d(x W_ih^T + b_ih), (B, 3H)
            var dGatesHidden = new double[3 * block]; // d(h W_hh^T + b_hh), (B, 3H)
            var dHidden = new double[block];
            var scratch = new double[block];
            var dCandidatePre = dGatesInput.AsSpan(2 * block, block);
            var dResetPre = dGatesInput.AsSpan(0, block);
            var dUpdatePre = dGatesInput.AsSpan(block, block);
            // dn = g (1 - z); dn_pre = dn (1 - n^2)
            TensorPrimitives.Subtract(1.0, update, scratch);
            TensorPrimitives.Multiply(dOut, scratch, dCandidatePre);
            TensorPrimitives.Multiply(candidate, candidate, scratch);
            TensorPrimitives.Subtract(1.0, scratch, scratch);
            TensorPrimitives.Multiply(dCandidatePre, scratch, dCandidatePre);
            // dz_pre = g (h - n) z (1 - z)
            TensorPrimitives.Subtract(h, candidate, dUpdatePre);
            TensorPrimitives.Multiply(dUpdatePre, dOut, dUpdatePre);
            TensorPrimitives.Subtract(1.0, update, scratch);
            TensorPrimitives.Multiply(scratch, update, scratch);
            TensorPrimitives.Multiply(dUpdatePre, scratch, dUpdatePre);
            // dr_pre = dn_pre (h W_hn^T + b_hn) r (1 - r)
            TensorPrimitives.Multiply(dCandidatePre, hiddenCandidate, dResetPre);
            TensorPrimitives.Subtract(1.0, reset, scratch);
            TensorPrimitives.Multiply(scratch, reset, scratch);
            TensorPrimitives.Multiply(dResetPre, scratch, dResetPre);
            // The state-side gates see the same r and z gradients; its candidate part is scaled by r.
            dGatesInput.AsSpan(0, 2 * block).CopyTo(dGatesHidden);
            TensorPrimitives.Multiply(dCandidatePre, reset, dGatesHidden.AsSpan(2 * block, block));
            // dh (direct path) = g z
            TensorPrimitives.Multiply(dOut, update, dHidden);

            var gi = Matrix<double>.Build.Dense(batch, 3 * size, dGatesInput);
            var gh = Matrix<double>.Build.Dense(batch, 3 * size, dGatesHidden);
            if (input.RequiresGrad) input.AccumulateGrad(MatrixMath.Multiply(gi, weightIH.Value), owned: true);
            if (hidden.RequiresGrad)
            {
                var fromGates = Tensor.Data(MatrixMath.Multiply(gh, weightHH.Value));
                TensorPrimitives.Add(fromGates, dHidden, dHidden);
                hidden.AccumulateGrad(Matrix<double>.Build.Dense(batch, size, dHidden), owned: true);
            }
            if (weightIH.RequiresGrad) weightIH.AccumulateGrad(MatrixMath.TransposeAndMultiply(gi, input.Value), owned: true);
            if (weightHH.RequiresGrad) weightHH.AccumulateGrad(MatrixMath.TransposeAndMultiply(gh, hidden.Value), owned: true);
            if (biasIH.RequiresGrad) biasIH.AccumulateGrad(ColumnSums(dGatesInput, batch, 3 * size), owned: true);
            if (biasHH.RequiresGrad) biasHH.AccumulateGrad(ColumnSums(dGatesHidden, batch, 3 * size), owned: true);
        }, input, hidden, weightIH, weightHH, biasIH, biasHH);
    }

    /// <summary>Column sums of a column-major (rows, columns) array, as a (1, columns) matrix.</summary>
    private static Matrix<double> ColumnSums(double[] data, int rows, int columns)
    {
        var sums = new double[columns];
        for (int j = 0; j < columns; j++) sums[j] = Tensor.SumInOrder(data.AsSpan(j * rows, rows));
        return Matrix<double>.Build.Dense(1, columns, sums);
    }
}
