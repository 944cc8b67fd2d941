using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Row-wise softmax: each row of a <c>(queries, keys)</c> score matrix becomes weights that sum to 1.
    /// Entries where <paramref name="blocked"/> is <c>true</c> are treated as <c>-infinity</c> (weight 0);
    /// a row whose entries are all blocked gets all-zero weights, never NaN.
    /// </summary>
    /// <param name="blocked">Optional mask, same shape <c>(rows, columns)</c>; <c>true</c> = may not attend.</param>
    /// <exception cref="ArgumentException">The mask's shape differs from this tensor's.</exception>
    public Tensor Softmax(bool[,]? blocked = null)
    {
        if (blocked != null && (blocked.GetLength(0) != Rows || blocked.GetLength(1) != Columns))
            throw new ArgumentException($"Softmax: the scores have shape {Shape} but the mask has shape ({blocked.GetLength(0)}, {blocked.GetLength(1)}); they must match.");

        int n = Rows, m = Columns;
        var x = Data(Value);
        var y = new double[x.Length];
        for (int i = 0; i < n; i++)
        {
            // Subtract the row maximum so that exp never overflows.
            double max = double.NegativeInfinity;
            for (int j = 0; j < m; j++)
                if (blocked == null || !blocked[i, j]) max = Math.Max(max, x[j * n + i]);
            if (double.IsNegativeInfinity(max)) continue; // every key blocked: weights stay 0
            double sum = 0;
            for (int j = 0; j < m; j++)
            {
                if (blocked != null && blocked[i, j]) continue;
                double e = PortableMath.Exp(x[j * n + i] - max);
                y[j * n + i] = e;
                sum += e;
            }
            for (int j = 0; j < m; j++) y[j * n + i] /= sum;
        }

        var a = this;
        var output = Build.Dense(n, m, y);
        return FromOperation(output, g =>
        {
            // dx_ij = y_ij (g_ij - sum_k g_ik y_ik); blocked entries have y = 0 and get no gradient.
            var gradient = Data(g);
            var dx = new double[y.Length];
            for (int i = 0; i < n; i++)
            {
                double dot = 0;
                for (int j = 0; j < m; j++) dot += gradient[j * n + i] * y[j * n + i];
                for (int j = 0; j < m; j++) dx[j * n + i] = y[j * n + i] * (gradient[j * n + i] - dot);
            }
            a.AccumulateGrad(Build.Dense(n, m, dx), owned: true);
        }, a);
    }

    /// <summary>
    /// Row-wise log-softmax, <c>x - log(sum(exp(x)))</c> per row, computed stably; same shape.
    /// The building block of cross-entropy.
    /// </summary>
    public Tensor LogSoftmax()
    {
        int n = Rows, m = Columns;
        var x = Data(Value);
        var y = new double[x.Length];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < m; j++) max = Math.Max(max, x[j * n + i]);
            double sum = 0;
            for (int j = 0; j < m; j++) sum += PortableMath.Exp(x[j * n + i] - max);
            double logSum = max + PortableMath.Log(sum);
            for (int j = 0; j < m; j++) y[j * n + i] = x[j * n + i] - logSum;
        }

        var a = this;
        return FromOperation(Build.Dense(n, m, y), g =>
        {
            // dx_ij = g_ij - softmax_ij * sum_k g_ik
            var gradient = Data(g);
            var dx = new double[y.Length];
            for (int i = 0; i < n; i++)
            {
                double total = 0;
                for (int j = 0; j < m; j++) total += gradient[j * n + i];
                for (int j = 0; j < m; j++) dx[j * n + i] = gradient[j * n + i] - PortableMath.Exp(y[j * n + i]) * total;
            }
            a.AccumulateGrad(Build.Dense(n, m, dx), owned: true);
        }, a);
    }
}
