// Hidden check, lesson 9 exercise 3: ScaledFirstWeights against the library's scores and softmax on new sizes,
// and it must not allocate a third T x T matrix (the point of scaling the queries first).
var random = new Random(23);
foreach (var (rows, keyRows, size) in new[] { (3, 9, 6), (40, 25, 8) })
{
    var q = Tensor.Randn(rows, size, random);
    var k = Tensor.Randn(keyRows, size, random);
    var expected = q.MatMulTransposed(k).Scale(1 / Math.Sqrt(size)).Softmax().Value;
    ExerciseCheck.Close(3, $"ScaledFirstWeights(queries ({rows}, {size}), keys ({keyRows}, {size}))", expected,
        ScaledFirstWeights(q, k).Value, "softmax((Q / sqrt(d_k)) K^T), rows summing to 1.", tolerance: 1e-12);
}
var longQueries = Tensor.Randn(768, 16, random);
var longKeys = Tensor.Randn(768, 16, random);
double matrices;
using (Tensor.NoGrad())
    matrices = AttentionCourse.Training.StepTimer.Measure(() => ScaledFirstWeights(longQueries, longKeys), 2).AllocatedBytes / (8.0 * 768 * 768);
if (matrices > 2.5)
    ExerciseCheck.Fail(3, $"ScaledFirstWeights at T = 768 allocates {matrices:F1} T x T matrices, expected at most 2 (scaling the queries first).",
        "scale the (T, d_k) queries, not the (T, T) scores.");
