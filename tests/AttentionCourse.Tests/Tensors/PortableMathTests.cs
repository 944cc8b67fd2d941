using AttentionCourse.Tensors;

namespace AttentionCourse.Tests.Tensors;

public class PortableMathTests
{
    /// <summary>How many representable doubles lie between a and b.</summary>
    private static long UnitsApart(double a, double b)
    {
        if (a == b) return 0;
        long x = BitConverter.DoubleToInt64Bits(a), y = BitConverter.DoubleToInt64Bits(b);
        if (x < 0) x = long.MinValue - x;
        if (y < 0) y = long.MinValue - y;
        return Math.Abs(x - y);
    }

    private static IEnumerable<double> Samples(double low, double high, int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++) yield return low + (high - low) * random.NextDouble();
    }

    private static void AssertWithinUnits(Func<double, double> ours, Func<double, double> reference, IEnumerable<double> inputs, long units, string name)
    {
        foreach (double x in inputs)
        {
            double expected = reference(x), actual = ours(x);
            Assert.True(UnitsApart(expected, actual) <= units, $"{name}({x:R}) = {actual:R}, the C library gives {expected:R}.");
        }
    }

    [Fact]
    public void Exp_is_within_one_unit_in_the_last_place_over_its_whole_range()
    {
        AssertWithinUnits(PortableMath.Exp, Math.Exp, Samples(-700, 700, 20000, 1).Concat(Samples(-1, 1, 20000, 2)), 1, "exp");
        Assert.Equal(1.0, PortableMath.Exp(0));
        Assert.Equal(double.PositiveInfinity, PortableMath.Exp(710));
        Assert.Equal(0.0, PortableMath.Exp(-746));
        Assert.True(PortableMath.Exp(-740) > 0, "e^-740 is a subnormal number, not 0.");
        Assert.True(double.IsNaN(PortableMath.Exp(double.NaN)));
    }

    [Fact]
    public void Log_is_within_one_unit_in_the_last_place_from_subnormals_to_the_largest_double()
    {
        var inputs = Samples(1e-3, 10, 20000, 3).Concat(Samples(0.5, 2, 20000, 4)).Concat(Samples(-300, 300, 5000, 5).Select(e => Math.Pow(10, e)))
            .Append(4.9e-324).Append(double.MaxValue);
        AssertWithinUnits(PortableMath.Log, Math.Log, inputs, 1, "log");
        Assert.Equal(0.0, PortableMath.Log(1));
        Assert.Equal(double.NegativeInfinity, PortableMath.Log(0));
        Assert.True(double.IsNaN(PortableMath.Log(-1)));
    }

    [Fact]
    public void Tanh_and_sigmoid_are_accurate_near_zero_and_saturate_far_from_it()
    {
        AssertWithinUnits(PortableMath.Tanh, Math.Tanh, Samples(-20, 20, 20000, 6).Concat(Samples(-0.2, 0.2, 20000, 7)).Append(1e-300), 4, "tanh");
        AssertWithinUnits(PortableMath.Sigmoid, x => 1 / (1 + Math.Exp(-x)), Samples(-30, 30, 20000, 8), 4, "sigmoid");
        Assert.Equal(1.0, PortableMath.Tanh(400));
        Assert.Equal(-1.0, PortableMath.Tanh(-400));
        Assert.Equal(0.5, PortableMath.Sigmoid(0));
        Assert.Equal(0.0, PortableMath.Sigmoid(-800));
    }

    [Fact]
    public void Sine_and_cosine_are_accurate_for_every_position_a_lesson_uses()
    {
        foreach (double x in Samples(-2000, 2000, 40000, 9))
        {
            Assert.True(Math.Abs(PortableMath.Sin(x) - Math.Sin(x)) <= 4e-16, $"sin({x:R}) = {PortableMath.Sin(x):R}, the C library gives {Math.Sin(x):R}.");
            Assert.True(Math.Abs(PortableMath.Cos(x) - Math.Cos(x)) <= 4e-16, $"cos({x:R}) = {PortableMath.Cos(x):R}, the C library gives {Math.Cos(x):R}.");
        }
        Assert.Equal(0.0, PortableMath.Sin(0));
        Assert.Equal(1.0, PortableMath.Cos(0));
    }

    [Fact]
    public void Span_versions_give_the_same_bits_as_the_scalar_versions_for_every_element()
    {
        var inputs = Samples(-40, 40, 1001, 10).Concat([0.0, -0.0, 1e-300, double.NaN, 800, -800]).ToArray();
        var output = new double[inputs.Length];
        foreach (var (name, span, scalar) in new (string, Action<double[], double[]>, Func<double, double>)[]
        {
            ("exp", (x, y) => PortableMath.Exp(x, y), PortableMath.Exp),
            ("tanh", (x, y) => PortableMath.Tanh(x, y), PortableMath.Tanh),
            ("sigmoid", (x, y) => PortableMath.Sigmoid(x, y), PortableMath.Sigmoid),
        })
        {
            span(inputs, output);
            for (int i = 0; i < inputs.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(scalar(inputs[i])) == BitConverter.DoubleToInt64Bits(output[i]),
                    $"{name}({inputs[i]:R}): the span version gives {output[i]:R}, the scalar one {scalar(inputs[i]):R}.");
        }
    }
}
