using AttentionCourse.Data;
using AttentionCourse.Tensors;
using AttentionCourse.Transformer;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Transformer;

public class LanguageModelTests
{
    private static DecoderOnlyLanguageModel Model(bool normFirst = true) =>
        new(new LanguageModelOptions(9, ModelDimension: 8, Heads: 2, FeedForwardDimension: 16, NormFirst: normFirst, MaxLength: 8), new Random(1));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Changing_a_later_token_never_changes_an_earlier_output(bool normFirst)
    {
        var model = Model(normFirst);
        model.Eval();
        var before = model.Forward(PaddedBatch.Pad([[1, 4, 5, 6, 7]])).Value;
        var after = model.Forward(PaddedBatch.Pad([[1, 4, 5, 8, 3]])).Value;
        Assert.True((before.SubMatrix(0, 3, 0, 9) - after.SubMatrix(0, 3, 0, 9)).InfinityNorm() < 1e-12);
        Assert.True((before.Row(3) - after.Row(3)).InfinityNorm() > 1e-6);
    }

    [Fact]
    public void Loss_gradients_match_finite_differences_end_to_end()
    {
        var model = Model();
        model.Eval();
        var batch = PaddedBatch.Pad([[1, 4, 5, 2], [1, 6, 2]]);
        AssertGradientsMatch(_ => model.Loss(batch, labelSmoothing: 0.1), [.. model.Parameters()]);
    }

    [Fact]
    public void Greedy_generation_is_sampling_limited_to_the_single_best_token()
    {
        var model = Model();
        var greedy = model.Generate([1, 4], maxNewTokens: 12, stopToken: null);
        Assert.Equal(12, greedy.Length);
        Assert.Equal(greedy, model.Generate([1, 4], maxNewTokens: 12, temperature: 1.5, topK: 1, seed: 3, stopToken: null));
    }

    [Fact]
    public void Sampling_with_the_same_seed_repeats_and_with_another_seed_differs()
    {
        var model = Model();
        var first = model.Generate([1], maxNewTokens: 20, temperature: 2, seed: 5, stopToken: null);
        Assert.Equal(first, model.Generate([1], maxNewTokens: 20, temperature: 2, seed: 5, stopToken: null));
        Assert.NotEqual(first, model.Generate([1], maxNewTokens: 20, temperature: 2, seed: 6, stopToken: null));
    }

    [Fact]
    public void A_tiny_language_model_learns_to_count_upwards()
    {
        // Sequences bos, s, s+1, ..., eos over tokens 3..8: after any token the next one is determined.
        var sequences = Enumerable.Range(3, 4).Select(s => new[] { 1 }.Concat(Enumerable.Range(s, 9 - s)).Append(2).ToArray()).ToList();
        var model = Model();
        var history = model.TrainOn(sequences, steps: 150, batchSize: 8, learningRate: 1e-2, seed: 1);
        Assert.True(history.FinalLoss(10) < 0.5 * history.Losses[0], $"loss {history.Losses[0]:F2} -> {history.FinalLoss(10):F2}");
        Assert.Equal([5, 6, 7, 8], model.Generate([1, 4], maxNewTokens: 10));
    }
}
