using AttentionCourse.Tensors;
using AttentionCourse.Training;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Training;

public class LossTests
{
    [Fact]
    public void Cross_entropy_matches_hand_value()
    {
        // softmax(0, ln 3) = (1/4, 3/4): loss of class 1 is -ln(3/4), of class 0 is -ln(1/4).
        var logits = Tensor.FromArray(new double[,] { { 0, Math.Log(3) }, { 0, Math.Log(3) } });
        Assert.Equal((-Math.Log(0.75) - Math.Log(0.25)) / 2, Losses.CrossEntropy(logits, [1, 0]).Item(), 12);
    }

    [Fact]
    public void Ignored_rows_do_not_count()
    {
        var logits = Tensor.FromArray(new double[,] { { 0, Math.Log(3) }, { 50, -50 } });
        Assert.Equal(-Math.Log(0.75), Losses.CrossEntropy(logits, [1, 0], ignoreIndex: 0).Item(), 12);
        Assert.Equal(0, Losses.CrossEntropy(logits, [0, 0], ignoreIndex: 0).Item());
    }

    [Fact]
    public void Label_smoothing_matches_hand_value()
    {
        // eps = 0.2, 2 classes: q = (0.1, 0.9); loss = -(0.1 ln 1/4 + 0.9 ln 3/4)
        var logits = Tensor.FromArray(new double[,] { { 0, Math.Log(3) } });
        Assert.Equal(-(0.1 * Math.Log(0.25) + 0.9 * Math.Log(0.75)), Losses.CrossEntropy(logits, [1], labelSmoothing: 0.2).Item(), 12);
    }

    [Fact]
    public void Cross_entropy_gradient_matches_finite_differences_with_padding_and_smoothing() =>
        AssertGradientsMatch(x => Losses.CrossEntropy(x[0], [2, 0, 1, 0], ignoreIndex: 0, labelSmoothing: 0.1), Random(4, 3, 1, scale: 2));

    [Fact]
    public void Cross_entropy_names_the_mismatch()
    {
        var error = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(Tensor.Zeros(3, 4), [1, 2]));
        Assert.Contains("(3, 4)", error.Message);
        Assert.Contains("2 targets", error.Message);
        Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(Tensor.Zeros(1, 4), [4]));
    }

    [Fact]
    public void Mean_squared_error_matches_hand_value_and_gradient()
    {
        Assert.Equal(2.5, Losses.MeanSquaredError(Tensor.Row(1, 2), Tensor.Row(2, 4)).Item(), 12);
        AssertGradientsMatch(x => Losses.MeanSquaredError(x[0], x[1]), Random(2, 3, 2), Random(2, 3, 3));
    }
}
