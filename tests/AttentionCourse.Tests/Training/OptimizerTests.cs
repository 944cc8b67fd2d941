using AttentionCourse.Tensors;
using AttentionCourse.Training;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tests.Training;

public class OptimizerTests
{
    private static Tensor Parameter(params double[] values) => Tensor.Variable(Matrix<double>.Build.Dense(1, values.Length, values));

    private static void SetGrad(Tensor parameter, params double[] gradient)
    {
        parameter.ZeroGrad();
        parameter.AccumulateGrad(Matrix<double>.Build.Dense(1, gradient.Length, gradient));
    }

    [Fact]
    public void Sgd_with_momentum_matches_hand_steps()
    {
        var w = Parameter(1.0);
        var sgd = new Sgd([w], learningRate: 0.1, momentum: 0.9);
        SetGrad(w, 2.0);
        sgd.Step(); // v = 2, w = 1 - 0.2
        Assert.Equal(0.8, w.Value[0, 0], 12);
        SetGrad(w, 1.0);
        sgd.Step(); // v = 0.9 * 2 + 1 = 2.8, w = 0.8 - 0.28
        Assert.Equal(0.52, w.Value[0, 0], 12);
    }

    [Fact]
    public void Adam_first_step_moves_each_weight_by_the_learning_rate_against_its_gradient_sign()
    {
        var w = Parameter(1.0, 1.0);
        var adam = new Adam([w], learningRate: 0.01);
        SetGrad(w, 5.0, -0.001);
        adam.Step();
        Assert.Equal(0.99, w.Value[0, 0], 6);
        Assert.Equal(1.01, w.Value[0, 1], 4);
    }

    [Fact]
    public void Adam_second_step_matches_hand_computation()
    {
        var w = Parameter(0.0);
        var adam = new Adam([w], learningRate: 0.1);
        SetGrad(w, 1.0);
        adam.Step();
        SetGrad(w, 3.0);
        adam.Step();
        double m = 0.1 * 0.9 + 0.1 * 3, v = 0.001 * 0.999 + 0.001 * 9;
        double expected = -0.1 / (1 + 1e-8) - 0.1 * (m / (1 - 0.81)) / (Math.Sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        Assert.Equal(expected, w.Value[0, 0], 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Adam_gives_every_element_the_bits_of_the_scalar_formula(bool decoupled)
    {
        // 13 elements: whole vectors of any width, then a remainder, which the update handles apart.
        var random = new Random(3);
        double[] start = Enumerable.Range(0, 13).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var w = Parameter(start);
        const double rate = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, decay = 0.05;
        Adam adam = decoupled ? new AdamW([w], rate, beta1, beta2, epsilon, decay) : new Adam([w], rate, beta1, beta2, epsilon, decay);
        double[] expected = (double[])start.Clone(), m = new double[13], v = new double[13];
        for (int step = 1; step <= 3; step++)
        {
            double[] gradient = Enumerable.Range(0, 13).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            SetGrad(w, gradient);
            adam.Step();
            double correction1 = 1 - PortableMath.PowInteger(beta1, step), correction2 = 1 - PortableMath.PowInteger(beta2, step);
            for (int i = 0; i < 13; i++)
            {
                if (decoupled) expected[i] *= 1 - rate * decay;
                double gi = gradient[i] + (decoupled ? 0 : decay) * expected[i];
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                expected[i] -= rate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + epsilon);
            }
            for (int i = 0; i < 13; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(w.Value[0, i]),
                    $"step {step}, element {i}: {w.Value[0, i]:R}, the scalar formula gives {expected[i]:R}.");
        }
    }

    [Fact]
    public void AdamW_decays_weights_directly_even_with_zero_gradient()
    {
        var w = Parameter(2.0);
        var adamW = new AdamW([w], learningRate: 0.1, weightDecay: 0.5);
        SetGrad(w, 0.0);
        adamW.Step();
        Assert.Equal(2.0 * (1 - 0.05), w.Value[0, 0], 12);
    }

    [Fact]
    public void Clipping_scales_all_gradients_to_the_global_norm()
    {
        var a = Parameter(0, 0);
        var b = Parameter(0);
        SetGrad(a, 3, 0);
        SetGrad(b, 4);
        double norm = GradientClipping.ClipGlobalNorm([a, b], maxNorm: 1.0);
        Assert.Equal(5, norm, 12);
        Assert.Equal(0.6, a.Grad[0, 0], 5);
        Assert.Equal(0.8, b.Grad[0, 0], 5);
        Assert.Equal(1.0, GradientClipping.ClipGlobalNorm([a, b], maxNorm: 10), 5);
        Assert.Equal(0.8, b.Grad[0, 0], 5);
    }

    [Fact]
    public void Schedules_give_hand_computed_rates()
    {
        Assert.Equal(0.3, new ConstantSchedule(0.3).LearningRateAt(1000));
        var step = new StepSchedule(1.0, StepSize: 10, Gamma: 0.5);
        Assert.Equal(1.0, step.LearningRateAt(10));
        Assert.Equal(0.5, step.LearningRateAt(11));
        Assert.Equal(0.25, step.LearningRateAt(21));
        var warmup = new WarmupInverseSquareRootSchedule(1.0, WarmupSteps: 100);
        Assert.Equal(0.01, warmup.LearningRateAt(1), 12);
        Assert.Equal(0.5, warmup.LearningRateAt(50), 12);
        Assert.Equal(1.0, warmup.LearningRateAt(100), 12);
        Assert.Equal(0.5, warmup.LearningRateAt(400), 12);
        Assert.Equal(Math.Pow(512, -0.5) * Math.Pow(4000, -0.5), WarmupInverseSquareRootSchedule.ForTransformer(512, 4000).LearningRateAt(4000), 12);
    }
}
