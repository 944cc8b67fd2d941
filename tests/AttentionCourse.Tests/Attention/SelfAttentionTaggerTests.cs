using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Tensors;

namespace AttentionCourse.Tests.Attention;

public class SelfAttentionTaggerTests
{
    [Fact]
    public void Learns_to_name_the_previous_and_next_token_with_one_head_looking_each_way()
    {
        var model = new SelfAttentionTagger(10, 32, heads: 2, [10, 10], new Random(1));
        var history = NeighborTask.Train(model, NeighborTokens.Generate(4000, 8, 10, seed: 1), steps: 300);
        var test = NeighborTokens.Generate(200, 8, 10, seed: 99);
        double accuracy = NeighborTask.Accuracy(model, test);
        Assert.True(accuracy > 0.9, $"accuracy {accuracy:P1} (chance 10%), final loss {history.FinalLoss():F3}");
        Assert.True(history.FinalLoss() < history.Losses[0] / 5, "the loss should fall by a wide margin");

        // Average weight each head puts one step to the left and one step to the right.
        var heads = model.Forward(test[0].Tokens).Attention.HeadWeights;
        double Left(Tensor w) => Enumerable.Range(1, 7).Average(t => w.Value[t, t - 1]);
        double Right(Tensor w) => Enumerable.Range(0, 7).Average(t => w.Value[t, t + 1]);
        var lefts = heads.Select(Left).ToArray();
        var rights = heads.Select(Right).ToArray();
        Assert.True(lefts.Max() > 0.5 && rights.Max() > 0.5, $"left {string.Join(", ", lefts.Select(v => v.ToString("F2")))} right {string.Join(", ", rights.Select(v => v.ToString("F2")))}");
    }

    [Fact]
    public void Without_positions_the_same_model_cannot_tell_left_from_right()
    {
        var model = new SelfAttentionTagger(10, 32, heads: 2, [10, 10], new Random(1), usePositions: false);
        NeighborTask.Train(model, NeighborTokens.Generate(4000, 8, 10, seed: 1), steps: 150);
        double accuracy = NeighborTask.Accuracy(model, NeighborTokens.Generate(200, 8, 10, seed: 99));
        Assert.True(accuracy < 0.4, $"accuracy without positions {accuracy:P1}");
    }

    [Fact]
    public void Mask_matrix_marks_blocked_entries_with_one()
    {
        var matrix = Masks.ToMatrix(Masks.Causal(3));
        Assert.Equal(new double[,] { { 0, 1, 1 }, { 0, 0, 1 }, { 0, 0, 0 } }, matrix.ToArray());
    }
}
