// Hidden check, lesson 5 exercise 1: MySelfAttention against the library's scaled dot-product attention, new sizes.
var random = new Random(31);
foreach (var (tokens, size) in new[] { (5, 6), (3, 12) })
{
    var x = Tensor.Randn(tokens, size, random);
    var (wq, wk, wv) = (Tensor.Randn(size, size, random, 0.5), Tensor.Randn(size, size, random, 0.5), Tensor.Randn(size, size, random, 0.5));
    var expected = AttentionFunctions.ScaledDotProduct(x.MatMul(wq.Transpose()), x.MatMul(wk.Transpose()), x.MatMul(wv.Transpose())).Context.Value;
    ExerciseCheck.Close(1, $"MySelfAttention(X ({tokens}, {size}), hidden weights ({size}, {size}))", expected,
        MySelfAttention(x.Value, wq.Value, wk.Value, wv.Value),
        $"softmax(Q K^T / √{size}) V with Q = X W_q^T; the softmax runs along each row (over the keys).");
}
