using System.Buffers;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

/// <summary>
/// Attention for a batch of sequences at once, as a decoder needs it: each of the B rows of the queries attends
/// only to its own sequence's T states. The states of all sequences are stored <b>time-major</b> in one matrix of
/// shape <c>(T B, d)</c>: row <c>t B + b</c> is sequence b at time t (what stacking the encoder's per-step
/// <c>(B, d)</c> outputs with <see cref="ConcatRows"/> gives).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Dot-product scores of each query against its own sequence's keys: queries <c>(B, d)</c>, keys <c>(T B, d)</c>
    /// time-major -> scores <c>(B, T)</c> with <c>scores[b, t] = q_b · k_(t B + b)</c>.
    /// </summary>
    public static Tensor BatchedDotScores(Tensor queries, Tensor keys)
    {
        var (batch, time) = TimeMajorShape("BatchedDotScores", queries, keys);
        int d = queries.Columns;
        var q = Data(queries.Value);
        var k = Data(keys.Value);
        int rows = keys.Rows;
        // scores[b, t] = sum_j q[b, j] k[tB + b, j]; column-major, so run over j outside and (t, b) inside, where
        // both scores (column t) and keys (column j, rows tB .. tB + B - 1) are contiguous.
        var scores = new double[batch * time];
        SecondCore.InParts(rows * d, time, (t0, t1) =>
        {
            for (int j = 0; j < d; j++)
            {
                var qj = q.AsSpan(j * batch, batch);
                for (int t = t0; t < t1; t++)
                    TensorPrimitives.MultiplyAdd(qj, k.AsSpan(j * rows + t * batch, batch), scores.AsSpan(t * batch, batch), scores.AsSpan(t * batch, batch));
            }
        });
        return FromOperation(Build.Dense(batch, time, scores), g =>
        {
            var gradient = Data(g);
            var dq = new double[q.Length];
            var dk = new double[k.Length];
            SecondCore.InParts(rows * d, d, (j0, j1) =>
            {
                for (int j = j0; j < j1; j++)
                {
                    var qj = q.AsSpan(j * batch, batch);
                    var dqj = dq.AsSpan(j * batch, batch);
                    for (int t = 0; t < time; t++)
                    {
                        var gt = gradient.AsSpan(t * batch, batch);
                        TensorPrimitives.MultiplyAdd(gt, k.AsSpan(j * rows + t * batch, batch), dqj, dqj); // dq_b += g[b,t] k_tb
                        TensorPrimitives.Multiply(gt, qj, dk.AsSpan(j * rows + t * batch, batch));        // dk_tb = g[b,t] q_b
                    }
                }
            });
            if (queries.RequiresGrad) queries.AccumulateGrad(Build.Dense(batch, d, dq), owned: true);
            if (keys.RequiresGrad) keys.AccumulateGrad(Build.Dense(rows, d, dk), owned: true);
        }, queries, keys);
    }

    /// <summary>
    /// Additive (Bahdanau) scores of each query against its own sequence's keys, from projections computed once:
    /// <c>scores[b, t] = v · tanh(projectedQueries_b + projectedKeys_(t B + b))</c>. Shapes: projected queries
    /// <c>(B, h)</c>, projected keys <c>(T B, h)</c> time-major, <c>v</c> <c>(1, h)</c> -> <c>(B, T)</c>.
    /// </summary>
    public static Tensor BatchedAdditiveScores(Tensor projectedQueries, Tensor projectedKeys, Tensor v)
    {
        var (batch, time) = TimeMajorShape("BatchedAdditiveScores", projectedQueries, projectedKeys);
        int h = projectedQueries.Columns, rows = projectedKeys.Rows;
        if (v.Rows != 1 || v.Columns != h)
            throw new ArgumentException($"BatchedAdditiveScores: v must be (1, {h}) to match the projections, but it is {v.Shape}.", nameof(v));
        var pq = Data(projectedQueries.Value);
        var pk = Data(projectedKeys.Value);
        var vv = Data(v.Value);
        // a[tB + b, j] = tanh(pq[b, j] + pk[tB + b, j]); scores[b, t] = sum_j v_j a[tB + b, j]. The activations are
        // not kept: backward recomputes them one column at a time (the same bits), because keeping them for every
        // decoder step would hold T B h numbers per step, most of a long sequence's graph.
        var scores = new double[batch * time];
        SecondCore.InParts(rows * h, time, (t0, t1) =>
        {
            int first = t0 * batch, count = (t1 - t0) * batch;
            var activation = ArrayPool<double>.Shared.Rent(count);
            var a = activation.AsSpan(0, count);
            var part = scores.AsSpan(first, count); // scores viewed as (T B) in time-major order
            for (int j = 0; j < h; j++)
            {
                AdditiveActivation(pq, pk, j, batch, time, t0, t1, a);
                TensorPrimitives.MultiplyAdd(a, vv[j], part, part);
            }
            ArrayPool<double>.Shared.Return(activation);
        });
        return FromOperation(Build.Dense(batch, time, scores), g =>
        {
            var gradient = Data(g); // (B, T) column-major = time-major (T B) vector
            var dq = new double[pq.Length];
            var dv = new double[h];
            bool addToKeys = false;
            var dkStorage = projectedKeys.RequiresGrad ? projectedKeys.GradStorage(out addToKeys) : null;
            // Four columns of activations at a time, so that their four dot products with g overlap; the halves
            // split the columns on a multiple of four, so each half forms the same blocks.
            const int Block = 4;
            SecondCore.InParts(rows * h, h, (j0, j1) =>
            {
                var buffer = ArrayPool<double>.Shared.Rent((Block + 1) * rows);
                var activations = buffer.AsSpan(0, Block * rows);
                var dkj = buffer.AsSpan(Block * rows, rows);
                for (int j = j0; j < j1; j++)
                {
                    int inBlock = j % Block;
                    if (inBlock == 0)
                    {
                        int count = Math.Min(Block, h - j);
                        for (int c = 0; c < count; c++) AdditiveActivation(pq, pk, j + c, batch, time, 0, time, activations.Slice(c * rows, rows));
                        DotsInOrder(gradient, activations, dv.AsSpan(j, count));
                    }
                    var a = activations.Slice(inBlock * rows, rows);
                    // dPre = g v_j (1 - a^2), the gradient of both projections at (tB + b, j)
                    TensorPrimitives.Multiply(a, a, dkj);
                    TensorPrimitives.Subtract(1.0, dkj, dkj);
                    TensorPrimitives.Multiply(dkj, gradient, dkj);
                    TensorPrimitives.Multiply(dkj, vv[j], dkj);
                    if (dkStorage != null) AddOrWrite(dkj, dkStorage.AsSpan(j * rows, rows), addToKeys);
                    var dqj = dq.AsSpan(j * batch, batch);
                    for (int t = 0; t < time; t++) TensorPrimitives.Add(dqj, dkj.Slice(t * batch, batch), dqj);
                }
                ArrayPool<double>.Shared.Return(buffer);
            }, multipleOf: Block);
            if (projectedQueries.RequiresGrad) projectedQueries.AccumulateGrad(Build.Dense(batch, h, dq), owned: true);
            if (v.RequiresGrad) v.AccumulateGrad(Build.Dense(1, h, dv), owned: true);
        }, projectedQueries, projectedKeys, v);
    }

    /// <summary>
    /// Times <c>[t0, t1)</c> of column j of the additive score's activations, <c>a[tB + b] = tanh(pq[b, j] +
    /// pk[tB + b, j])</c>, into <paramref name="a"/> ((t1 - t0) B).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void AdditiveActivation(double[] pq, double[] pk, int j, int batch, int time, int t0, int t1, Span<double> a)
    {
        int rows = batch * time;
        var pqj = pq.AsSpan(j * batch, batch);
        for (int t = t0; t < t1; t++)
            TensorPrimitives.Add(pqj, pk.AsSpan(j * rows + t * batch, batch), a.Slice((t - t0) * batch, batch));
        PortableMath.Tanh(a, a);
    }

    /// <summary>
    /// Context vectors: each sequence's values averaged with its own weights. Weights <c>(B, T)</c>, values
    /// <c>(T B, d)</c> time-major -> <c>(B, d)</c> with <c>context_b = sum_t weights[b, t] v_(t B + b)</c>.
    /// </summary>
    public static Tensor BatchedWeightedSum(Tensor weights, Tensor values)
    {
        int batch = weights.Rows, time = weights.Columns, rows = values.Rows, d = values.Columns;
        if (rows != batch * time)
            throw new ArgumentException($"BatchedWeightedSum: weights {weights.Shape} mean {batch} sequences of {time} steps, so values need {batch * time} rows (time-major), but they are {values.Shape}.", nameof(values));
        var w = Data(weights.Value);
        var v = Data(values.Value);
        var context = new double[batch * d];
        SecondCore.InParts(rows * d, d, (j0, j1) =>
        {
            for (int j = j0; j < j1; j++)
            {
                var cj = context.AsSpan(j * batch, batch);
                for (int t = 0; t < time; t++)
                    TensorPrimitives.MultiplyAdd(w.AsSpan(t * batch, batch), v.AsSpan(j * rows + t * batch, batch), cj, cj);
            }
        });
        return FromOperation(Build.Dense(batch, d, context), g =>
        {
            var gradient = Data(g);
            var dw = new double[w.Length];
            // dv goes straight into the values' gradient (the encoder states get one such term per decoder step).
            bool addToValues = false;
            var dv = values.RequiresGrad ? values.GradStorage(out addToValues) : null;
            // Parts of the time steps: dw[b, t] still sums over j in order, and dv_tb depends on step t alone.
            SecondCore.InParts(rows * d, time, (t0, t1) =>
            {
                for (int t = t0; t < t1; t++)
                {
                    var dwt = dw.AsSpan(t * batch, batch);
                    var wt = w.AsSpan(t * batch, batch);
                    for (int j = 0; j < d; j++)
                    {
                        var gj = gradient.AsSpan(j * batch, batch);
                        TensorPrimitives.MultiplyAdd(gj, v.AsSpan(j * rows + t * batch, batch), dwt, dwt);   // dw[b,t] += g_b . v_tb
                        if (dv == null) continue;
                        var dvtj = dv.AsSpan(j * rows + t * batch, batch);                                   // dv_tb (+)= w[b,t] g_b
                        if (addToValues) TensorPrimitives.MultiplyAdd(wt, gj, dvtj, dvtj);
                        else TensorPrimitives.Multiply(wt, gj, dvtj);
                    }
                }
            });
            if (weights.RequiresGrad) weights.AccumulateGrad(Build.Dense(batch, time, dw), owned: true);
        }, weights, values);
    }

    private static (int Batch, int Time) TimeMajorShape(string operation, Tensor queries, Tensor keys)
    {
        int batch = queries.Rows;
        if (queries.Columns != keys.Columns || batch == 0 || keys.Rows % batch != 0)
            throw new ArgumentException($"{operation}: queries {queries.Shape} and time-major keys {keys.Shape} do not fit: keys need (T x {batch}, {queries.Columns}).");
        return (batch, keys.Rows / batch);
    }
}
