// Hidden check, lesson 8 exercise 2: MyPreNormLayer against a pre-norm TransformerEncoderLayer of a new size, on a
// random batch of two sequences, one of them padded.
var random = new Random(81);
var layer = new TransformerEncoderLayer(8, 2, 12, new Random(82), normFirst: true);
layer.Eval();
var batch = new SequenceBatch(Tensor.Randn(2 * 5, 8, random), 2, SequenceBatch.PaddingFromLengths([5, 3], 5));
ExerciseCheck.Close(2, "MyPreNormLayer(a hidden pre-norm layer (d_model 8, 2 heads), a batch of 2 x 5 tokens)",
    layer.Forward(batch).States.Value, MyPreNormLayer(layer, batch)?.States.Value,
    "h = x + SelfAttention(Norm1(x)), then h + FeedForward(Norm2(h)): normalize before each sub-layer, "
    + "and add the sub-layer's input (not its normalized input) back.");
