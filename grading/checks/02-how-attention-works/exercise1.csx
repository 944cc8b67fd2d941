// Hidden check, lesson 2 exercise 1: BreakingLength on buckets in any order, at and below the threshold.
LengthAccuracy Bucket(int length, double accuracy) => new(length, 0, accuracy, 10);
(LengthAccuracy[] Buckets, double Threshold, int Expected)[] cases =
[
    ([Bucket(12, 0.2), Bucket(4, 0.95), Bucket(8, 0.7)], 0.75, 8),
    ([Bucket(5, 0.8), Bucket(10, 0.8)], 0.8, -1),
    ([Bucket(6, 0.5)], 0.9, 6),
    ([Bucket(20, 0.1), Bucket(16, 0.4), Bucket(24, 0.05)], 0.3, 20),
];
foreach (var (buckets, threshold, expected) in cases)
    ExerciseCheck.Equal(1, $"BreakingLength([{string.Join(", ", buckets.Select(b => $"{b.Length}: {b.TokenAccuracy:P0}"))}], {threshold})",
        expected, BreakingLength(buckets, threshold),
        "sort the buckets by length, return the first whose accuracy is strictly below the threshold, else -1.");
