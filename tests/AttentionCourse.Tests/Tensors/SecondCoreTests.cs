using System.Collections.Concurrent;
using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

/// <summary>The helper that runs half of an operation on a second core, and the operations that use it.</summary>
public class SecondCoreTests
{
    [SkippableFact]
    public void Every_part_runs_once_and_the_helper_thread_takes_some()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs two cores; this machine has one.");
        int caller = Environment.CurrentManagedThreadId;
        bool helped = false;
        // Another test may hold the helper for a moment, so try a few times: the part the calling thread takes first
        // (part 0) waits until another part has started, which only the helper can do meanwhile.
        for (int attempt = 0; attempt < 50 && !helped; attempt++)
        {
            var ran = new ConcurrentQueue<(int Part, int Thread)>();
            using var otherStarted = new ManualResetEventSlim();
            SecondCore.For(5, part =>
            {
                if (part != 0) otherStarted.Set();
                else otherStarted.Wait(TimeSpan.FromMilliseconds(200));
                ran.Enqueue((part, Environment.CurrentManagedThreadId));
            });
            Assert.Equal([0, 1, 2, 3, 4], ran.Select(r => r.Part).Order());
            Assert.Equal(caller, ran.Single(r => r.Part == 0).Thread);
            helped = ran.Any(r => r.Thread != caller);
        }
        Assert.True(helped, "The helper thread never took a part in 50 attempts.");
    }

    [Fact]
    public void A_failing_part_is_rethrown_once_the_parts_that_started_have_finished()
    {
        int running = 0, finished = 0;
        var error = Assert.Throws<InvalidOperationException>(() => SecondCore.For(2, part =>
        {
            Interlocked.Increment(ref running);
            if (part == 1) throw new InvalidOperationException("part 1 failed");
            Thread.Sleep(20);
            Interlocked.Increment(ref finished);
        }));
        Assert.Equal("part 1 failed", error.Message);
        Assert.Equal(running - 1, finished); // every part that started and did not throw had finished

        error = Assert.Throws<InvalidOperationException>(() => SecondCore.For(3, part =>
        {
            if (part == 0) throw new InvalidOperationException("part 0 failed");
        }));
        Assert.Equal("part 0 failed", error.Message);
    }

    [Fact]
    public void A_part_that_splits_again_runs_its_own_parts_without_waiting_for_the_helper()
    {
        var ran = new ConcurrentQueue<string>();
        SecondCore.For(2, outer => SecondCore.For(2, inner => ran.Enqueue($"{outer}.{inner}")));
        Assert.Equal(["0.0", "0.1", "1.0", "1.1"], ran.Order());
    }

    [Fact]
    public void InParts_covers_the_range_once_in_parts_that_start_on_the_multiple()
    {
        var small = new ConcurrentQueue<(int, int)>();
        SecondCore.InParts(2 * SecondCore.SplitWork - 1, 10, (a, b) => small.Enqueue((a, b)));
        Assert.Equal([(0, 10)], small); // less than two parts' worth of work

        var two = new ConcurrentQueue<(int, int)>();
        SecondCore.InParts(2 * SecondCore.SplitWork, 10, (a, b) => two.Enqueue((a, b)), multipleOf: 4);
        var many = new ConcurrentQueue<(int, int)>();
        SecondCore.InParts(100 * SecondCore.SplitWork, 30, (a, b) => many.Enqueue((a, b)), multipleOf: 4);
        if (SecondCore.CanShare)
        {
            Assert.Equal([(0, 4), (4, 10)], two.Order());                      // 3 groups of 4 (the last short), 2 parts
            Assert.Equal([(0, 16), (16, 30)], many.Order());  // 8 groups of 4, in MaxParts = 2 parts however much work
        }
        else
        {
            Assert.Equal([(0, 10)], two);
            Assert.Equal([(0, 30)], many);
        }
    }

    [Fact]
    public void With_one_thread_allowed_nothing_is_shared()
    {
        int before = ManagedMatrixProduct.Threads;
        try
        {
            ManagedMatrixProduct.Threads = 1;
            Assert.False(SecondCore.CanShare);
            var threads = new ConcurrentQueue<int>();
            SecondCore.For(3, _ => threads.Enqueue(Environment.CurrentManagedThreadId));
            Assert.Equal(Enumerable.Repeat(Environment.CurrentManagedThreadId, 3), threads);
        }
        finally
        {
            ManagedMatrixProduct.Threads = before;
        }
    }

    [Fact]
    public void A_bidirectional_encoder_gives_the_same_states_with_and_without_NoGrad_whichever_core_runs_a_direction()
    {
        // The two directions may run on two threads, and NoGrad is a setting of the thread that asked for it.
        var encoder = new RecurrentEncoder(vocabulary: 12, embeddingSize: 16, hiddenSize: 48, bidirectional: true,
            RecurrentCellKind.Gru, new Random(4));
        var random = new Random(5);
        var batch = PaddedBatch.Pad(Enumerable.Range(0, 64)
            .Select(_ => Enumerable.Range(0, 20).Select(_ => random.Next(12)).ToArray()).ToList());
        var withGraph = encoder.Forward(batch);
        Assert.True(withGraph.States.RequiresGrad);
        for (int attempt = 0; attempt < 5; attempt++)
            using (Tensor.NoGrad())
            {
                var output = encoder.Forward(batch);
                Assert.False(output.States.RequiresGrad);
                Assert.False(output.FinalState.RequiresGrad);
                Assert.True(output.States.Value.Equals(withGraph.States.Value)); // the same numbers, bit for bit
            }
    }

    /// <summary>Values and gradients of the operations that split their work, at sizes large enough to split.</summary>
    private static List<Matrix<double>> SplitOperations()
    {
        const int batch = 64, time = 9, size = 40;
        var cell = new GRUCell(24, size, new Random(1));
        var x = Random(batch, 24, 2);
        var h = Random(batch, size, 3);
        var keys = Random(time * batch, size, 4);
        var projectedQuery = Random(batch, size, 5);
        var v = Random(1, size, 6);
        var next = cell.Forward(x, h);
        var additive = Tensor.BatchedAdditiveScores(projectedQuery, keys, v);
        var dot = Tensor.BatchedDotScores(next, keys);
        var context = Tensor.BatchedWeightedSum((additive + dot).Softmax(), keys);
        var loss = WeightedSum(context, 7) + WeightedSum(next, 8);
        loss.Backward();
        var results = new List<Matrix<double>> { next.Value, additive.Value, dot.Value, context.Value, loss.Value };
        results.AddRange(new[] { x, h, keys, projectedQuery, v }.Concat(cell.Parameters()).Select(t => t.Grad));
        return results;
    }

    [Fact]
    public void Operations_that_split_their_work_give_the_same_bits_on_one_core_and_on_two()
    {
        int before = ManagedMatrixProduct.Threads;
        List<Matrix<double>> oneCore;
        try
        {
            ManagedMatrixProduct.Threads = 1;
            oneCore = SplitOperations();
        }
        finally
        {
            ManagedMatrixProduct.Threads = before;
        }
        var twoCores = SplitOperations();
        Assert.Equal(oneCore.Count, twoCores.Count);
        for (int m = 0; m < oneCore.Count; m++)
        {
            var expected = oneCore[m].ToColumnMajorArray();
            var actual = twoCores[m].ToColumnMajorArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                    $"result {m}, element {i}: {actual[i]:R} on two cores, {expected[i]:R} on one.");
        }
    }
}
