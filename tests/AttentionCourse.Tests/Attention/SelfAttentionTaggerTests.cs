using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Tests.Attention;

public class SelfAttentionTaggerTests
{
    internal static (SelfAttentionTagger Model, TrainingHistory History) TrainOnNeighbors(int steps, int seed)
    {
        var data = NeighborTokens.Generate(4000, length: 8, vocabulary: 10, seed: seed);
        var model = new SelfAttentionTagger(10, 32, heads: 2, [10, 10], new Random(seed));
        var optimizer = new Adam(model.Parameters(), learningRate: 0.01);
        const int batch = 16;
        var history = Trainer.Run(steps, step =>
        {
            var losses = new List<Tensor>();
            for (int b = 0; b < batch; b++)
            {
                var example = data[(step * batch + b) % data.Count];
                var output = model.Forward(example.Tokens);
                losses.Add(Losses.CrossEntropy(output.Logits[0], example.Previous, NeighborTokens.NoTarget)
                         + Losses.CrossEntropy(output.Logits[1], example.Next, NeighborTokens.NoTarget));
            }
            return losses.Aggregate((a, b) => a + b).Scale(1.0 / batch);
        }, optimizer);
        return (model, history);
    }

    internal static double Accuracy(SelfAttentionTagger model, IReadOnlyList<NeighborExample> examples)
    {
        int correct = 0, total = 0;
        using (Tensor.NoGrad())
            foreach (var example in examples)
            {
                var logits = model.Forward(example.Tokens).Logits;
                for (int t = 0; t < example.Tokens.Length; t++)
                {
                    if (example.Previous[t] != NeighborTokens.NoTarget) { total++; if (logits[0].Value.Row(t).MaximumIndex() == example.Previous[t]) correct++; }
                    if (example.Next[t] != NeighborTokens.NoTarget) { total++; if (logits[1].Value.Row(t).MaximumIndex() == example.Next[t]) correct++; }
                }
            }
        return correct / (double)total;
    }

    [Fact]
    public void Learns_to_name_the_previous_and_next_token_with_one_head_looking_each_way()
    {
        var (model, history) = TrainOnNeighbors(steps: 300, seed: 1);
        var test = NeighborTokens.Generate(200, 8, 10, seed: 99);
        double accuracy = Accuracy(model, test);
        Assert.True(accuracy > 0.9, $"accuracy {accuracy:P1} (chance 10%), final loss {history.FinalLoss():F3}");

        // Average weight each head puts one step to the left and one step to the right.
        var heads = model.Forward(test[0].Tokens).Attention.HeadWeights;
        double Left(Tensor w) => Enumerable.Range(1, 7).Average(t => w.Value[t, t - 1]);
        double Right(Tensor w) => Enumerable.Range(0, 7).Average(t => w.Value[t, t + 1]);
        var lefts = heads.Select(Left).ToArray();
        var rights = heads.Select(Right).ToArray();
        Assert.True(lefts.Max() > 0.5 && rights.Max() > 0.5, $"left {string.Join(", ", lefts.Select(v => v.ToString("F2")))} right {string.Join(", ", rights.Select(v => v.ToString("F2")))}");
    }
}
