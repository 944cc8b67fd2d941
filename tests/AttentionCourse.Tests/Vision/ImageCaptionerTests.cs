using AttentionCourse.Tensors;
using AttentionCourse.Vision;

namespace AttentionCourse.Tests.Vision;

public class ImageCaptionerTests
{
    private static readonly List<ShapeScene> Scenes = ShapeScenes.Generate(40, seed: 5);

    [Fact]
    public void Patch_vectors_are_time_major_and_each_image_is_embedded_on_its_own()
    {
        var embedding = new PatchEmbedding(imageSize: 32, patchSize: 8, dimension: 5, new Random(1));
        using var _ = Tensor.NoGrad();
        var both = embedding.Forward([Scenes[0].Pixels, Scenes[1].Pixels]);     // (16 x 2, 5)
        var alone = embedding.Forward([Scenes[1].Pixels]);                     // (16, 5)
        Assert.Equal((32, 5), (both.Rows, both.Columns));
        for (int p = 0; p < 16; p++)
            Assert.True((both.Value.Row(2 * p + 1) - alone.Value.Row(p)).InfinityNorm() < 1e-12, $"patch {p}");
        var error = Assert.Throws<ArgumentException>(() => new PatchEmbedding(32, 5, 4, new Random(1)));
        Assert.Contains("must divide the image size 32", error.Message);
    }

    [Fact]
    public void Captioner_loss_gradients_match_finite_differences()
    {
        var model = ImageCaptioner.Create(Scenes, new Random(2), patchSize: 8, dimension: 3, embeddingSize: 2, hiddenSize: 3);
        var checkedParameters = model.NamedParameters()
            .Where(p => p.Name is "patches.output.bias" or "decoder.v" or "decoder.bridge.bias" || p.Name.StartsWith("patches.position"))
            .Select(p => p.Parameter).ToArray();
        Assert.Equal(4, checkedParameters.Length);
        TestData.AssertGradientsMatch(_ => model.Loss(Scenes.Take(2).ToList()), checkedParameters);
    }

    [Fact]
    public void Greedy_captions_give_one_attention_grid_per_word_summing_to_one()
    {
        var model = ImageCaptioner.Create(Scenes, new Random(3), patchSize: 8);
        var caption = model.Caption(Scenes.Take(2).ToList(), maxLength: 5)[1];
        Assert.Equal(caption.Words.Count, caption.Attention.Count);
        Assert.All(caption.Attention, map =>
        {
            Assert.Equal((4, 4), (map.RowCount, map.ColumnCount));
            Assert.Equal(1, map.Enumerate().Sum(), 9);
        });
    }

    [Fact]
    public void A_small_captioner_learns_colours_and_shapes_and_looks_at_what_it_names()
    {
        var train = ShapeScenes.Generate(2000, seed: 11);
        var test = ShapeScenes.Generate(60, seed: 12);
        var model = ImageCaptioner.Create(train, new Random(1), patchSize: 8);
        var history = model.Fit(train, steps: 150, batchSize: 16, learningRate: 1e-2, seed: 1);
        var result = model.Evaluate(test);
        Assert.True(history.FinalLoss(10) < history.Losses[0] / 4, $"loss {history.Losses[0]:F2} -> {history.FinalLoss(10):F2}");
        Assert.True(result.ColorAndShapeAccuracy > 0.6, $"colour and shape words {result.ColorAndShapeAccuracy:P0} (chance about 30%)");
        Assert.True(result.MassInside > 2 * result.AreaShare, $"mass inside {result.MassInside:P0} vs area {result.AreaShare:P0}");
    }
}
