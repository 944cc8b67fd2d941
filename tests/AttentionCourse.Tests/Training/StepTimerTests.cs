using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Tests.Training;

public class StepTimerTests
{
    [Fact]
    public void Growth_exponent_recovers_the_power_of_a_power_law()
    {
        double[] sizes = [8, 16, 32, 64];
        Assert.Equal(1.0, StepTimer.GrowthExponent(sizes, sizes.Select(s => 3 * s).ToArray()), 10);
        Assert.Equal(2.0, StepTimer.GrowthExponent(sizes, sizes.Select(s => 0.5 * s * s).ToArray()), 10);
        Assert.Equal(0.0, StepTimer.GrowthExponent(sizes, [7, 7, 7, 7]), 10);
    }

    [Fact]
    public void Growth_exponent_rejects_what_it_cannot_fit()
    {
        Assert.Throws<ArgumentException>(() => StepTimer.GrowthExponent([1], [1]));
        Assert.Throws<ArgumentException>(() => StepTimer.GrowthExponent([1, 2], [1, 0]));
        Assert.Throws<ArgumentException>(() => StepTimer.GrowthExponent([3, 3], [1, 2]));
    }

    [Fact]
    public void Measure_runs_a_warm_up_then_each_repetition_and_orders_best_before_median()
    {
        int calls = 0;
        var timing = StepTimer.Measure(() => calls++, repetitions: 4);
        Assert.Equal(5, calls);
        Assert.True(timing.BestMilliseconds <= timing.MedianMilliseconds);
    }

    [Fact]
    public void Measure_counts_the_bytes_a_step_allocates()
    {
        var timing = StepTimer.Measure(() => GC.KeepAlive(new double[100_000]), repetitions: 2);
        Assert.InRange(timing.AllocatedBytes, 800_000, 900_000);
    }

    [Fact]
    public void Training_step_back_propagates_into_the_parameters()
    {
        var weight = Tensor.Variable(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(2, 2, 1.0));
        StepTimer.TrainingStep(() => weight.Sum(), repetitions: 2);
        Assert.Equal(3.0, weight.Grad[0, 0], 12);   // warm-up + 2 repetitions, gradients accumulate
    }
}

public class GraphDepthTests
{
    [Fact]
    public void Graph_depth_counts_the_longest_chain_of_operations()
    {
        var x = Tensor.Variable(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(2, 2, 1.0));
        Assert.Equal(0, x.GraphDepth());
        var chain = x;
        for (int i = 0; i < 5; i++) chain = chain.Scale(2);
        Assert.Equal(5, chain.GraphDepth());
        Assert.Equal(6, (chain + x).GraphDepth());   // the longer branch decides
    }

    [Fact]
    public void A_recurrent_encoder_grows_deeper_with_length_and_a_self_attention_layer_does_not()
    {
        var random = new Random(1);
        var gru = new AttentionCourse.Seq2Seq.RecurrentEncoder(5, 4, 4, false, AttentionCourse.Seq2Seq.RecurrentCellKind.Gru, random);
        var embedding = new AttentionCourse.Transformer.TokenEmbedding(5, 4, random, dropout: 0);
        var layer = new AttentionCourse.Transformer.TransformerEncoderLayer(4, 2, 8, random, dropout: 0);
        AttentionCourse.Data.PaddedBatch Tokens(int time) => AttentionCourse.Data.PaddedBatch.Pad([Enumerable.Range(0, time).Select(t => t % 5).ToArray()]);
        int GruDepth(int time) => gru.Forward(Tokens(time)).States.GraphDepth();
        int AttentionDepth(int time) => layer.Forward(embedding.Forward(Tokens(time))).States.GraphDepth();
        Assert.True(GruDepth(16) > GruDepth(8) + 7, $"GRU depth {GruDepth(8)} at 8 steps, {GruDepth(16)} at 16");
        Assert.Equal(AttentionDepth(8), AttentionDepth(16));
    }
}
