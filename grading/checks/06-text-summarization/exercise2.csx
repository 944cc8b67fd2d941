// Hidden check, lesson 6 exercise 2: TopSentences against the definition (the k largest weights, in document order).
(double[] Weights, int K)[] cases =
[
    ([0.05, 0.3, 0.1, 0.4, 0.15], 3), ([0.9, 0.02, 0.08], 1), ([0.2, 0.1, 0.3, 0.25, 0.15], 2), ([0.6, 0.4], 2),
];
foreach (var (weights, k) in cases)
{
    int[] expected = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).Take(k).Order().ToArray();
    ExerciseCheck.Equal(2, $"TopSentences([{string.Join(", ", weights)}], {k})", string.Join(", ", expected),
        string.Join(", ", TopSentences(weights, k) ?? []),
        "take the k sentences with the largest weights, then return their indexes in document order (ascending).");
}
