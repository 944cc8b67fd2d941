using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Attention;

/// <summary>
/// A token sequence with what a <see cref="SelfAttentionTagger"/> should say at each position: one target array per
/// readout, each with one class per position, or <see cref="TaggingTask.NoTarget"/> where that readout has nothing to say.
/// </summary>
/// <param name="Tokens">The input token ids.</param>
/// <param name="Targets">Per readout, the class at each position (same length as <paramref name="Tokens"/>).</param>
public sealed record TaggedSequence(int[] Tokens, IReadOnlyList<int[]> Targets);

/// <summary>Loss, accuracy and training of a <see cref="SelfAttentionTagger"/> on tagged sequences.</summary>
public static class TaggingTask
{
    /// <summary>The target of a position that is not scored; the loss ignores it.</summary>
    public const int NoTarget = -1;

    /// <summary>
    /// Mean over the batch of each sequence's cross-entropies summed over the readouts, ignoring positions whose target
    /// is <see cref="NoTarget"/>.
    /// </summary>
    public static Tensor Loss(SelfAttentionTagger model, IReadOnlyList<TaggedSequence> batch)
    {
        var losses = batch.Select(example =>
        {
            var logits = model.Forward(example.Tokens).Logits; // per readout (T, classes)
            return logits.Select((l, r) => Losses.CrossEntropy(l, example.Targets[r], NoTarget)).Aggregate((a, b) => a + b);
        });
        return losses.Aggregate((a, b) => a + b).Scale(1.0 / batch.Count);
    }

    /// <summary>The fraction of scored targets (over every readout and position) that the model gets right.</summary>
    public static double Accuracy(SelfAttentionTagger model, IReadOnlyList<TaggedSequence> examples)
    {
        int correct = 0, total = 0;
        using (Tensor.NoGrad())
            foreach (var example in examples)
            {
                var logits = model.Forward(example.Tokens).Logits;
                for (int t = 0; t < example.Tokens.Length; t++)
                    for (int readout = 0; readout < logits.Count; readout++)
                    {
                        int target = example.Targets[readout][t];
                        if (target == NoTarget) continue;
                        total++;
                        if (logits[readout].Value.Row(t).MaximumIndex() == target) correct++;
                    }
            }
        return total == 0 ? 0 : correct / (double)total;
    }

    /// <summary>Trains <paramref name="model"/> with Adam on consecutive batches of <paramref name="data"/> (wrapping around).</summary>
    public static TrainingHistory Train(SelfAttentionTagger model, IReadOnlyList<TaggedSequence> data, int steps, int batchSize = 16,
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
