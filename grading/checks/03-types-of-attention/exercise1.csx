// Hidden check, lesson 3 exercise 1: MyScaledScores against the library for new shapes (d = 6 and d = 32).
var random = new Random(11);
foreach (var (queries, keys, size) in new[] { (3, 7, 6), (2, 4, 32) })
{
    var q = Tensor.Randn(queries, size, random);
    var k = Tensor.Randn(keys, size, random);
    ExerciseCheck.Close(1, $"MyScaledScores(queries ({queries}, {size}), keys ({keys}, {size}))",
        new ScaledDotProductScore().Scores(q, k).Value, MyScaledScores(q, k)?.Value,
        $"Q K^T scaled by 1 / √d, with d the size of a key (here {size}).");
}
