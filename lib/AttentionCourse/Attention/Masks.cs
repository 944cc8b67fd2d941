namespace AttentionCourse.Attention;

/// <summary>
/// Attention masks. A mask marks what is BLOCKED: <c>mask[query, key] = true</c> means that query may not
/// attend to that key (its score becomes -infinity before softmax, its weight 0).
/// </summary>
public static class Masks
{
    /// <summary>
    /// Blocks padding keys: for <paramref name="queries"/> queries over <paramref name="totalKeys"/> keys of
    /// which only the first <paramref name="validKeys"/> are real tokens. Shape <c>(queries, totalKeys)</c>.
    /// </summary>
    public static bool[,] KeyPadding(int queries, int validKeys, int totalKeys)
    {
        if (validKeys < 0 || validKeys > totalKeys)
            throw new ArgumentOutOfRangeException(nameof(validKeys), $"KeyPadding: {validKeys} valid keys out of {totalKeys} is impossible.");
        var mask = new bool[queries, totalKeys];
        for (int q = 0; q < queries; q++)
            for (int k = validKeys; k < totalKeys; k++) mask[q, k] = true;
        return mask;
    }

    /// <summary>
    /// Blocks the keys flagged as padding for every one of <paramref name="queries"/> queries:
    /// <c>keyPadding[k] = true</c> blocks column k. Shape <c>(queries, keyPadding.Length)</c>.
    /// </summary>
    public static bool[,] KeyPadding(int queries, IReadOnlyList<bool> keyPadding)
    {
        var mask = new bool[queries, keyPadding.Count];
        for (int q = 0; q < queries; q++)
            for (int k = 0; k < keyPadding.Count; k++) mask[q, k] = keyPadding[k];
        return mask;
    }

    /// <summary>
    /// Blocks padding keys for a batch in which each row is one sequence's query: row <c>b</c> may attend
    /// only to the first <c>lengths[b]</c> of <paramref name="maxLength"/> keys. Shape <c>(batch, maxLength)</c>.
    /// </summary>
    public static bool[,] KeyPaddingFromLengths(IReadOnlyList<int> lengths, int maxLength)
    {
        var mask = new bool[lengths.Count, maxLength];
        for (int b = 0; b < lengths.Count; b++)
        {
            if (lengths[b] < 0 || lengths[b] > maxLength)
                throw new ArgumentOutOfRangeException(nameof(lengths), $"KeyPaddingFromLengths: sequence {b} has length {lengths[b]}, outside 0..{maxLength}.");
            for (int k = lengths[b]; k < maxLength; k++) mask[b, k] = true;
        }
        return mask;
    }

    /// <summary>
    /// Blocks the future: position <c>i</c> may attend to positions <c>0..i</c> only (a decoder must not see
    /// the tokens it is about to predict). Shape <c>(size, size)</c>, true above the diagonal.
    /// </summary>
    public static bool[,] Causal(int size)
    {
        var mask = new bool[size, size];
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++) mask[i, j] = true;
        return mask;
    }

    /// <summary>Blocks what either mask blocks (logical or); both must have the same shape.</summary>
    public static bool[,] Combine(bool[,] first, bool[,] second)
    {
        int rows = first.GetLength(0), columns = first.GetLength(1);
        if (second.GetLength(0) != rows || second.GetLength(1) != columns)
            throw new ArgumentException($"Masks.Combine: the masks have shapes ({rows}, {columns}) and ({second.GetLength(0)}, {second.GetLength(1)}); they must match.");
        var mask = new bool[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) mask[i, j] = first[i, j] || second[i, j];
        return mask;
    }

    /// <summary>The mask as numbers for plotting: 1 where blocked, 0 where attention is allowed.</summary>
    public static MathNet.Numerics.LinearAlgebra.Matrix<double> ToMatrix(bool[,] blocked) =>
        MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(blocked.GetLength(0), blocked.GetLength(1), (i, j) => blocked[i, j] ? 1.0 : 0.0);
}
