// Hidden check, lesson 10 exercise 4: LargestWeight on queries and keys the notebook never shows, with and without
// the scale, against the library's softmax.
var random = new Random(101);
foreach (var (count, size) in new[] { (6, 37), (3, 200) })
{
    var query = Tensor.Randn(1, size, random);     // (1, d_k)
    var keys = Tensor.Randn(count, size, random);  // (count, d_k)
    var scores = query.MatMul(keys.Transpose());   // (1, count)
    foreach (var scaled in new[] { false, true })
        ExerciseCheck.Close(4, $"LargestWeight(a hidden (1, {size}) query, hidden ({count}, {size}) keys, scaled: {scaled})",
            (scaled ? scores.Scale(1 / Math.Sqrt(size)) : scores).Softmax().Value.Row(0).Maximum(),
            LargestWeight(query, keys, scaled), "scores = query times keys transposed; divide them by sqrt(d_k) only "
            + "when scaled is true; softmax; the largest weight.", tolerance: 1e-12);
}
