using System.Diagnostics;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Attention;

/// <summary>How peaked softmax gets for scores of random vectors of one size.</summary>
/// <param name="Dimension">d_k, the size of queries and keys.</param>
/// <param name="ScoreStandardDeviation">Spread of the scores (about sqrt(d_k) for unscaled dot products of unit-variance vectors).</param>
/// <param name="MeanMaxWeight">Average of the largest weight per query: 1/keys means flat, 1 means all weight on one key.</param>
/// <param name="MeanGradientNorm">Average size of the gradient that reaches the scores through softmax; it vanishes when softmax saturates.</param>
public sealed record SaturationPoint(int Dimension, double ScoreStandardDeviation, double MeanMaxWeight, double MeanGradientNorm);

/// <summary>The cost of a score function measured on this machine.</summary>
/// <param name="Name">The score's name.</param>
/// <param name="MicrosecondsPerCall">Mean wall-clock time of one call on (queries, d) x (keys, d).</param>
/// <param name="MultiplyAdds">Multiply-adds the score needs, counted from its formula.</param>
public sealed record ScoreCost(string Name, double MicrosecondsPerCall, long MultiplyAdds);

/// <summary>Small experiments that lesson 3 runs to compare score functions.</summary>
public static class ScoreExperiments
{
    /// <summary>
    /// Scores <paramref name="samples"/> random queries (entries standard normal, size <paramref name="dimension"/>)
    /// against <paramref name="keys"/> random keys with <paramref name="score"/>, and reports how peaked the softmax
    /// weights are and how much gradient flows back through them.
    /// </summary>
    public static SaturationPoint Saturation(AttentionScore score, int dimension, int keys = 16, int samples = 64, int seed = 0)
    {
        var random = new Random(seed);
        var queries = Tensor.Randn(samples, dimension, random);
        var keyVectors = Tensor.Randn(keys, dimension, random);
        var scores = Tensor.Variable(score.Scores(queries, keyVectors).Value.Clone()); // (samples, keys)
        var weights = scores.Softmax();                                                // (samples, keys)
        // A random linear read-out of the weights, standing in for whatever the layer above does with them.
        var readout = Tensor.Randn(samples, keys, random);
        weights.Multiply(readout).Sum().Backward();

        var values = scores.Value.Enumerate().ToArray();
        double mean = values.Average();
        double std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        double maxWeight = weights.Value.EnumerateRows().Average(row => row.Maximum());
        double gradient = scores.Grad.EnumerateRows().Average(row => row.L2Norm());
        return new SaturationPoint(dimension, std, maxWeight, gradient);
    }

    /// <summary>
    /// Times <paramref name="score"/> on random queries <c>(queries, dimension)</c> and keys <c>(keys, dimension)</c>
    /// (no gradients), after a warm-up call, and counts its multiply-adds from the formula.
    /// </summary>
    public static ScoreCost Cost(string name, AttentionScore score, int queries, int keys, int dimension, int repetitions = 20, int seed = 0)
    {
        var random = new Random(seed);
        var q = Tensor.Randn(queries, dimension, random);
        var k = Tensor.Randn(keys, dimension, random);
        using (Tensor.NoGrad())
        {
            score.Scores(q, k);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < repetitions; i++) score.Scores(q, k);
            return new ScoreCost(name, clock.Elapsed.TotalMicroseconds / repetitions, MultiplyAdds(score, queries, keys, dimension));
        }
    }

    /// <summary>Multiply-adds of one call, from the score's formula.</summary>
    public static long MultiplyAdds(AttentionScore score, int queries, int keys, int dimension) => score switch
    {
        // q . k for every pair
        DotProductScore or ScaledDotProductScore => (long)queries * keys * dimension,
        // K W^T once, then q . (W k) for every pair
        GeneralScore general => (long)keys * dimension * general.W.OutFeatures + (long)queries * keys * general.W.OutFeatures,
        // W_q q and W_k k once, then v . tanh(...) over the hidden units for every pair
        AdditiveScore additive => ((long)queries + keys) * dimension * additive.V.Columns + (long)queries * keys * additive.V.Columns,
        _ => throw new ArgumentException($"No multiply-add count for {score.GetType().Name}.", nameof(score)),
    };

    /// <summary>The weights of every score function on the same queries and keys, for side-by-side heatmaps.</summary>
    public static IReadOnlyList<(string Name, Matrix<double> Weights)> CompareWeights(IReadOnlyList<(string Name, AttentionScore Score)> scores, Tensor queries, Tensor keys)
    {
        using (Tensor.NoGrad())
            return scores.Select(s => (s.Name, s.Score.Scores(queries, keys).Softmax().Value)).ToList();
    }
}
