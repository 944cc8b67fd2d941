using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using BenchmarkDotNet.Attributes;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// The operations a recurrent attention model repeats thousands of times per training run: a row-wise softmax over
/// a batch of scores, and one GRU step (forward, and forward plus backward) for a batch.
/// </summary>
[MemoryDiagnoser]
public class LayerBenchmarks
{
    private Tensor scores = null!;
    private GRUCell cell = null!;
    private Tensor input = null!, hidden = null!;

    /// <summary>Batch size (the lesson 4 target trains with batches of 64).</summary>
    [Params(64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        scores = Tensor.Randn(Batch, 30, random);          // (batch, source length): one decoder step's scores
        cell = new GRUCell(64, 128, random);              // decoder of the date task: input 64, state 128
        input = Tensor.Randn(Batch, 64, random);
        hidden = Tensor.Randn(Batch, 128, random);
    }

    [Benchmark(Description = "softmax (64 x 30)")]
    public Tensor Softmax()
    {
        using (Tensor.NoGrad()) return scores.Softmax();
    }

    [Benchmark(Description = "GRU step forward (64 x 64 -> 128)")]
    public Tensor GruStep()
    {
        using (Tensor.NoGrad()) return cell.Forward(input, hidden);
    }

    [Benchmark(Description = "GRU step forward + backward")]
    public double GruStepWithBackward()
    {
        cell.ZeroGrad();
        var output = cell.Forward(input, hidden);
        output.Sum().Backward();
        return cell.WeightHH.Grad[0, 0];
    }
}
