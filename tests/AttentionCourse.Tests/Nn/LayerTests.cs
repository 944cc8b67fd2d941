using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Nn;

public class LayerTests
{
    [Fact]
    public void Linear_computes_x_W_transpose_plus_b_with_W_stored_out_by_in()
    {
        var linear = new Linear(2, 3, new Random(1));
        Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }).CopyTo(linear.Weight.Value);
        Matrix<double>.Build.DenseOfArray(new double[,] { { 10, 20, 30 } }).CopyTo(linear.Bias!.Value);
        var y = linear.Forward(Tensor.FromArray(new double[,] { { 2, 5 } })).Value;
        Assert.Equal(new double[,] { { 12, 25, 37 } }, y.ToArray());
    }

    [Fact]
    public void Linear_initialization_is_uniform_within_one_over_sqrt_in()
    {
        var linear = new Linear(16, 32, new Random(1));
        Assert.Equal((32, 16), (linear.Weight.Rows, linear.Weight.Columns));
        Assert.All(linear.Weight.Value.Enumerate(), w => Assert.InRange(w, -0.25, 0.25));
        Assert.True(linear.Weight.Value.Enumerate().Max() > 0.2, "weights should fill the range");
    }

    [Fact]
    public void Linear_gradients_match_finite_differences_for_input_weight_and_bias()
    {
        var linear = new Linear(3, 2, new Random(1));
        AssertGradientsMatch(x => WeightedSum(linear.Forward(x[0]).Tanh()), Random(4, 3, 2), linear.Weight, linear.Bias!);
    }

    [Fact]
    public void Linear_names_the_expected_feature_count()
    {
        var error = Assert.Throws<ArgumentException>(() => new Linear(3, 2, new Random(1)).Forward(Tensor.Zeros(4, 5)));
        Assert.Contains("(4, 5)", error.Message);
        Assert.Contains("3 features", error.Message);
    }

    [Fact]
    public void Embedding_looks_up_rows_and_its_gradient_matches()
    {
        var embedding = new Embedding(5, 3, new Random(1));
        var vectors = embedding.Forward([4, 0, 4]);
        Assert.Equal(embedding.Weight.Value.Row(4), vectors.Value.Row(2));
        AssertGradientsMatch(_ => WeightedSum(embedding.Forward([4, 0, 4]).Tanh()), embedding.Weight);
    }

    [Fact]
    public void LayerNorm_module_starts_as_plain_normalization()
    {
        var y = new LayerNorm(4).Forward(Tensor.Row(1, 2, 3, 4)).Value;
        Assert.Equal(0, y.Row(0).Sum(), 12);
        Assert.Equal(1, y.Row(0).PointwisePower(2).Average(), 4);
    }

    [Fact]
    public void GRUCell_matches_a_scalar_reference_implementation_in_pytorch_gate_order()
    {
        var cell = new GRUCell(3, 2, new Random(5));
        var x = Random(2, 3, 6);
        var h = Random(2, 2, 7);
        var actual = cell.Forward(x, h).Value;

        double[] W(Tensor t, int row) => t.Value.Row(row).ToArray();
        double Dot(double[] a, Matrix<double> m, int r) => a.Select((v, j) => v * m[r, j]).Sum();
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 2; k++)
            {
                double Gate(int g, Tensor weight, Tensor bias, Matrix<double> input) => Dot(W(weight, g * 2 + k), input, b) + bias.Value[0, g * 2 + k];
                double r = 1 / (1 + Math.Exp(-(Gate(0, cell.WeightIH, cell.BiasIH, x.Value) + Gate(0, cell.WeightHH, cell.BiasHH, h.Value))));
                double z = 1 / (1 + Math.Exp(-(Gate(1, cell.WeightIH, cell.BiasIH, x.Value) + Gate(1, cell.WeightHH, cell.BiasHH, h.Value))));
                double n = Math.Tanh(Gate(2, cell.WeightIH, cell.BiasIH, x.Value) + r * Gate(2, cell.WeightHH, cell.BiasHH, h.Value));
                Assert.Equal((1 - z) * n + z * h.Value[b, k], actual[b, k], 12);
            }
    }

    [Fact]
    public void GRUCell_gradients_match_finite_differences_for_every_parameter()
    {
        var cell = new GRUCell(3, 4, new Random(8));
        var x = Random(2, 3, 9);
        AssertGradientsMatch(t => WeightedSum(cell.Forward(x, cell.Forward(x, t[0]))), [Random(2, 4, 10), .. cell.Parameters()]);
    }

    [Fact]
    public void Fused_GRU_step_equals_the_step_by_step_version_in_value_and_gradient()
    {
        var cell = new GRUCell(3, 4, new Random(20));
        var x = Random(5, 3, 21);
        var h = Random(5, 4, 22);
        Assert.True((cell.Forward(x, h).Value - cell.ForwardStepByStep(x, h).Value).InfinityNorm() < 1e-14);
        AssertGradientsMatch(t => WeightedSum(cell.ForwardStepByStep(t[0], t[1])), x, h);
        var stepByStep = new[] { x.Grad.Clone(), h.Grad.Clone() };
        AssertGradientsMatch(t => WeightedSum(cell.Forward(t[0], t[1])), x, h);
        Assert.True((x.Grad - stepByStep[0]).InfinityNorm() < 1e-12 && (h.Grad - stepByStep[1]).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void LSTMCell_matches_a_scalar_reference_implementation_in_pytorch_gate_order()
    {
        var cell = new LSTMCell(3, 2, new Random(11));
        var x = Random(1, 3, 12);
        var h = Random(1, 2, 13);
        var c = Random(1, 2, 14);
        var (hidden, memory) = cell.Forward(x, (h, c));
        for (int k = 0; k < 2; k++)
        {
            double Pre(int gate) => Enumerable.Range(0, 3).Sum(j => cell.WeightIH.Value[gate * 2 + k, j] * x.Value[0, j])
                + Enumerable.Range(0, 2).Sum(j => cell.WeightHH.Value[gate * 2 + k, j] * h.Value[0, j])
                + cell.BiasIH.Value[0, gate * 2 + k] + cell.BiasHH.Value[0, gate * 2 + k];
            double Sig(double v) => 1 / (1 + Math.Exp(-v));
            double expectedCell = Sig(Pre(1)) * c.Value[0, k] + Sig(Pre(0)) * Math.Tanh(Pre(2));
            Assert.Equal(expectedCell, memory.Value[0, k], 12);
            Assert.Equal(Sig(Pre(3)) * Math.Tanh(expectedCell), hidden.Value[0, k], 12);
        }
    }

    [Fact]
    public void LSTMCell_gradients_match_finite_differences_for_every_parameter()
    {
        var cell = new LSTMCell(3, 2, new Random(15));
        var x = Random(2, 3, 16);
        AssertGradientsMatch(t =>
        {
            var state = cell.Forward(x, (t[0], t[1]));
            state = cell.Forward(x, state);
            return WeightedSum(state.Hidden) + WeightedSum(state.Cell, 3);
        }, [Random(2, 2, 17), Random(2, 2, 18), .. cell.Parameters()]);
    }

    [Fact]
    public void Recurrent_cells_name_the_expected_state_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new GRUCell(3, 4, new Random(1)).Forward(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3)));
        Assert.Contains("(2, 4)", error.Message);
    }
}
