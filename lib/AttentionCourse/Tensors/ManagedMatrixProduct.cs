using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AttentionCourse.Tensors;

/// <summary>
/// The library's own matrix product, in managed code and the same to the last bit on every machine.
/// </summary>
/// <remarks>
/// <para>
/// Every entry is one chain of fused multiply-adds in a fixed order,
/// <c>c_ij = fma(a_i,k-1 b_k-1,j, ... fma(a_i1 b_1j, fma(a_i0 b_0j, 0)))</c>, whatever the vector width of the
/// processor (SSE, AVX2, AVX-512, NEON) and however many threads share the work: vectors run across the rows of
/// C, never along the sum, and threads split C into blocks, never the sum. That is what makes training
/// reproducible bit for bit from a seed (docs/determinism.md).
/// </para>
/// <para>
/// The loops are GotoBLAS's: a <c>KC</c>-deep slice of B's columns is packed once, a <c>MC x KC</c> block of A is
/// packed so a micro-kernel streams it, and the micro-kernel keeps a <c>(2 vectors) x 4</c> tile of C in
/// registers. Matrices are column-major, as MathNet stores them.
/// </para>
/// </remarks>
internal static unsafe class ManagedMatrixProduct
{
    private const int KC = 256, MC = 128, NC = 512, NR = 4;
    private static readonly int V = Vector<double>.Count;
    private static readonly int MR = 2 * Vector<double>.Count;

    /// <summary>
    /// From this many multiply-adds (about 320 x 320 x 320) a product may use more than two cores: it is shared out
    /// between up to <see cref="Threads"/> thread-pool threads when that is more than two. Otherwise, and for smaller
    /// products still worth splitting (see <see cref="SplitThreshold"/>), half of C's columns go to
    /// <see cref="SecondCore"/>'s helper, which stays awake between the operations of a training step: a thread-pool
    /// thread has gone to sleep by the next product, and waking it cost more than it saved (docs/performance.md).
    /// </summary>
    internal const long ParallelThreshold = 1L << 25;

    /// <summary>Up to this many multiply-adds a product skips packing (it would cost more than the product).</summary>
    internal const long SmallProduct = 32 * 32 * 32;

