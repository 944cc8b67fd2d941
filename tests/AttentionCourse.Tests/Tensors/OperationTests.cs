using AttentionCourse.Tensors;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

/// <summary>Values and finite-difference gradient checks for the elementwise operations and reductions.</summary>
public class OperationTests
{
    public static TheoryData<string> ElementwiseOperations => ["Tanh", "Sigmoid", "Relu", "Gelu", "Exp", "Square"];

    private static Tensor Apply(string operation, Tensor x) => operation switch
    {
        "Tanh" => x.Tanh(),
        "Sigmoid" => x.Sigmoid(),
        "Relu" => x.Relu(),
        "Gelu" => x.Gelu(),
        "Exp" => x.Exp(),
        "Square" => x.Square(),
        _ => throw new ArgumentException(operation),
    };

    [Theory]
    [MemberData(nameof(ElementwiseOperations))]
    public void Elementwise_gradient_matches_finite_differences(string operation) =>
        AssertGradientsMatch(x => WeightedSum(Apply(operation, x[0])), Random(3, 4, 1, scale: 2));

    [Fact]
    public void Log_and_sqrt_gradients_match_finite_differences_on_positive_inputs()
    {
        AssertGradientsMatch(x => WeightedSum(x[0].Square().Scale(3).Exp().Log()), Random(2, 3, 2));
        AssertGradientsMatch(x => WeightedSum(x[0].Square().Scale(2).Exp().Sqrt()), Random(2, 3, 3));
    }

    [Fact]
    public void Activations_match_known_values()
    {
        var x = Tensor.Row(-1, 0, 2);
        Assert.Equal([0, 0, 2], x.Relu().Value.Row(0).ToArray());
        Assert.Equal(0.5, x.Sigmoid().Value[0, 1], 12);
        Assert.Equal(1 / (1 + Math.Exp(-2)), x.Sigmoid().Value[0, 2], 12);
        // GELU(x) = x Phi(x); Phi(-1) = 0.158655253931457, Phi(2) = 0.977249868051821
        Assert.Equal(-0.158655253931457, x.Gelu().Value[0, 0], 12);
        Assert.Equal(2 * 0.977249868051821, x.Gelu().Value[0, 2], 12);
        Assert.Equal(Math.Tanh(2), x.Tanh().Value[0, 2], 12);
    }

    [Fact]
    public void Sigmoid_does_not_overflow_for_large_inputs()
    {
        var y = Tensor.Row(-1000, 1000).Sigmoid().Value;
        Assert.Equal(0, y[0, 0]);
        Assert.Equal(1, y[0, 1]);
    }

    [Fact]
    public void Reductions_match_hand_values()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(21, x.Sum().Item());
        Assert.Equal(3.5, x.Mean().Item());
        Assert.Equal(new double[,] { { 6 }, { 15 } }, x.RowSums().Value.ToArray());
        Assert.Equal(new double[,] { { 5, 7, 9 } }, x.ColumnSums().Value.ToArray());
        Assert.Equal(new double[,] { { 2 }, { 5 } }, x.RowMeans().Value.ToArray());
        Assert.Equal(new double[,] { { 2.5, 3.5, 4.5 } }, x.ColumnMeans().Value.ToArray());
    }

    [Fact]
    public void Reduction_gradients_match_finite_differences()
    {
        AssertGradientsMatch(x => WeightedSum(x[0].RowSums()) + WeightedSum(x[0].ColumnMeans(), 7) + x[0].Mean(), Random(3, 4, 4));
        AssertGradientsMatch(x => WeightedSum(x[0].RowMeans().Tanh()) + WeightedSum(x[0].ColumnSums().Tanh(), 5), Random(3, 4, 5));
    }

    [Fact]
    public void Transpose_and_scale_gradients_match_finite_differences() =>
        AssertGradientsMatch(x => WeightedSum(x[0].Transpose().Scale(-2.5)), Random(3, 2, 6));
}
