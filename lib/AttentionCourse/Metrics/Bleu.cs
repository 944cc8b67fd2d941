using AttentionCourse.Tensors;

namespace AttentionCourse.Metrics;

/// <summary>
/// Corpus BLEU (Papineni et al., 2002) with one reference per candidate:
/// <c>BLEU = BP * exp(sum_n (1/N) log p_n)</c>, where <c>p_n</c> is the clipped n-gram precision summed over
/// the corpus and <c>BP = min(1, exp(1 - r / c))</c> the brevity penalty for total reference length <c>r</c>
/// and candidate length <c>c</c>. No smoothing: if some <c>p_n</c> is 0, BLEU is 0. Returned in [0, 1].
/// </summary>
public static class Bleu
{
    /// <summary>The result with its parts, so a lesson can show where the score comes from.</summary>
    /// <param name="Score">BLEU in [0, 1].</param>
    /// <param name="Precisions">Clipped precision for n = 1..N.</param>
    /// <param name="BrevityPenalty">BP in (0, 1].</param>
    /// <param name="CandidateLength">Total candidate tokens c.</param>
    /// <param name="ReferenceLength">Total reference tokens r.</param>
    public sealed record Result(double Score, IReadOnlyList<double> Precisions, double BrevityPenalty, int CandidateLength, int ReferenceLength);

    /// <summary>Computes corpus BLEU up to <paramref name="maxOrder"/>-grams (4 in the standard metric).</summary>
    public static Result Corpus(IReadOnlyList<IReadOnlyList<string>> candidates, IReadOnlyList<IReadOnlyList<string>> references, int maxOrder = 4)
    {
        SequenceMetrics.RequireSameCount(candidates.Count, references.Count);
        var matches = new long[maxOrder];
        var totals = new long[maxOrder];
        int candidateLength = 0, referenceLength = 0;
        for (int i = 0; i < candidates.Count; i++)
        {
            candidateLength += candidates[i].Count;
            referenceLength += references[i].Count;
            for (int n = 1; n <= maxOrder; n++)
            {
                var candidateCounts = NGrams(candidates[i], n);
                var referenceCounts = NGrams(references[i], n);
                foreach (var (gram, count) in candidateCounts)
                {
                    matches[n - 1] += Math.Min(count, referenceCounts.GetValueOrDefault(gram));
                    totals[n - 1] += count;
                }
            }
        }
        var precisions = Enumerable.Range(0, maxOrder).Select(n => totals[n] == 0 ? 0 : matches[n] / (double)totals[n]).ToArray();
        double brevity = candidateLength == 0 ? 0 : candidateLength > referenceLength ? 1 : PortableMath.Exp(1 - referenceLength / (double)candidateLength);
        double score = precisions.Any(p => p == 0) ? 0 : brevity * PortableMath.Exp(precisions.Average(PortableMath.Log));
        return new Result(score, precisions, brevity, candidateLength, referenceLength);
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int start = 0; start + n <= tokens.Count; start++)
        {
            var gram = string.Join('\u0001', tokens.Skip(start).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
