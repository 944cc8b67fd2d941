using AttentionCourse.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// Square matrix products through the library's matmul path (MatrixMath), per backend, side by side in one run:
/// MathNet's managed provider, the library's own product (the default; on all cores and on one), and OpenBLAS
/// through P/Invoke with whatever kernel it picked (run with <c>OPENBLAS_CORETYPE=Haswell</c> or <c>SkylakeX</c> to
/// compare its kernels), in double; OpenBLAS in float for the double-vs-float decision.
/// </summary>
[Config(typeof(GflopsConfig))]
public class MatMulBenchmarks
{
    private Matrix<double> a = null!, b = null!;
    private float[] af = null!, bf = null!, cf = null!;

    [Params(64, 256, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        a = Matrix<double>.Build.Dense(Size, Size, (_, _) => random.NextDouble());
        b = Matrix<double>.Build.Dense(Size, Size, (_, _) => random.NextDouble());
        af = Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        bf = Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        cf = new float[Size * Size];
    }

    [Benchmark(Baseline = true, Description = "MathNet managed, double")]
    public Matrix<double> MathNet() => MatrixMath.Multiply(a, b, MatrixBackend.MathNet);

    [Benchmark(Description = "library's own, double")]
    public Matrix<double> Managed() => MatrixMath.Multiply(a, b, MatrixBackend.Managed);

    [Benchmark(Description = "library's own, one thread, double")]
    public Matrix<double> ManagedOneThread()
    {
        int threads = ManagedMatrixProduct.Threads;
        ManagedMatrixProduct.Threads = 1;
        try { return MatrixMath.Multiply(a, b, MatrixBackend.Managed); }
        finally { ManagedMatrixProduct.Threads = threads; }
    }

    [Benchmark(Description = "OpenBLAS (its detected kernel), double")]
    public Matrix<double> OpenBlasDouble() => MatrixMath.Multiply(a, b, MatrixBackend.OpenBlas);

    [Benchmark(Description = "OpenBLAS, float")]
    public float[] OpenBlasFloat()
    {
        OpenBlas.Sgemm(Size, Size, Size, af, bf, cf);
        return cf;
    }

    [Benchmark(Description = "library default (A B^T), double")]
    public Matrix<double> DefaultTransposed() => MatrixMath.MultiplyTransposed(a, b);
}

/// <summary>Adds a GFLOP/s column (2 n^3 floating-point operations per product).</summary>
public sealed class GflopsConfig : ManualConfig
{
    public GflopsConfig() => AddColumn(new GflopsColumn());

    private sealed class GflopsColumn : IColumn
    {
        public string Id => "GFLOPs";
        public string ColumnName => "GFLOP/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "2 n^3 / mean time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is null || !benchmarkCase.Parameters.Items.Any(p => p.Name == nameof(MatMulBenchmarks.Size))) return "-";
            double n = Convert.ToDouble(benchmarkCase.Parameters[nameof(MatMulBenchmarks.Size)], System.Globalization.CultureInfo.InvariantCulture);
            return (2 * n * n * n / report.ResultStatistics.Mean).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
