using System.Security.Cryptography;
using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;

// Trains a little of everything the lessons train (GRU encoder and decoder with additive attention, Adam, clipping,
// cross-entropy; multi-head self-attention with sinusoidal positions and layer norm; products large enough to be
// split across threads) and prints one fingerprint of every resulting bit. The reproducibility tests run this
// program with the processor's vector extensions switched off one by one and compare the fingerprints.
var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
void Add(MathNet.Numerics.LinearAlgebra.Matrix<double> matrix)
{
    foreach (double value in matrix.ToColumnMajorArray()) hash.AppendData(BitConverter.GetBytes(value));
}

var dates = DateNormalization.Generate(200, seed: 1);
var task = SequenceTask.Characters(dates);
var model = new Seq2SeqModel(task.Options(DecoderAttention.Additive) with { EmbeddingSize = 16, EncoderHidden = 24, DecoderHidden = 32 }, new Random(2));
var history = task.Train(model, dates, steps: 12, batchSize: 32, learningRate: 1e-2, seed: 3);
foreach (var (_, parameter) in model.NamedParameters()) Add(parameter.Value);
Console.WriteLine($"seq2seq loss after 12 steps: {history.Losses[^1]:R}");

var random = new Random(4);
var attention = new MultiHeadAttention(64, 4, random);
var norm = new LayerNorm(64);
var tokens = Tensor.Variable(Tensor.Randn(40, 64, random).Value);
var positioned = tokens + Tensor.Constant(PositionalEncoding.Sinusoidal(40, 64));
var output = norm.Forward(attention.SelfAttention(positioned, Masks.Causal(40)).Output + positioned);
var wide = Tensor.Variable(Tensor.Randn(64, 160, random).Value);
var large = output.MatMul(wide).Gelu().MatMulTransposed(Tensor.Randn(150, 160, random)).Tanh().Sigmoid().LogSoftmax();
large.Mean().Backward();
Add(large.Value);
Add(tokens.Grad);
Add(wide.Grad);
foreach (var (_, parameter) in attention.NamedParameters()) Add(parameter.Grad);

Console.WriteLine($"vector width: {System.Numerics.Vector<double>.Count} doubles; processors: {Environment.ProcessorCount}");
Console.WriteLine($"fingerprint: {Convert.ToHexString(hash.GetHashAndReset())}");
