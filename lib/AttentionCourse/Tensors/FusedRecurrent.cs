using System.Buffers;
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
        int block = batch * size;
        // The gate pre-activations are only needed inside this method: pooled buffers, not new arrays every step.
        var pool = ArrayPool<double>.Shared;
        var fromInput = pool.Rent(3 * block);  // x W_ih^T, (B, 3H)
        var fromHidden = pool.Rent(3 * block); // h W_hh^T, (B, 3H)
        MatrixMath.Multiply(false, true, Tensor.Data(input.Value), Tensor.Data(weightIH.Value), fromInput, batch, 3 * size, input.Columns);
        MatrixMath.Multiply(false, true, Tensor.Data(hidden.Value), Tensor.Data(weightHH.Value), fromHidden, batch, 3 * size, size);
        var bi = Tensor.Data(biasIH.Value);
        var bh = Tensor.Data(biasHH.Value);
        var h = Tensor.Data(hidden.Value);

        // Every element of these is written below, so they need not be cleared first.
        var reset = GC.AllocateUninitializedArray<double>(block);
        var update = GC.AllocateUninitializedArray<double>(block);
        var candidate = GC.AllocateUninitializedArray<double>(block);
        var hiddenCandidate = GC.AllocateUninitializedArray<double>(block); // h W_hn^T + b_hn, needed by the backward pass
        var output = GC.AllocateUninitializedArray<double>(block);
        // Column-major (B, 3H): the reset, update and candidate gates are the contiguous blocks [0, HB), [HB, 2HB),
        // [2HB, 3HB), laid out like a (B, H) matrix each, so whole gates are computed with vectorized span operations.
        // Everything here is elementwise, so the hidden units are shared out between two cores in parts.
        SecondCore.InParts((long)block * 12, size, (u0, u1) =>
        {
            for (int gate = 0; gate < 3; gate++)
                for (int j = gate * size + u0; j < gate * size + u1; j++)
                {
                    TensorPrimitives.Add(fromInput.AsSpan(j * batch, batch), bi[j], fromInput.AsSpan(j * batch, batch));
                    TensorPrimitives.Add(fromHidden.AsSpan(j * batch, batch), bh[j], fromHidden.AsSpan(j * batch, batch));
                }
            int first = u0 * batch, count = (u1 - u0) * batch;
            var r = reset.AsSpan(first, count);
            var z = update.AsSpan(first, count);
            var n = candidate.AsSpan(first, count);
            var hn = hiddenCandidate.AsSpan(first, count);
            var o = output.AsSpan(first, count);
            fromHidden.AsSpan(2 * block + first, count).CopyTo(hn);
            TensorPrimitives.Add(fromInput.AsSpan(first, count), fromHidden.AsSpan(first, count), r);
            PortableMath.Sigmoid(r, r);                                                               // r
            TensorPrimitives.Add(fromInput.AsSpan(block + first, count), fromHidden.AsSpan(block + first, count), z);
            PortableMath.Sigmoid(z, z);                                                               // z
            TensorPrimitives.MultiplyAdd(r, hn, fromInput.AsSpan(2 * block + first, count), n);
            PortableMath.Tanh(n, n);                                                                  // n
            TensorPrimitives.Subtract(h.AsSpan(first, count), n, o);
            TensorPrimitives.MultiplyAdd(z, o, n, o);                                                 // n + z (h - n)
        });
        pool.Return(fromInput);
        pool.Return(fromHidden);

        return Tensor.FromOperation(Matrix<double>.Build.Dense(batch, size, output), g =>
        {
            var dOut = Tensor.Data(g);
            var dGatesInput = pool.Rent(3 * block);  // d(x W_ih^T + b_ih), (B, 3H)
            var dGatesHidden = pool.Rent(3 * block); // d(h W_hh^T + b_hh), (B, 3H)
            var dHiddenBuffer = pool.Rent(block);
            var scratchBuffer = pool.Rent(block);
            var dHidden = dHiddenBuffer.AsSpan(0, block);
            var scratch = scratchBuffer.AsSpan(0, block);
            // Elementwise again: the hidden units in parts on two cores.
            SecondCore.InParts((long)block * 20, size, (u0, u1) =>
            {
                int first = u0 * batch, count = (u1 - u0) * batch;
                var dO = dOut.AsSpan(first, count);
                var r = reset.AsSpan(first, count);
                var z = update.AsSpan(first, count);
                var n = candidate.AsSpan(first, count);
                var work = scratchBuffer.AsSpan(first, count);
                var dCandidatePre = dGatesInput.AsSpan(2 * block + first, count);
                var dResetPre = dGatesInput.AsSpan(first, count);
                var dUpdatePre = dGatesInput.AsSpan(block + first, count);
                // dn = g (1 - z); dn_pre = dn (1 - n^2)
                TensorPrimitives.Subtract(1.0, z, work);
                TensorPrimitives.Multiply(dO, work, dCandidatePre);
                TensorPrimitives.Multiply(n, n, work);
                TensorPrimitives.Subtract(1.0, work, work);
                TensorPrimitives.Multiply(dCandidatePre, work, dCandidatePre);
                // dz_pre = g (h - n) z (1 - z)
                TensorPrimitives.Subtract(h.AsSpan(first, count), n, dUpdatePre);
                TensorPrimitives.Multiply(dUpdatePre, dO, dUpdatePre);
                TensorPrimitives.Subtract(1.0, z, work);
                TensorPrimitives.Multiply(work, z, work);
                TensorPrimitives.Multiply(dUpdatePre, work, dUpdatePre);
                // dr_pre = dn_pre (h W_hn^T + b_hn) r (1 - r)
                TensorPrimitives.Multiply(dCandidatePre, hiddenCandidate.AsSpan(first, count), dResetPre);
                TensorPrimitives.Subtract(1.0, r, work);
                TensorPrimitives.Multiply(work, r, work);
                TensorPrimitives.Multiply(dResetPre, work, dResetPre);
                // The state-side gates see the same r and z gradients; its candidate part is scaled by r.
                dResetPre.CopyTo(dGatesHidden.AsSpan(first, count));
                dUpdatePre.CopyTo(dGatesHidden.AsSpan(block + first, count));
                TensorPrimitives.Multiply(dCandidatePre, r, dGatesHidden.AsSpan(2 * block + first, count));
            });

            // dx = dGates_i W_ih; dW_ih = dGates_i^T x; dW_hh = dGates_h^T h (gates (B, 3H) stored with leading dimension B)
            input.AccumulateGradProduct(false, false, dGatesInput, Tensor.Data(weightIH.Value), k: 3 * size);
            if (hidden.RequiresGrad)
            {
                // dh = dGates_h W_hh + g z (the direct path), summed before it is added to h's gradient
                MatrixMath.Multiply(false, false, dGatesHidden, Tensor.Data(weightHH.Value), scratchBuffer, batch, size, 3 * size);
                TensorPrimitives.Multiply(dOut, update, dHidden);
                TensorPrimitives.Add(scratch, dHidden, dHidden);
                hidden.AccumulateGrad(dHidden);
            }
            weightIH.AccumulateGradProduct(true, false, dGatesInput, Tensor.Data(input.Value), k: batch);
            weightHH.AccumulateGradProduct(true, false, dGatesHidden, h, k: batch);
            // The two bias gradients on two cores.
            Matrix<double>? dBiasIH = null, dBiasHH = null;
            SecondCore.InParts((long)block * 6, 2, (first, end) =>
            {
                for (int which = first; which < end; which++)
                {
                    if (which == 0) { if (biasIH.RequiresGrad) dBiasIH = ColumnSums(dGatesInput, batch, 3 * size); }
                    else if (biasHH.RequiresGrad) dBiasHH = ColumnSums(dGatesHidden, batch, 3 * size);
                }
            });
            if (dBiasIH != null) biasIH.AccumulateGrad(dBiasIH, owned: true);
            if (dBiasHH != null) biasHH.AccumulateGrad(dBiasHH, owned: true);
            pool.Return(dGatesInput);
            pool.Return(dGatesHidden);
            pool.Return(dHiddenBuffer);
            pool.Return(scratchBuffer);
        }, input, hidden, weightIH, weightHH, biasIH, biasHH);
    }

    /// <summary>Column sums of a column-major (rows, columns) array, as a (1, columns) matrix.</summary>
    private static Matrix<double> ColumnSums(double[] data, int rows, int columns)
    {
        var sums = new double[columns];
        Tensor.ColumnSumsInOrder(data.AsSpan(0, rows * columns), rows, sums);
        return Matrix<double>.Build.Dense(1, columns, sums);
    }
}
