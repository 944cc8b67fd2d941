// Hidden check, lesson 3 exercise 2: MyAdditiveScore against the library with new sizes (d_q = 5, d_k = 7, hidden 9).
var random = new Random(42);
var additive = new AdditiveScore(5, 7, 9, new Random(43));
var queries = Tensor.Randn(3, 5, random);
var keys = Tensor.Randn(4, 7, random);
var expected = additive.Scores(queries, keys).Value;   // (3, 4)
foreach (var (i, j) in new[] { (0, 0), (2, 3), (1, 2) })
    ExerciseCheck.Close(2, $"MyAdditiveScore(a hidden AdditiveScore(5, 7, 9), query {i}, key {j})", expected[i, j],
        MyAdditiveScore(additive, queries.Value.Row(i), keys.Value.Row(j)),
        "v · tanh(W_q q + W_k k + b): remember the bias b, and apply tanh before the dot product with v.");