    /// <summary>How many threads a large product uses (results do not depend on it).</summary>
    internal static int Threads { get; set; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>How many threads a product of <c>(m, k) x (k, n)</c> uses when called now.</summary>
    internal static int ThreadsFor(int m, int n, int k)
    {
        if ((long)m * n * k < ParallelThreshold) return 1;
        int jobs = SecondCore.RunningJobs;
        return jobs <= 1 ? Threads : Math.Clamp(Environment.ProcessorCount / jobs, 1, Threads);
    }

    /// <summary>
    /// From this many multiply-adds (about 40^3, a few microseconds) up to <see cref="ParallelThreshold"/> a product
    /// shares out C's columns, in parts of at least this many multiply-adds, with <see cref="SecondCore"/>'s helper,
    /// which stays awake between the operations of a training step.
    /// </summary>
    internal const long SplitThreshold = 1L << 16;

    /// <summary>Whether <see cref="Multiply"/> can add a product of depth <paramref name="k"/> into C in place (its sums fit one depth block).</summary>
    internal static bool AddsInPlace(int k) => k <= KC;

    /// <summary>
    /// <c>C = op(A) op(B)</c> into column-major <paramref name="c"/> of shape <c>(m, n)</c>; with
    /// <paramref name="addToC"/> (only when <see cref="AddsInPlace"/>), <c>C = C + op(A) op(B)</c> with each product
    /// entry summed first and then added, the same bits as computing the product apart and adding it. Element
    /// <c>(i, p)</c> of <c>op(A)</c> is <c>a[i * aRowStride + p * aDepthStride]</c>; element <c>(p, j)</c> of
    /// <c>op(B)</c> is <c>b[p * bDepthStride + j * bColumnStride]</c>.
    /// </summary>
    public static void Multiply(double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride, int bColumnStride,
        double[] c, int m, int n, int k, bool addToC = false)
    {
        if (m == 0 || n == 0) return;
        if (addToC && !AddsInPlace(k))
            throw new ArgumentException($"The managed product adds into C only up to depth {KC}; this product has depth {k}.", nameof(k));
        if (k == 0)
        {
            if (addToC) System.Numerics.Tensors.TensorPrimitives.Add(c.AsSpan(0, m * n), 0.0, c.AsSpan(0, m * n));
            else Array.Clear(c, 0, m * n);
            return;
        }
        if ((long)m * n * k <= SmallProduct) { SmallProductInPlace(a, aRowStride, aDepthStride, b, bDepthStride, bColumnStride, c, m, n, k, addToC); return; }
        var operands = new Operands(a, aRowStride, aDepthStride, b, bDepthStride, bColumnStride, c, m, k, addToC);
        int threads = ThreadsFor(m, n, k);
        if (threads <= 2)
        {
            // Two cores at most: the second core's helper, which is awake during training anyway (a thread-pool
            // thread would compete with it for the same core).
            if ((long)m * n * k < SplitThreshold) operands.Compute(0, n);
            else SecondCore.InParts((long)m * n * k * (2 * SecondCore.SplitWork) / SplitThreshold, n, operands.Compute, multipleOf: NR); // two parts from SplitThreshold
            return;
        }

        // Split the columns of C into one contiguous range per thread, on NR boundaries.
        int chunk = (n + threads - 1) / threads;
        chunk = (chunk + NR - 1) / NR * NR;
        int parts = (n + chunk - 1) / chunk;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads },
            part => operands.Compute(part * chunk, Math.Min(n, (part + 1) * chunk)));
    }

    private sealed class Operands(double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride, int bColumnStride,
        double[] c, int m, int k, bool addToC)
    {
        /// <summary>Columns <c>[columnStart, columnEnd)</c> of C.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Compute(int columnStart, int columnEnd)
        {
            // Scratch sized to this product, so that the many small products of a training step rent small arrays.
            var pool = ArrayPool<double>.Shared;
            int depth = Math.Min(KC, k);
            var packedA = pool.Rent(RoundUp(Math.Min(MC, m), MR) * depth);
            var packedB = pool.Rent(RoundUp(Math.Min(NC, columnEnd - columnStart), NR) * depth);
            var tile = pool.Rent(MR * NR);
            try
            {
                fixed (double* pa = a, pb = b, pc = c, packA = packedA, packB = packedB, edge = tile)
                {
                    for (int jc = columnStart; jc < columnEnd; jc += NC)
                    {
                        int nc = Math.Min(NC, columnEnd - jc);
                        for (int pc0 = 0; pc0 < k; pc0 += KC)
                        {
                            int kc = Math.Min(KC, k - pc0);
                            bool accumulate = pc0 > 0;
                            PackB(pb, pc0, kc, jc, nc, packB);
                            for (int ic = 0; ic < m; ic += MC)
                            {
                                int mc = Math.Min(MC, m - ic);
                                PackA(pa, ic, mc, pc0, kc, packA);
                                for (int jr = 0; jr < nc; jr += NR)
                                {
                                    int nr = Math.Min(NR, nc - jr);
                                    for (int ir = 0; ir < mc; ir += MR)
                                    {
                                        int mr = Math.Min(MR, mc - ir);
                                        double* target = pc + (jc + jr) * (long)m + ic + ir;
                                        double* aPanel = packA + ir * kc;
                                        double* bPanel = packB + jr * kc;
                                        if (mr == MR && nr == NR) Kernel(aPanel, bPanel, kc, target, m, accumulate, addToC);
                                        else EdgeKernel(aPanel, bPanel, kc, target, m, mr, nr, accumulate, addToC, edge);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            finally
            {
                pool.Return(packedA);
                pool.Return(packedB);
                pool.Return(tile);
            }
        }

        /// <summary>Rows <c>[ic, ic + mc)</c>, depth <c>[p0, p0 + kc)</c> of op(A) as strips of MR rows: strip s, depth p at <c>s MR kc + p MR</c>; rows past m are 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackA(double* pa, int ic, int mc, int p0, int kc, double* packed)
        {
            for (int strip = 0; strip < mc; strip += MR)
            {
                int rows = Math.Min(MR, mc - strip);
                double* destination = packed + strip * kc;
                double* first = pa + p0 * (long)aDepthStride + (ic + strip) * (long)aRowStride;
                if (rows == MR && aRowStride == 1)
                {
                    // A's columns are contiguous: each depth's MR rows are two vectors.
                    for (int p = 0; p < kc; p++, destination += MR)
                    {
                        double* source = first + p * (long)aDepthStride;
                        Store(Load(source), destination);
                        Store(Load(source + V), destination + V);
                    }
                    continue;
                }
                if (rows == MR && aDepthStride == 1 && Avx.IsSupported && MR % 4 == 0)
                {
                    // A is read transposed, so its rows are contiguous along the depth: 4 x 4 blocks transposed in registers.
                    int p = 0;
                    for (; p + 4 <= kc; p += 4)
                        for (int r = 0; r < MR; r += 4)
                            Transpose4x4(first + r * (long)aRowStride + p, aRowStride, destination + p * MR + r, MR);
                    for (; p < kc; p++)
                        for (int r = 0; r < MR; r++) destination[p * MR + r] = first[r * (long)aRowStride + p];
                    continue;
                }
                for (int p = 0; p < kc; p++)
                {
                    double* source = first + p * (long)aDepthStride;
                    int r = 0;
                    if (aRowStride == 1)
                        for (; r < rows; r++) destination[r] = source[r];
                    else
                        for (; r < rows; r++) destination[r] = source[r * (long)aRowStride];
                    for (; r < MR; r++) destination[r] = 0;
                    destination += MR;
                }
            }
        }

        /// <summary>Depth <c>[p0, p0 + kc)</c>, columns <c>[j0, j0 + nc)</c> of op(B) as panels of NR columns: panel s, depth p at <c>s kc + p NR</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackB(double* pb, int p0, int kc, int j0, int nc, double* packed)
        {
            for (int panel = 0; panel < nc; panel += NR)
            {
                int columns = Math.Min(NR, nc - panel);
                double* destination = packed + panel * kc;
                double* first = pb + p0 * (long)bDepthStride + (j0 + panel) * (long)bColumnStride;
                if (columns == NR && bColumnStride == 1)
                {
                    // B is read transposed: each depth's NR columns are contiguous.
                    for (int p = 0; p < kc; p++, destination += NR)
                        Vector256.Store(Vector256.Load(first + p * (long)bDepthStride), destination);
                    continue;
                }
                if (columns == NR && bDepthStride == 1 && Avx.IsSupported)
                {
                    // B's columns are contiguous along the depth: 4 x 4 blocks transposed in registers.
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) Transpose4x4(first + p, bColumnStride, destination + p * NR, NR);
                    for (; p < kc; p++)
                        for (int j = 0; j < NR; j++) destination[p * NR + j] = first[j * (long)bColumnStride + p];
                    continue;
                }
                for (int p = 0; p < kc; p++)
                {
                    double* source = first + p * (long)bDepthStride;
                    int j = 0;
                    for (; j < columns; j++) destination[j] = source[j * (long)bColumnStride];
                    for (; j < NR; j++) destination[j] = 0;
                    destination += NR;
                }
            }
        }
    }

    /// <summary>
    /// Copies a 4 x 4 block stored as 4 rows of 4 contiguous numbers (<paramref name="sourceStride"/> apart) to 4 rows of
    /// its transpose (<paramref name="destinationStride"/> apart): packing reads a matrix along one direction and writes
    /// the other. A copy, so it changes no bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(double* source, long sourceStride, double* destination, long destinationStride)
    {
        var r0 = Avx.LoadVector256(source);
        var r1 = Avx.LoadVector256(source + sourceStride);
        var r2 = Avx.LoadVector256(source + 2 * sourceStride);
        var r3 = Avx.LoadVector256(source + 3 * sourceStride);
        var t0 = Avx.UnpackLow(r0, r1);  // r0[0] r1[0] r0[2] r1[2]
        var t1 = Avx.UnpackHigh(r0, r1); // r0[1] r1[1] r0[3] r1[3]
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(destination, Avx.Permute2x128(t0, t2, 0x20));                         // element 0 of each row
        Avx.Store(destination + destinationStride, Avx.Permute2x128(t1, t3, 0x20));     // element 1
        Avx.Store(destination + 2 * destinationStride, Avx.Permute2x128(t0, t2, 0x31)); // element 2
        Avx.Store(destination + 3 * destinationStride, Avx.Permute2x128(t1, t3, 0x31)); // element 3
    }

    /// <summary>
    /// A small product without packing: vectors run down the columns of A (copied into column-major order first when
    /// A is read transposed), four columns of C at a time. The same fused multiply-add chain per entry as the
    /// packed path, so the two give the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SmallProductInPlace(double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride, int bColumnStride,
        double[] c, int m, int n, int k, bool addToC)
    {
        double[]? copy = null;
        if (aRowStride != 1)
        {
            copy = ArrayPool<double>.Shared.Rent(m * k);
            for (int p = 0; p < k; p++)
                for (int i = 0; i < m; i++)
                    copy[p * m + i] = a[i * aRowStride + p * aDepthStride];
        }
        try
        {
            fixed (double* pa = copy ?? a, pb = b, pc = c)
            {
                int lda = copy is null ? aDepthStride : m, j = 0;
                for (; j + 4 <= n; j += 4) FourColumns(pa, lda, pb + j * (long)bColumnStride, bDepthStride, bColumnStride, pc + j * (long)m, m, k, addToC);
                for (; j < n; j++) OneColumn(pa, lda, pb + j * (long)bColumnStride, bDepthStride, pc + j * (long)m, m, k, addToC);
            }
        }
        finally
        {
            if (copy != null) ArrayPool<double>.Shared.Return(copy);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourColumns(double* a, int lda, double* b, int bDepthStride, int bColumnStride, double* c, int m, int k, bool addToC)
    {
        int v = Vector<double>.Count, i = 0;
        double* b0 = b, b1 = b + bColumnStride, b2 = b + 2 * bColumnStride, b3 = b + 3 * bColumnStride;
        for (; i + v <= m; i += v)
        {
            Vector<double> r0 = Vector<double>.Zero, r1 = r0, r2 = r0, r3 = r0;
            for (int p = 0; p < k; p++)
            {
                var column = Load(a + i + p * (long)lda);
                long at = p * (long)bDepthStride;
                r0 = Vector.FusedMultiplyAdd(column, new Vector<double>(b0[at]), r0);
                r1 = Vector.FusedMultiplyAdd(column, new Vector<double>(b1[at]), r1);
                r2 = Vector.FusedMultiplyAdd(column, new Vector<double>(b2[at]), r2);
                r3 = Vector.FusedMultiplyAdd(column, new Vector<double>(b3[at]), r3);
            }
            if (addToC)
            {
                r0 = Load(c + i) + r0; r1 = Load(c + m + i) + r1; r2 = Load(c + 2 * m + i) + r2; r3 = Load(c + 3 * m + i) + r3;
            }
            Store(r0, c + i); Store(r1, c + m + i); Store(r2, c + 2 * m + i); Store(r3, c + 3 * m + i);
        }
        for (; i < m; i++)
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int p = 0; p < k; p++)
            {
                double x = a[i + p * (long)lda];
                long at = p * (long)bDepthStride;
                s0 = Math.FusedMultiplyAdd(x, b0[at], s0);
                s1 = Math.FusedMultiplyAdd(x, b1[at], s1);
                s2 = Math.FusedMultiplyAdd(x, b2[at], s2);
                s3 = Math.FusedMultiplyAdd(x, b3[at], s3);
            }
            if (addToC) { s0 = c[i] + s0; s1 = c[m + i] + s1; s2 = c[2 * m + i] + s2; s3 = c[3 * m + i] + s3; }
            c[i] = s0; c[m + i] = s1; c[2 * m + i] = s2; c[3 * m + i] = s3;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneColumn(double* a, int lda, double* b, int bDepthStride, double* c, int m, int k, bool addToC)
    {
        int v = Vector<double>.Count, i = 0;
        for (; i + v <= m; i += v)
        {
            var r = Vector<double>.Zero;
            for (int p = 0; p < k; p++) r = Vector.FusedMultiplyAdd(Load(a + i + p * (long)lda), new Vector<double>(b[p * (long)bDepthStride]), r);
            Store(addToC ? Load(c + i) + r : r, c + i);
        }
        for (; i < m; i++)
        {
            double s = 0;
            for (int p = 0; p < k; p++) s = Math.FusedMultiplyAdd(a[i + p * (long)lda], b[p * (long)bDepthStride], s);
            c[i] = addToC ? c[i] + s : s;
        }
    }

    /// <summary>
    /// A full <c>MR x NR</c> tile of C: each of its entries gets <c>kc</c> more fused multiply-adds, in depth order,
    /// continuing from C's value (<paramref name="accumulate"/>) or from 0; with <paramref name="addResult"/> the
    /// sums (from 0) are then added to C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(double* aPanel, double* bPanel, int kc, double* c, int ldc, bool accumulate, bool addResult)
    {
        int v = Vector<double>.Count;
        double* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        Vector<double> r00, r10, r01, r11, r02, r12, r03, r13;
        if (accumulate)
        {
            r00 = Load(c0); r10 = Load(c0 + v); r01 = Load(c1); r11 = Load(c1 + v);
            r02 = Load(c2); r12 = Load(c2 + v); r03 = Load(c3); r13 = Load(c3 + v);
        }
        else
        {
            r00 = r10 = r01 = r11 = r02 = r12 = r03 = r13 = Vector<double>.Zero;
        }
        for (int p = 0; p < kc; p++)
        {
            var a0 = Load(aPanel);
            var a1 = Load(aPanel + v);
            var b = new Vector<double>(bPanel[0]);
            r00 = Vector.FusedMultiplyAdd(a0, b, r00); r10 = Vector.FusedMultiplyAdd(a1, b, r10);
            b = new Vector<double>(bPanel[1]);
            r01 = Vector.FusedMultiplyAdd(a0, b, r01); r11 = Vector.FusedMultiplyAdd(a1, b, r11);
            b = new Vector<double>(bPanel[2]);
            r02 = Vector.FusedMultiplyAdd(a0, b, r02); r12 = Vector.FusedMultiplyAdd(a1, b, r12);
            b = new Vector<double>(bPanel[3]);
            r03 = Vector.FusedMultiplyAdd(a0, b, r03); r13 = Vector.FusedMultiplyAdd(a1, b, r13);
            aPanel += 2 * v;
            bPanel += NR;
        }
        if (addResult)
        {
            r00 = Load(c0) + r00; r10 = Load(c0 + v) + r10; r01 = Load(c1) + r01; r11 = Load(c1 + v) + r11;
            r02 = Load(c2) + r02; r12 = Load(c2 + v) + r12; r03 = Load(c3) + r03; r13 = Load(c3 + v) + r13;
        }
        Store(r00, c0); Store(r10, c0 + v); Store(r01, c1); Store(r11, c1 + v);
        Store(r02, c2); Store(r12, c2 + v); Store(r03, c3); Store(r13, c3 + v);
    }

    /// <summary>A partial tile at the bottom or right edge of C: computed in a full-size scratch tile, then copied.</summary>
    private static void EdgeKernel(double* aPanel, double* bPanel, int kc, double* c, int ldc, int rows, int columns,
        bool accumulate, bool addResult, double* scratch)
    {
        int mr = MR;
        if (accumulate)
            for (int j = 0; j < NR; j++)
                for (int i = 0; i < mr; i++)
                    scratch[j * mr + i] = i < rows && j < columns ? c[j * ldc + i] : 0;
        Kernel(aPanel, bPanel, kc, scratch, mr, accumulate, addResult: false);
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < rows; i++)
                c[j * ldc + i] = addResult ? c[j * ldc + i] + scratch[j * mr + i] : scratch[j * mr + i];
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Load(double* source) => Unsafe.ReadUnaligned<Vector<double>>(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<double> value, double* destination) => Unsafe.WriteUnaligned(destination, value);
}
