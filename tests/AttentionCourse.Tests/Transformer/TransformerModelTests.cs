using AttentionCourse.Data;
using AttentionCourse.Tensors;
using AttentionCourse.Training;
using AttentionCourse.Transformer;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tests.Transformer;

public sealed class TransformerModelTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("transformer-tests").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static TransformerModel Model(bool normFirst = false, bool learned = false, int seed = 1) =>
        new(new TransformerOptions(12, 10, ModelDimension: 8, Heads: 2, FeedForwardDimension: 16, Dropout: 0.1, NormFirst: normFirst, LearnedPositions: learned), new Random(seed));

    private static Matrix<double> Logits(TransformerModel model, int[][] sources, int[][] targets)
    {
        model.Eval();
        using (Tensor.NoGrad())
            return model.Decode(PaddedBatch.Pad(targets), model.Encode(PaddedBatch.Pad(sources))).Value;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Changing_a_later_target_token_never_changes_an_earlier_output(bool normFirst, bool learned)
    {
        var model = Model(normFirst, learned);
        int[] source = [4, 5, 6, 7];
        var before = Logits(model, [source], [[1, 4, 5, 6, 7]]);
        var after = Logits(model, [source], [[1, 4, 5, 9, 3]]);
        Assert.True((before.SubMatrix(0, 3, 0, 10) - after.SubMatrix(0, 3, 0, 10)).InfinityNorm() < 1e-12);
        Assert.True((before.Row(3) - after.Row(3)).InfinityNorm() > 1e-6);
    }

    [Fact]
    public void Padding_never_changes_the_outputs_of_real_positions()
    {
        var model = Model(normFirst: true);
        int[] source = [4, 5, 6];
        int[] target = [1, 7, 8];
        var alone = Logits(model, [source], [target]);
        // In a batch with a longer source and a longer target, both sequences of the first pair get padded.
        var batched = Logits(model, [source, [4, 5, 6, 7, 8, 9]], [target, [1, 7, 8, 9, 4]]);
        Assert.True((alone - batched.SubMatrix(0, 3, 0, 10)).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void Greedy_decoding_of_a_batch_equals_decoding_each_source_alone()
    {
        var model = Model();
        model.Eval();
        int[][] sources = [[4, 5, 6], [7, 8, 9, 10, 11]];
        var together = model.Greedy(PaddedBatch.Pad(sources), maxLength: 6);
        for (int b = 0; b < 2; b++)
        {
            var alone = model.Greedy(PaddedBatch.Pad([sources[b]]), maxLength: 6)[0];
            Assert.Equal(alone.Tokens, together[b].Tokens);
            Assert.Equal(alone.LogProbability, together[b].LogProbability, 10);
            Assert.Equal(sources[b].Length, together[b].Attention!.ColumnCount);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Loss_gradients_match_finite_differences_end_to_end_through_padded_batches(bool normFirst, bool shared)
    {
        var options = new TransformerOptions(7, 7, ModelDimension: 4, Heads: 2, EncoderLayers: 1, DecoderLayers: 1, FeedForwardDimension: 6,
            NormFirst: normFirst, LearnedPositions: shared, ShareEmbeddings: shared);
        var model = new TransformerModel(options, new Random(4));
        model.Eval();
        var source = PaddedBatch.Pad([[4, 5, 6], [5]]);
        var target = PaddedBatch.Pad([[1, 6, 2], [1, 4, 5, 2]]);
        TestData.AssertGradientsMatch(_ => model.Loss(source, target, labelSmoothing: 0.1), [.. model.Parameters()]);
    }

    [Fact]
    public void Saving_and_loading_gives_identical_outputs()
    {
        string path = Path.Combine(folder, "transformer.safetensors");
        var saved = Model(normFirst: true, learned: true, seed: 1);
        Checkpoint.Save(saved, path);
        var loaded = Model(normFirst: true, learned: true, seed: 2);
        Checkpoint.Load(loaded, path);
        int[][] sources = [[4, 5, 6]];
        int[][] targets = [[1, 7, 8]];
        Assert.Equal(Logits(saved, sources, targets), Logits(loaded, sources, targets));

        var copied = Model(normFirst: true, learned: true, seed: 3);
        copied.LoadParameters(saved.StateDictionary());
        Assert.Equal(Logits(saved, sources, targets), Logits(copied, sources, targets));
    }

    [Fact]
    public void Loading_parameters_names_every_missing_unexpected_and_wrongly_shaped_one()
    {
        var model = Model();
        var state = model.StateDictionary();
        state.Remove("decoder.layers.1.norm3.bias");
        state["decoder.layers.9.norm1.weight"] = Matrix<double>.Build.Dense(1, 8);
        state["output.weight"] = Matrix<double>.Build.Dense(11, 8);
        var before = model.Output.Weight.Value.Clone();
        var error = Assert.Throws<ArgumentException>(() => model.LoadParameters(state));
        Assert.Contains("missing 'decoder.layers.1.norm3.bias' (1, 8)", error.Message);
        Assert.Contains("unexpected 'decoder.layers.9.norm1.weight'", error.Message);
        Assert.Contains("'output.weight' has shape (11, 8) in the values but (10, 8) in the model", error.Message);
        Assert.Equal(before, model.Output.Weight.Value);
    }

    [Fact]
    public void Non_strict_loading_skips_missing_and_unexpected_names_but_not_wrong_shapes()
    {
        var model = Model();
        var weight = Matrix<double>.Build.Dense(10, 8, 0.5);
        model.LoadParameters(new Dictionary<string, Matrix<double>> { ["output.weight"] = weight, ["extra"] = weight }, strict: false);
        Assert.Equal(weight, model.Output.Weight.Value);
        var error = Assert.Throws<ArgumentException>(() => model.LoadParameters(new Dictionary<string, Matrix<double>> { ["output.bias"] = weight }, strict: false));
        Assert.Contains("'output.bias' has shape (10, 8)", error.Message);
    }

    [Fact]
    public void Shared_embeddings_are_one_table_under_one_name()
    {
        var model = new TransformerModel(new TransformerOptions(10, 10, ModelDimension: 8, Heads: 2, ShareEmbeddings: true), new Random(1));
        Assert.Same(model.SourceEmbedding, model.TargetEmbedding);
        var names = model.NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("embedding.token.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("source_embedding", StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => new TransformerModel(new TransformerOptions(10, 11, ShareEmbeddings: true), new Random(1)));
        Assert.Contains("10", error.Message);
        Assert.Contains("11", error.Message);
    }
}
