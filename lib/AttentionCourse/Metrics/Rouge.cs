using System.Text.RegularExpressions;

namespace AttentionCourse.Metrics;

/// <summary>
/// ROUGE (Lin, 2004): how much of a reference summary a candidate summary recovers, as in Google's
/// <c>rouge-score</c> Python package (no stemming): texts are lowercased, every run of characters other than
/// <c>a-z</c> and <c>0-9</c> becomes a space, and the words are the pieces left.
/// <list type="bullet">
/// <item>ROUGE-N: overlap of n-grams, each counted at most as often as it occurs in the other text;
/// precision = overlap / candidate n-grams, recall = overlap / reference n-grams.</item>
/// <item>ROUGE-L: the longest common subsequence (LCS) of the two word sequences; precision = LCS / candidate
/// words, recall = LCS / reference words.</item>
/// </list>
/// F1 = 2 P R / (P + R), and 0 when either text has no n-grams.
/// </summary>
public static partial class Rouge
{
    /// <summary>One ROUGE score with its parts, each in [0, 1].</summary>
    /// <param name="Precision">Share of the candidate found in the reference.</param>
    /// <param name="Recall">Share of the reference found in the candidate.</param>
    /// <param name="F1">Harmonic mean of precision and recall.</param>
    public readonly record struct Score(double Precision, double Recall, double F1)
    {
        internal static Score FromCounts(int overlap, int candidate, int reference)
        {
            if (candidate == 0 || reference == 0) return default;
            double precision = overlap / (double)candidate, recall = overlap / (double)reference;
            return new Score(precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        }
    }

    /// <summary>ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference.</summary>
    /// <param name="Rouge1">Unigram overlap.</param>
    /// <param name="Rouge2">Bigram overlap.</param>
    /// <param name="RougeL">Longest common subsequence.</param>
    public readonly record struct Scores(Score Rouge1, Score Rouge2, Score RougeL);

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonAlphanumeric();

    /// <summary>The words ROUGE compares: lowercase runs of <c>a-z0-9</c> ("Mr. O'Neil, 42!" -> mr | o | neil | 42).</summary>
    public static string[] Tokenize(string text) =>
        NonAlphanumeric().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>ROUGE-N of <paramref name="candidate"/> against <paramref name="reference"/> (texts, tokenized by <see cref="Tokenize"/>).</summary>
    public static Score N(string candidate, string reference, int n) => N(Tokenize(candidate), Tokenize(reference), n);

    /// <summary>ROUGE-N of word sequences.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is below 1.</exception>
    public static Score N(IReadOnlyList<string> candidate, IReadOnlyList<string> reference, int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"ROUGE-N needs n >= 1, got {n}.");
        var candidateCounts = NGrams(candidate, n);
        var referenceCounts = NGrams(reference, n);
        int overlap = candidateCounts.Sum(c => Math.Min(c.Value, referenceCounts.GetValueOrDefault(c.Key)));
        return Score.FromCounts(overlap, candidateCounts.Values.Sum(), referenceCounts.Values.Sum());
    }

    /// <summary>ROUGE-L of <paramref name="candidate"/> against <paramref name="reference"/> (texts).</summary>
    public static Score L(string candidate, string reference) => L(Tokenize(candidate), Tokenize(reference));

    /// <summary>ROUGE-L of word sequences.</summary>
    public static Score L(IReadOnlyList<string> candidate, IReadOnlyList<string> reference) =>
        Score.FromCounts(LongestCommonSubsequence(candidate, reference), candidate.Count, reference.Count);

    /// <summary>ROUGE-1, ROUGE-2 and ROUGE-L of one candidate text against one reference text.</summary>
    public static Scores Compute(string candidate, string reference)
    {
        var c = Tokenize(candidate);
        var r = Tokenize(reference);
        return new Scores(N(c, r, 1), N(c, r, 2), L(c, r));
    }

    /// <summary>The mean of each score's F1 (and precision and recall) over pairs of candidate and reference texts.</summary>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public static Scores Average(IReadOnlyList<string> candidates, IReadOnlyList<string> references)
    {
        SequenceMetrics.RequireSameCount(candidates.Count, references.Count);
        if (candidates.Count == 0) return default;
        var all = candidates.Zip(references, Compute).ToList();
        static Score Mean(IEnumerable<Score> scores)
        {
            var list = scores.ToList();
            return new Score(list.Average(s => s.Precision), list.Average(s => s.Recall), list.Average(s => s.F1));
        }
        return new Scores(Mean(all.Select(s => s.Rouge1)), Mean(all.Select(s => s.Rouge2)), Mean(all.Select(s => s.RougeL)));
    }

    /// <summary>Length of the longest common subsequence, by dynamic programming over prefixes.</summary>
    internal static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // table[i, j] = LCS of a[..i] and b[..j]
        var table = new int[a.Count + 1, b.Count + 1];
        for (int i = 1; i <= a.Count; i++)
            for (int j = 1; j <= b.Count; j++)
                table[i, j] = a[i - 1] == b[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
        return table[a.Count, b.Count];
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int start = 0; start + n <= tokens.Count; start++)
        {
            var gram = string.Join(' ', tokens.Skip(start).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
