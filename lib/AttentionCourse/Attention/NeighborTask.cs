using AttentionCourse.Data;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Attention;

/// <summary>Loss and accuracy of a <see cref="SelfAttentionTagger"/> with two readouts (previous, next) on <see cref="NeighborTokens"/>.</summary>
public static class NeighborTask
{
    /// <summary>Mean over the batch of the two cross-entropies (previous token, next token), ignoring positions without a neighbor.</summary>
    public static Tensor Loss(SelfAttentionTagger model, IReadOnlyList<NeighborExample> batch)
    {
        var losses = batch.Select(example =>
        {
            var logits = model.Forward(example.Tokens).Logits; // 2 x (T, vocabulary)
            return Losses.CrossEntropy(logits[0], example.Previous, NeighborTokens.NoTarget)
                 + Losses.CrossEntropy(logits[1], example.Next, NeighborTokens.NoTarget);
        });
        return losses.Aggregate((a, b) => a + b).Scale(1.0 / batch.Count);
    }

    /// <summary>The fraction of neighbor predictions (previous and next, where they exist) that are right.</summary>
    public static double Accuracy(SelfAttentionTagger model, IReadOnlyList<NeighborExample> examples)
    {
        int correct = 0, total = 0;
        using (Tensor.NoGrad())
            foreach (var example in examples)
            {
                var logits = model.Forward(example.Tokens).Logits;
                for (int t = 0; t < example.Tokens.Length; t++)
                    foreach (var (readout, target) in new[] { (0, example.Previous[t]), (1, example.Next[t]) })
                    {
                        if (target == NeighborTokens.NoTarget) continue;
                        total++;
                        if (logits[readout].Value.Row(t).MaximumIndex() == target) correct++;
                    }
            }
        return total == 0 ? 0 : correct / (double)total;
    }

    /// <summary>Trains <paramref name="model"/> with Adam on consecutive batches of <paramref name="data"/>.</summary>
    public static TrainingHistory Train(SelfAttentionTagger model, IReadOnlyList<NeighborExample> data, int steps, int batchSize = 16,
        double learningRate = 0.01, Action<TrainingProgress>? onProgress = null)
    {
        var optimizer = new Adam(model.Parameters(), learningRate);
        return Trainer.Run(steps, step =>
        {
            var batch = Enumerable.Range(0, batchSize).Select(b => data[(step * batchSize + b) % data.Count]).ToList();
            return Loss(model, batch);
        }, optimizer, onProgress: onProgress);
    }
}
