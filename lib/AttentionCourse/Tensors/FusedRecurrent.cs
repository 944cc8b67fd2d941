using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

/// <summary>
/// A GRU step as one operation (forward and backward written out), because recurrent training repeats it thousands
/// of times and a dozen separate elementwise operations per step cost more than its two matrix products.
/// The equations are those of <see cref="Nn.GRUCell"/>; its gradient checks cover this code.
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

        // Column-major (B, 3H): gate g, unit j, row b is at (g H + j) B + b.
        var reset = new double[batch * size];
        var update = new double[batch * size];
        var candidate = new double[batch * size];
        var hiddenCandidate = new double[batch * size]; // h W_hn^T + b_hn, needed by the backward pass
        var output = new double[batch * size];
        for (int j = 0; j < size; j++)
            for (int b = 0; b < batch; b++)
            {
                int k = j * batch + b;
                int r = j * batch + b, z = (size + j) * batch + b, n = (2 * size + j) * batch + b;
                reset[k] = Tensor.Sigmoid(fromInput[r] + bi[j] + fromHidden[r] + bh[j]);
                update[k] = Tensor.Sigmoid(fromInput[z] + bi[size + j] + fromHidden[z] + bh[size + j]);
                hiddenCandidate[k] = fromHidden[n] + bh[2 * size + j];
                candidate[k] = Math.Tanh(fromInput[n] + bi[2 * size + j] + reset[k] * hiddenCandidate[k]);
                output[k] = candidate[k] + update[k] * (h[k] - candidate[k]);
            }

        return Tensor.FromOperation(Matrix<double>.Build.Dense(batch, size, output), g =>
        {
            var dOut = Tensor.Data(g);
            var dGatesInput = new double[batch * 3 * size];  // d(x W_ih^T + b_ih), (B, 3H)
            var dGatesHidden = new double[batch * 3 * size]; // d(h W_hh^T + b_hh), (B, 3H)
            var dHidden = new double[batch * size];
            for (int j = 0; j < size; j++)
                for (int b = 0; b < batch; b++)
                {
                    int k = j * batch + b;
                    int r = j * batch + b, z = (size + j) * batch + b, n = (2 * size + j) * batch + b;
                    double dCandidate = dOut[k] * (1 - update[k]);
                    double dUpdate = dOut[k] * (h[k] - candidate[k]);
                    dHidden[k] = dOut[k] * update[k];
                    double dCandidatePre = dCandidate * (1 - candidate[k] * candidate[k]);
                    double dReset = dCandidatePre * hiddenCandidate[k];
                    double dResetPre = dReset * reset[k] * (1 - reset[k]);
                    double dUpdatePre = dUpdate * update[k] * (1 - update[k]);
                    dGatesInput[r] = dResetPre;
                    dGatesInput[z] = dUpdatePre;
                    dGatesInput[n] = dCandidatePre;
                    dGatesHidden[r] = dResetPre;
                    dGatesHidden[z] = dUpdatePre;
                    dGatesHidden[n] = dCandidatePre * reset[k];
                }
            var gi = Matrix<double>.Build.Dense(batch, 3 * size, dGatesInput);
            var gh = Matrix<double>.Build.Dense(batch, 3 * size, dGatesHidden);
            if (input.RequiresGrad) input.AccumulateGrad(MatrixMath.Multiply(gi, weightIH.Value));
            if (hidden.RequiresGrad)
            {
                var fromGates = MatrixMath.Multiply(gh, weightHH.Value);
                var direct = Matrix<double>.Build.Dense(batch, size, dHidden);
                hidden.AccumulateGrad(fromGates + direct);
            }
            if (weightIH.RequiresGrad) weightIH.AccumulateGrad(MatrixMath.TransposeAndMultiply(gi, input.Value));
            if (weightHH.RequiresGrad) weightHH.AccumulateGrad(MatrixMath.TransposeAndMultiply(gh, hidden.Value));
            if (biasIH.RequiresGrad) biasIH.AccumulateGrad(Matrix<double>.Build.DenseOfRowVectors(gi.ColumnSums()));
            if (biasHH.RequiresGrad) biasHH.AccumulateGrad(Matrix<double>.Build.DenseOfRowVectors(gh.ColumnSums()));
        }, input, hidden, weightIH, weightHH, biasIH, biasHH);
    }
}
