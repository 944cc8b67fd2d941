namespace AttentionCourse.Data;

/// <summary>Accuracy of the examples whose key lies at one distance (or bucket of distances) from the end.</summary>
/// <param name="Distance">The bucket's smallest distance, in positions.</param>
/// <param name="Accuracy">Fraction of those examples answered right.</param>
/// <param name="Count">Examples in the bucket.</param>
public sealed record DistanceAccuracy(int Distance, double Accuracy, int Count);

/// <summary>
/// A long-range dependency task: a string of random letters holds one digit, the <b>key</b>, and the answer is that
/// digit. Every string has the same length; only the key's place changes, so accuracy can be read against the
/// <b>distance</b> from the key to the end of the string, where the decoder starts writing (distance 1 = last
/// position). A recurrent encoder must carry the key through every letter after it; attention can look it up.
/// </summary>
public static class KeyRecall
{
    /// <summary>The letters that fill the string around the key.</summary>
    public const string Letters = "abcdefgh";

    /// <summary>
    /// <paramref name="count"/> strings of <paramref name="length"/> characters, the key's distance from the end
    /// uniform in 1 .. <paramref name="length"/>, each paired with its key digit. The same seed gives the same pairs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length below 1 or a negative count.</exception>
    public static List<SequencePair> Generate(int count, int length, int seed)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), $"KeyRecall strings need at least 1 position, got {length}.");
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"KeyRecall needs a count of 0 or more, got {count}.");
        var random = new Random(seed);
        var pairs = new List<SequencePair>(count);
        for (int i = 0; i < count; i++)
        {
            var text = new char[length];
            for (int t = 0; t < length; t++) text[t] = Letters[random.Next(Letters.Length)];
            int distance = random.Next(1, length + 1);
            char key = (char)('0' + random.Next(10));
            text[length - distance] = key;
            pairs.Add(new SequencePair(new string(text), key.ToString()));
        }
        return pairs;
    }

    /// <summary>How many positions before the end the key stands: the string's length minus the key's index.</summary>
    /// <exception cref="ArgumentException">The string holds no digit.</exception>
    public static int Distance(string source)
    {
        int index = source.IndexOfAny("0123456789".ToCharArray());
        if (index < 0) throw new ArgumentException($"KeyRecall.Distance: \"{source}\" holds no key digit.", nameof(source));
        return source.Length - index;
    }

    /// <summary>
    /// Accuracy by key distance, in buckets of <paramref name="bucketSize"/> distances (1 .. size, size + 1 .. 2 size,
    /// ...), each labelled by its smallest distance, in increasing distance.
    /// </summary>
    /// <param name="results">Each example's source string and whether the model answered it right.</param>
    /// <param name="bucketSize">Distances per bucket.</param>
    public static IReadOnlyList<DistanceAccuracy> AccuracyByDistance(IEnumerable<(string Source, bool Correct)> results, int bucketSize = 1)
    {
        if (bucketSize < 1) throw new ArgumentOutOfRangeException(nameof(bucketSize), $"Buckets need at least one distance, got {bucketSize}.");
        return results
            .GroupBy(r => (Distance(r.Source) - 1) / bucketSize * bucketSize + 1)
            .OrderBy(g => g.Key)
            .Select(g => new DistanceAccuracy(g.Key, g.Average(r => r.Correct ? 1.0 : 0.0), g.Count()))
            .ToList();
    }
}
