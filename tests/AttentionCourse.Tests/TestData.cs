using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tests;

/// <summary>Seeded random tensors for tests, and where the repository is.</summary>
internal static class TestData
{
    /// <summary>A Variable of shape (rows, columns) with entries uniform in [-scale, scale].</summary>
    public static Tensor Random(int rows, int columns, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        return Tensor.Variable(Matrix<double>.Build.Dense(rows, columns, (_, _) => (random.NextDouble() * 2 - 1) * scale));
    }

    /// <summary>A weighted sum with fixed random weights: makes every output entry matter differently in a gradient check.</summary>
    public static Tensor WeightedSum(Tensor x, int seed = 99)
    {
        var random = new Random(seed);
        var weights = Tensor.Constant(Matrix<double>.Build.Dense(x.Rows, x.Columns, (_, _) => random.NextDouble() * 2 - 1));
        return x.Multiply(weights).Sum();
    }

    /// <summary>The repository's root: the first folder above the test binaries that holds AttentionCourse.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "AttentionCourse.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No AttentionCourse.sln above {AppContext.BaseDirectory}.");
    }

    public static void AssertGradientsMatch(Func<Tensor[], Tensor> function, params Tensor[] inputs)
    {
        var result = GradCheck.Check(function, inputs);
        Assert.True(result.Passed(), result.ToString());
    }
}
