namespace AttentionCourse.Data;

/// <summary>
/// Copy and reversal of random digit strings: tasks whose difficulty grows with length, to show the fixed
/// context vector bottleneck (without attention, accuracy falls as the strings get longer).
/// </summary>
public static class DigitSequences
{
    /// <summary><paramref name="count"/> pairs of a random digit string (length uniform in [min, max]) and its reversal.</summary>
    public static List<SequencePair> Reversal(int count, int minLength, int maxLength, int seed) =>
        Generate(count, minLength, maxLength, seed, digits => new string(digits.Reverse().ToArray()));

    /// <summary><paramref name="count"/> pairs of a random digit string (length uniform in [min, max]) and itself.</summary>
    public static List<SequencePair> Copy(int count, int minLength, int maxLength, int seed) =>
        Generate(count, minLength, maxLength, seed, digits => digits);

    private static List<SequencePair> Generate(int count, int minLength, int maxLength, int seed, Func<string, string> target)
    {
        if (minLength < 1 || maxLength < minLength)
            throw new ArgumentOutOfRangeException(nameof(minLength), $"Digit strings need 1 <= minLength <= maxLength, got {minLength} and {maxLength}.");
        var random = new Random(seed);
        var pairs = new List<SequencePair>(count);
        for (int i = 0; i < count; i++)
        {
            int length = random.Next(minLength, maxLength + 1);
            var digits = new string(Enumerable.Range(0, length).Select(_ => (char)('0' + random.Next(10))).ToArray());
            pairs.Add(new SequencePair(digits, target(digits)));
        }
        return pairs;
    }
}
