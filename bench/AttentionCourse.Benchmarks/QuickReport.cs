using System.Diagnostics;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Benchmarks;

/// <summary>A fast first look (no statistics): GFLOP/s of square products per backend and size, to place the native threshold.</summary>
internal static class QuickReport
{
    public static void Run()
    {
        Console.WriteLine($"CPU: {Cpu.Name}; OpenBLAS: {(OpenBlas.IsAvailable ? $"{OpenBlas.LibraryName}, kernel {OpenBlas.CoreName}" : "not found")}");
        Console.WriteLine($"{"n",5} {"mathnet",9} {"managed",9} {"1 thread",9} {"openblas",9} {"openblas f32",13}   GFLOP/s (double unless marked)");
        foreach (int n in new[] { 8, 16, 32, 64, 128, 256, 512, 1024 })
        {
            var random = new Random(n);
            var a = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextDouble());
            var b = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextDouble());
            string mathNet = n <= 256 ? Gflops(n, () => MatrixMath.Multiply(a, b, MatrixBackend.MathNet)).ToString("F1") : "-";
            double managed = Gflops(n, () => MatrixMath.Multiply(a, b, MatrixBackend.Managed));
            int threads = ManagedMatrixProduct.Threads;
            ManagedMatrixProduct.Threads = 1;
            double oneThread = Gflops(n, () => MatrixMath.Multiply(a, b, MatrixBackend.Managed));
            ManagedMatrixProduct.Threads = threads;
            string native = "-", single = "-";
            if (OpenBlas.IsAvailable)
            {
                native = Gflops(n, () => MatrixMath.Multiply(a, b, MatrixBackend.OpenBlas)).ToString("F1");
                float[] af = new float[n * n], bf = new float[n * n], cf = new float[n * n];
                Array.Fill(af, 0.5f);
                Array.Fill(bf, 0.25f);
                single = Gflops(n, () => OpenBlas.Sgemm(n, n, n, af, bf, cf)).ToString("F1");
            }
            Console.WriteLine($"{n,5} {mathNet,9} {managed,9:F1} {oneThread,9:F1} {native,9} {single,13}");
        }
    }

    /// <summary>Milliseconds per GRU step (batch 64, input 64, state 128), forward only and forward + backward.</summary>
    public static void GruStep()
    {
        var random = new Random(1);
        var cell = new AttentionCourse.Nn.GRUCell(64, 128, random);
        var input = Tensor.Randn(64, 64, random);
        var hidden = Tensor.Randn(64, 128, random);
        double forward = Milliseconds(() => { using (Tensor.NoGrad()) cell.Forward(input, hidden); });
        double both = Milliseconds(() => { cell.ZeroGrad(); cell.Forward(input, hidden).Sum().Backward(); });
        Console.WriteLine($"GRU step: forward {forward:F3} ms, forward + backward {both:F3} ms (OpenBLAS {(OpenBlas.IsAvailable ? "on" : "off")})");
    }

    private static double Milliseconds(Action action)
    {
        for (int i = 0; i < 20; i++) action();
        var clock = Stopwatch.StartNew();
        int repetitions = 0;
        while (clock.ElapsedMilliseconds < 2000) { action(); repetitions++; }
        return clock.Elapsed.TotalMilliseconds / repetitions;
    }

    private static double Gflops(int n, Action product)
    {
        for (int i = 0; i < 5; i++) product();
        long repetitions = Math.Max(5, 200_000_000L / ((long)n * n * n));
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < repetitions; i++) product();
        return 2.0 * n * n * n * repetitions / clock.Elapsed.TotalSeconds / 1e9;
    }
}
