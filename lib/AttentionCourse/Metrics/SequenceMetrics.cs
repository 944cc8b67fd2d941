namespace AttentionCourse.Metrics;

/// <summary>Accuracy measures for generated sequences.</summary>
public static class SequenceMetrics
{
    /// <summary>The fraction of predictions equal to their reference, in [0, 1].</summary>
    public static double ExactMatch<T>(IReadOnlyList<IReadOnlyList<T>> predictions, IReadOnlyList<IReadOnlyList<T>> references)
    {
        RequireSameCount(predictions.Count, references.Count);
        if (predictions.Count == 0) return 0;
        return predictions.Zip(references).Count(p => p.First.SequenceEqual(p.Second)) / (double)predictions.Count;
    }

    /// <summary>The fraction of exactly matching strings, in [0, 1].</summary>
    public static double ExactMatch(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        RequireSameCount(predictions.Count, references.Count);
        if (predictions.Count == 0) return 0;
        return predictions.Zip(references).Count(p => p.First == p.Second) / (double)predictions.Count;
    }

    /// <summary>
    /// The fraction of reference positions whose token the prediction got right at the same position,
    /// over all references; a prediction shorter than its reference misses the remaining positions.
    /// </summary>
    public static double TokenAccuracy<T>(IReadOnlyList<IReadOnlyList<T>> predictions, IReadOnlyList<IReadOnlyList<T>> references)
    {
        RequireSameCount(predictions.Count, references.Count);
        long correct = 0, total = 0;
        for (int i = 0; i < references.Count; i++)
        {
            total += references[i].Count;
            for (int t = 0; t < Math.Min(references[i].Count, predictions[i].Count); t++)
                if (EqualityComparer<T>.Default.Equals(predictions[i][t], references[i][t])) correct++;
        }
        return total == 0 ? 0 : correct / (double)total;
    }

    internal static void RequireSameCount(int predictions, int references)
    {
        if (predictions != references)
            throw new ArgumentException($"There are {predictions} predictions but {references} references; they must pair up one to one.");
    }
}
