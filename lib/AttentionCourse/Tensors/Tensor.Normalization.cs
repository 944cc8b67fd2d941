using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Layer normalization of each row: <c>y = (x - mean) / sqrt(var + eps) * gamma + beta</c>, with the
    /// mean and (biased) variance taken over the row's <c>d</c> features. <c>(n, d) -> (n, d)</c>.
    /// </summary>
    /// <param name="gamma">Scale, shape <c>(1, d)</c>.</param>
    /// <param name="beta">Shift, shape <c>(1, d)</c>.</param>
    /// <param name="epsilon">Added to the variance for stability (PyTorch's default 1e-5).</param>
    /// <exception cref="ArgumentException">gamma or beta is not <c>(1, d)</c>.</exception>
    public Tensor LayerNorm(Tensor gamma, Tensor beta, double epsilon = 1e-5)
    {
        int n = Rows, d = Columns;
        if (gamma.Rows != 1 || gamma.Columns != d || beta.Rows != 1 || beta.Columns != d)
            throw new ArgumentException($"LayerNorm: input has shape {Shape}, so gamma and beta must be (1, {d}); got gamma {gamma.Shape} and beta {beta.Shape}.");

        var x = Data(Value);
        var scale = Data(gamma.Value);
        var shift = Data(beta.Value);
        var normalized = new double[x.Length]; // x hat
        var inverseStd = new double[n];
        var y = new double[x.Length];
        for (int i = 0; i < n; i++)
        {
            double mean = 0;
            for (int j = 0; j < d; j++) mean += x[j * n + i];
            mean /= d;
            double variance = 0;
            for (int j = 0; j < d; j++) variance += (x[j * n + i] - mean) * (x[j * n + i] - mean);
            variance /= d;
            inverseStd[i] = 1 / Math.Sqrt(variance + epsilon);
            for (int j = 0; j < d; j++)
            {
                double h = (x[j * n + i] - mean) * inverseStd[i];
                normalized[j * n + i] = h;
                y[j * n + i] = h * scale[j] + shift[j];
            }
        }

        var a = this;
        return FromOperation(Build.Dense(n, d, y), g =>
        {
            var gradient = Data(g);
            var dGamma = new double[d];
            var dBeta = new double[d];
            var dx = new double[x.Length];
            for (int i = 0; i < n; i++)
            {
                // With dh = g * gamma: dx = (dh - mean(dh) - h * mean(dh * h)) / std
                double meanDh = 0, meanDhH = 0;
                for (int j = 0; j < d; j++)
                {
                    int k = j * n + i;
                    double dh = gradient[k] * scale[j];
                    meanDh += dh;
                    meanDhH += dh * normalized[k];
                    dGamma[j] += gradient[k] * normalized[k];
                    dBeta[j] += gradient[k];
                }
                meanDh /= d;
                meanDhH /= d;
                for (int j = 0; j < d; j++)
                {
                    int k = j * n + i;
                    dx[k] = (gradient[k] * scale[j] - meanDh - normalized[k] * meanDhH) * inverseStd[i];
                }
            }
            a.AccumulateGrad(Build.Dense(n, d, dx), owned: true);
            gamma.AccumulateGrad(Build.Dense(1, d, dGamma), owned: true);
            beta.AccumulateGrad(Build.Dense(1, d, dBeta), owned: true);
        }, a, gamma, beta);
    }

    /// <summary>
    /// Inverted dropout: zeroes each element with probability <paramref name="probability"/> and scales
    /// the survivors by <c>1 / (1 - p)</c>, so the expected value is unchanged. Same shape.
    /// Call it only in training; at evaluation time skip it (the <c>Dropout</c> module does).
    /// </summary>
    /// <param name="probability">Drop probability in <c>[0, 1)</c>.</param>
    /// <param name="random">Source of the drop decisions; seed it for reproducible runs.</param>
    public Tensor Dropout(double probability, Random random)
    {
        if (probability < 0 || probability >= 1)
            throw new ArgumentOutOfRangeException(nameof(probability), $"Dropout: the drop probability must be in [0, 1), got {probability}.");
        if (probability == 0) return this;
        double keepScale = 1 / (1 - probability);
        var mask = Build.Dense(Rows, Columns, (_, _) => random.NextDouble() < probability ? 0.0 : keepScale);
        var a = this;
        return FromOperation(a.Value.PointwiseMultiply(mask), g => a.AccumulateGrad(g.PointwiseMultiply(mask)), a);
    }

    /// <summary>
    /// A constant of shape <c>(rows, columns)</c> with entries drawn from a normal distribution with mean 0
    /// and standard deviation <paramref name="standardDeviation"/> (Box-Muller on <paramref name="random"/>,
    /// so a seed gives the same numbers on every machine).
    /// </summary>
    public static Tensor Randn(int rows, int columns, Random random, double standardDeviation = 1.0) =>
        Constant(Build.Dense(rows, columns, (_, _) => standardDeviation * NextGaussian(random)));

    internal static double NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * PortableMath.Log(u1)) * PortableMath.Cos(2.0 * Math.PI * u2);
    }
}
