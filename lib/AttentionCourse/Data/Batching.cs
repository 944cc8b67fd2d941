namespace AttentionCourse.Data;

/// <summary>
/// A batch of id sequences padded to the same length with <see cref="Vocabulary.PadId"/>, with each
/// sequence's true length (for masks and for ignoring padding in the loss).
/// </summary>
/// <param name="Ids">The padded sequences, <c>batch x maxLength</c>.</param>
/// <param name="Lengths">The true length of each sequence.</param>
public sealed record PaddedBatch(int[][] Ids, int[] Lengths)
{
    /// <summary>Number of sequences.</summary>
    public int Size => Ids.Length;

    /// <summary>The padded length.</summary>
    public int MaxLength => Ids.Length == 0 ? 0 : Ids[0].Length;

    /// <summary>The token of every sequence at time step <paramref name="t"/>: <c>batch</c> ids (what a recurrent step reads).</summary>
    public int[] Step(int t) => Ids.Select(s => s[t]).ToArray();

    /// <summary>Pads <paramref name="sequences"/> to the longest one.</summary>
    public static PaddedBatch Pad(IReadOnlyList<int[]> sequences, int padId = Vocabulary.PadId)
    {
        int max = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        var ids = sequences.Select(s =>
        {
            var padded = Enumerable.Repeat(padId, max).ToArray();
            s.CopyTo(padded, 0);
            return padded;
        }).ToArray();
        return new PaddedBatch(ids, sequences.Select(s => s.Length).ToArray());
    }
}

/// <summary>Deterministic shuffling, splitting and batching.</summary>
public static class Batching
{
    /// <summary>A copy of <paramref name="items"/> shuffled with a Fisher-Yates shuffle driven by <paramref name="random"/>.</summary>
    public static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>
    /// Splits <paramref name="items"/> into a training and a test part after a seeded shuffle: the same
    /// seed always gives the same split.
    /// </summary>
    public static (List<T> Train, List<T> Test) TrainTestSplit<T>(IEnumerable<T> items, double testFraction, int seed)
    {
        if (testFraction < 0 || testFraction > 1)
            throw new ArgumentOutOfRangeException(nameof(testFraction), $"The test fraction must be in [0, 1], got {testFraction}.");
        var shuffled = Shuffled(items, new Random(seed));
        int test = (int)Math.Round(shuffled.Count * testFraction);
        return (shuffled.Skip(test).ToList(), shuffled.Take(test).ToList());
    }

    /// <summary>Consecutive chunks of at most <paramref name="batchSize"/> items.</summary>
    public static IEnumerable<List<T>> Chunk<T>(IReadOnlyList<T> items, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be positive, got {batchSize}.");
        for (int start = 0; start < items.Count; start += batchSize)
            yield return items.Skip(start).Take(batchSize).ToList();
    }
}
