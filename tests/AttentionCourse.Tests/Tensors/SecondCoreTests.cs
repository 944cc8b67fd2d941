using System.Collections.Concurrent;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

/// <summary>The helper that runs half of an operation on a second core, and the operations that use it.</summary>
public class SecondCoreTests
{
    [SkippableFact]
    public void Both_halves_run_once_and_the_second_can_run_on_the_helper_thread()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs two cores; this machine has one.");
        int caller = Environment.CurrentManagedThreadId;
        bool helped = false;
        // Another test may hold the helper for a moment, so try a few times: the first half waits until the second
        // half has started, which only another thread can do while the first half is running.
        for (int attempt = 0; attempt < 50 && !helped; attempt++)
        {
            var ran = new ConcurrentQueue<(int Half, int Thread)>();
            using var secondStarted = new ManualResetEventSlim();
            SecondCore.Run(half =>
            {
                if (half == 1) secondStarted.Set();
                else secondStarted.Wait(TimeSpan.FromMilliseconds(200));
                ran.Enqueue((half, Environment.CurrentManagedThreadId));
            });
            Assert.Equal([0, 1], ran.Select(r => r.Half).Order());
            Assert.Equal(caller, ran.Single(r => r.Half == 0).Thread);
            helped = ran.Single(r => r.Half == 1).Thread != caller;
        }
        Assert.True(helped, "The second half never ran on the helper thread in 50 attempts.");
    }

    [Fact]
    public void A_failing_half_is_rethrown_once_both_halves_have_finished()
    {
        bool otherFinished = false;
        var error = Assert.Throws<InvalidOperationException>(() => SecondCore.Run(half =>
        {
            if (half == 1) throw new InvalidOperationException("second half failed");
            Thread.Sleep(20);
            otherFinished = true;
        }));
        Assert.Equal("second half failed", error.Message);
        Assert.True(otherFinished);

        int secondRuns = 0;
        error = Assert.Throws<InvalidOperationException>(() => SecondCore.Run(half =>
        {
            if (half == 0) throw new InvalidOperationException("first half failed");
            Interlocked.Increment(ref secondRuns);
        }));
        Assert.Equal("first half failed", error.Message);
        Assert.Equal(1, secondRuns);
    }

    [Fact]
    public void A_half_that_splits_again_runs_its_own_halves_without_waiting_for_the_helper()
    {
        var ran = new ConcurrentQueue<string>();
        SecondCore.Run(outer => SecondCore.Run(inner => ran.Enqueue($"{outer}.{inner}")));
        Assert.Equal(["0.0", "0.1", "1.0", "1.1"], ran.Order());
    }

    [Fact]
    public void InHalves_covers_the_range_once_and_splits_on_the_multiple()
    {
        var small = new ConcurrentQueue<(int, int)>();
        SecondCore.InHalves(SecondCore.SplitWork - 1, 10, (a, b) => small.Enqueue((a, b)));
        Assert.Equal([(0, 10)], small);

        var large = new ConcurrentQueue<(int, int)>();
        SecondCore.InHalves(SecondCore.SplitWork, 10, (a, b) => large.Enqueue((a, b)), multipleOf: 4);
        var ranges = large.Order().ToList();
        if (SecondCore.CanShare) Assert.Equal([(0, 8), (8, 10)], ranges); // half of 10 rounded up to a multiple of 4
        else Assert.Equal([(0, 10)], ranges);
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
            SecondCore.Run(_ => threads.Enqueue(Environment.CurrentManagedThreadId));
            Assert.Equal([Environment.CurrentManagedThreadId, Environment.CurrentManagedThreadId], threads);
        }
        finally
        {
            ManagedMatrixProduct.Threads = before;
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
