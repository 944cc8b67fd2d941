namespace AttentionCourse.Data;

/// <summary>One sequence of the neighbor task with its two targets per position.</summary>
/// <param name="Tokens">The input token ids, each in <c>0 .. vocabulary - 1</c>.</param>
/// <param name="Previous">For each position, the token just before it (<see cref="NeighborTokens.NoTarget"/> at the start).</param>
/// <param name="Next">For each position, the token just after it (<see cref="NeighborTokens.NoTarget"/> at the end).</param>
public sealed record NeighborExample(int[] Tokens, int[] Previous, int[] Next);

/// <summary>
/// A task that self-attention solves by looking sideways: at every position, name the previous token and the
/// next token. One attention head can learn to look one step left, another one step right, which makes the
/// per-head attention maps of lesson 5 easy to read.
/// </summary>
public static class NeighborTokens
{
    /// <summary>The target where there is no neighbor; pass it as the loss's ignore index.</summary>
    public const int NoTarget = -1;

    /// <summary><paramref name="count"/> random sequences of <paramref name="length"/> tokens from <paramref name="vocabulary"/> symbols.</summary>
    public static List<NeighborExample> Generate(int count, int length, int vocabulary, int seed)
    {
        if (length < 2 || vocabulary < 2)
            throw new ArgumentOutOfRangeException(nameof(length), $"The neighbor task needs length >= 2 and vocabulary >= 2, got {length} and {vocabulary}.");
        var random = new Random(seed);
        var examples = new List<NeighborExample>(count);
        for (int i = 0; i < count; i++)
        {
            var tokens = Enumerable.Range(0, length).Select(_ => random.Next(vocabulary)).ToArray();
            var previous = tokens.Select((_, t) => t == 0 ? NoTarget : tokens[t - 1]).ToArray();
            var next = tokens.Select((_, t) => t == length - 1 ? NoTarget : tokens[t + 1]).ToArray();
            examples.Add(new NeighborExample(tokens, previous, next));
        }
        return examples;
    }
}
