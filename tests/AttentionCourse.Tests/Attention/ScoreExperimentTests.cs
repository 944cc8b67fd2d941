using AttentionCourse.Attention;
using AttentionCourse.Tensors;

namespace AttentionCourse.Tests.Attention;

public class ScoreExperimentTests
{
    [Fact]
    public void Unscaled_dot_products_saturate_softmax_as_the_size_grows_and_scaling_prevents_it()
    {
        var small = ScoreExperiments.Saturation(new DotProductScore(), 4);
        var large = ScoreExperiments.Saturation(new DotProductScore(), 512);
        var scaled = ScoreExperiments.Saturation(new ScaledDotProductScore(), 512);
        Assert.InRange(large.ScoreStandardDeviation / Math.Sqrt(512), 0.8, 1.2);
        Assert.InRange(scaled.ScoreStandardDeviation, 0.8, 1.2);
        Assert.True(large.MeanMaxWeight > 0.9, $"unscaled max weight {large.MeanMaxWeight}");
        Assert.True(scaled.MeanMaxWeight < 0.5, $"scaled max weight {scaled.MeanMaxWeight}");
        Assert.True(large.MeanGradientNorm < scaled.MeanGradientNorm / 3, $"gradients {large.MeanGradientNorm} vs {scaled.MeanGradientNorm}");
        Assert.True(small.MeanMaxWeight < large.MeanMaxWeight);
    }

    [Fact]
    public void Multiply_adds_follow_each_formula()
    {
        Assert.Equal(10L * 20 * 8, ScoreExperiments.MultiplyAdds(new DotProductScore(), 10, 20, 8));
        Assert.Equal(20L * 8 * 8 + 10L * 20 * 8, ScoreExperiments.MultiplyAdds(new GeneralScore(8, 8, new Random(1)), 10, 20, 8));
        Assert.Equal(30L * 8 * 16 + 10L * 20 * 16, ScoreExperiments.MultiplyAdds(new AdditiveScore(8, 8, 16, new Random(1)), 10, 20, 8));
        var cost = ScoreExperiments.Cost("dot", new DotProductScore(), 4, 6, 8, repetitions: 3);
        Assert.True(cost.MicrosecondsPerCall > 0);
    }

    [Fact]
    public void Compared_weights_are_distributions_for_every_score()
    {
        var random = new Random(2);
        var compared = ScoreExperiments.CompareWeights(
            [("dot", new DotProductScore()), ("additive", new AdditiveScore(3, 3, 5, random))],
            Tensor.Randn(2, 3, random), Tensor.Randn(4, 3, random));
        Assert.Equal(["dot", "additive"], compared.Select(c => c.Name));
        Assert.All(compared, c => Assert.All(c.Weights.RowSums(), s => Assert.Equal(1, s, 12)));
    }
}
