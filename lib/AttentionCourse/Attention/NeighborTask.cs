using AttentionCourse.Data;
using AttentionCourse.Training;

namespace AttentionCourse.Attention;

/// <summary>
/// A <see cref="SelfAttentionTagger"/> with two readouts (previous, next) on <see cref="NeighborTokens"/>: the
/// <see cref="TaggingTask"/> with each position's previous and next token as its two targets.
/// </summary>
public static class NeighborTask
{
    /// <summary>The examples as tagged sequences: readout 0 names the previous token, readout 1 the next.</summary>
    public static List<TaggedSequence> Tagged(IEnumerable<NeighborExample> examples) =>
        examples.Select(e => new TaggedSequence(e.Tokens, [e.Previous, e.Next])).ToList();

    /// <summary>The fraction of neighbor predictions (previous and next, where they exist) that are right.</summary>
    public static double Accuracy(SelfAttentionTagger model, IReadOnlyList<NeighborExample> examples) =>
        TaggingTask.Accuracy(model, Tagged(examples));

    /// <summary>Trains <paramref name="model"/> with Adam on consecutive batches of <paramref name="data"/>.</summary>
    public static TrainingHistory Train(SelfAttentionTagger model, IReadOnlyList<NeighborExample> data, int steps, int batchSize = 16,
        double learningRate = 0.01, Action<TrainingProgress>? onProgress = null) =>
        TaggingTask.Train(model, Tagged(data), steps, batchSize, learningRate, onProgress);

    /// <summary>
    /// The accuracy of the best guess that ignores word order: without positions, a token's output depends only on
    /// the token and on which tokens the sequence holds, so the best it can say of a neighbor is the most frequent
    /// of the sequence's other tokens (each other position is equally likely to be the neighbor). Ties count as a
    /// fair share: a guess among k equally frequent tokens is right with probability 1/k.
    /// </summary>
    public static double OrderBlindBestGuess(IReadOnlyList<NeighborExample> examples)
    {
        double correct = 0;
        int total = 0;
        foreach (var example in examples)
            for (int t = 0; t < example.Tokens.Length; t++)
            {
                var others = example.Tokens.Where((_, i) => i != t).GroupBy(token => token).ToList();
                int most = others.Max(g => g.Count());
                var best = others.Where(g => g.Count() == most).Select(g => g.Key).ToList();
                foreach (var target in new[] { example.Previous[t], example.Next[t] })
                {
                    if (target == NeighborTokens.NoTarget) continue;
                    total++;
                    if (best.Contains(target)) correct += 1.0 / best.Count;
                }
            }
        return total == 0 ? 0 : correct / total;
    }
}
