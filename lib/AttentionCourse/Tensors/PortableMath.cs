using System.Numerics;
using System.Runtime.CompilerServices;

namespace AttentionCourse.Tensors;

/// <summary>
/// <c>exp</c>, <c>log</c>, <c>tanh</c>, the sigmoid, <c>sin</c> and <c>cos</c> computed by the library itself, so that
/// they give the same bits on every machine and operating system.
/// </summary>
/// <remarks>
/// <see cref="Math.Exp"/> and its siblings call the C library of the operating system (glibc, the Windows CRT,
/// Apple's libm), whose last bits differ, and <c>TensorPrimitives</c> changes its algorithm and summation
/// order with the processor's vector width. Training amplifies a last-bit difference into a different model, so
/// the library uses these instead: classic range reductions and Taylor polynomials, written with explicit
/// fused multiply-adds in a fixed order: exp, log, sin and cos within one unit in the last place of the C library's
/// value, tanh and the sigmoid within four (the tests measure both). The span
/// versions run the very same operations on each vector lane as the scalar versions do on one number, so a
/// value's result never depends on whether it was computed in a vector or alone.
/// </remarks>
public static class PortableMath
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2High = 6.93147180369123816490e-01; // ln 2 with its last 21 bits zero: k Ln2High is exact
    private const double Ln2Low = 1.90821492927058770002e-10;  // ln 2 - Ln2High
    private const double RoundingShifter = 6755399441055744.0; // 1.5 * 2^52: (x + shifter) - shifter rounds x to an integer
    private const double ExpOverflow = 709.782712893384;       // above this e^x is infinite
    private const double ExpUnderflow = -745.1332191019412;    // below this e^x rounds to 0
    private const double HalfPiHigh = 1.5707963267948966;      // the double nearest pi / 2
    private const double HalfPiLow = 6.123233995736766e-17;    // pi / 2 - HalfPiHigh
    private const double TwoOverPi = 0.6366197723675814;

    /// <summary>e^x.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        x = x > ExpOverflow ? 710 : x < ExpUnderflow ? -746 : x;
        double shifted = Math.FusedMultiplyAdd(x, Log2E, RoundingShifter);
        double k = shifted - RoundingShifter;                                     // nearest integer to x / ln 2
        long exponent = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundingShifter);
        double r = Math.FusedMultiplyAdd(-k, Ln2Low, Math.FusedMultiplyAdd(-k, Ln2High, x)); // x - k ln 2, |r| <= 0.35
        double p = 1 + ExpMinusOne(r);
        long half = exponent >> 1;                                                // 2^k as two factors, both normal
        return p * PowerOfTwo(half) * PowerOfTwo(exponent - half);
    }

    /// <summary>The natural logarithm; NaN below 0, -infinity at 0.</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        int exponent = 0;
        if (x < 2.2250738585072014E-308) { x *= 18014398509481984.0; exponent = -54; } // subnormal: scale by 2^54
        long bits = BitConverter.DoubleToInt64Bits(x);
        exponent += (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L); // in [1, 2)
        if (m > 1.4142135623730951) { m *= 0.5; exponent++; }                    // in [sqrt(1/2), sqrt(2)]
        double f = m - 1;
        // log(1 + f) = 2 atanh(s) with s = f / (2 + f): f - (hfsq - s (hfsq + R)), R = 2 (s^2/3 + s^4/5 + ...)
        double s = f / (2 + f);
        double z = s * s;
        double series = 2.0 / 25;
        for (int n = 11; n >= 1; n--) series = Math.FusedMultiplyAdd(series, z, 2.0 / (2 * n + 1));
        double r = z * series;
        double hfsq = 0.5 * f * f;
        double k = exponent;
        return k * Ln2High - ((hfsq - (s * (hfsq + r) + k * Ln2Low)) - f);
    }

    /// <summary>The hyperbolic tangent, <c>(e^{2|x|} - 1) / (e^{2|x|} + 1)</c> with the sign of x.</summary>
    public static double Tanh(double x)
    {
        double twice = Math.Min(2 * Math.Abs(x), TanhSaturation);
        double shifted = Math.FusedMultiplyAdd(twice, Log2E, RoundingShifter);
        double k = shifted - RoundingShifter;
        long exponent = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundingShifter);
        double r = Math.FusedMultiplyAdd(-k, Ln2Low, Math.FusedMultiplyAdd(-k, Ln2High, twice));
        double scale = PowerOfTwo(exponent);
        double expMinusOne = Math.FusedMultiplyAdd(scale, ExpMinusOne(r), scale - 1); // 2^k (e^r - 1) + (2^k - 1), no cancellation
        double t = expMinusOne / (expMinusOne + 2);
        return double.IsNaN(x) ? x : x < 0 ? -t : t;
    }

    /// <summary>The logistic sigmoid <c>1 / (1 + e^-x)</c>, computed without overflow for any x.</summary>
    public static double Sigmoid(double x)
    {
        double e = Exp(-Math.Abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /// <summary>The sine (accurate for |x| up to about 10^5, which covers every position in the course).</summary>
    public static double Sin(double x) => SineCosine(x, 0);

    /// <summary>The cosine (accurate for |x| up to about 10^5).</summary>
    public static double Cos(double x) => SineCosine(x, 1);

    /// <summary>x^n for a whole number n, by repeated squaring (the same multiplications on every machine).</summary>
    public static double PowInteger(double x, int n)
    {
        if (n < 0) return 1 / PowInteger(x, -n);
        double result = 1, power = x;
        for (; n > 0; n >>= 1, power *= power)
            if ((n & 1) == 1) result *= power;
        return result;
    }

    /// <summary>e^x for every element of <paramref name="source"/> into <paramref name="destination"/> (may be the same span).</summary>
    public static void Exp(ReadOnlySpan<double> source, Span<double> destination) => Apply<ExpFunction>(source, destination);

    /// <summary>tanh for every element of <paramref name="source"/> into <paramref name="destination"/> (may be the same span).</summary>
    public static void Tanh(ReadOnlySpan<double> source, Span<double> destination) => Apply<TanhFunction>(source, destination);

    /// <summary>The sigmoid of every element of <paramref name="source"/> into <paramref name="destination"/> (may be the same span).</summary>
    public static void Sigmoid(ReadOnlySpan<double> source, Span<double> destination) => Apply<SigmoidFunction>(source, destination);

    private const double TanhSaturation = 40; // tanh(20) rounds to 1

    /// <summary>e^r - 1 for |r| &lt;= ln2/2, Taylor to r^13 in Horner form with fused multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExpMinusOne(double r)
    {
        double p = InverseFactorials[13];
        for (int n = 12; n >= 1; n--) p = Math.FusedMultiplyAdd(p, r, InverseFactorials[n]);
        return p * r;
    }

    private static readonly double[] InverseFactorials = Enumerable.Range(0, 20).Select(InverseFactorial).ToArray();

    private static double InverseFactorial(int n)
    {
        decimal factorial = 1;
        for (int i = 2; i <= n; i++) factorial *= i;
        return (double)(1m / factorial); // decimal keeps 28 digits, so each coefficient is the double nearest 1/n!
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PowerOfTwo(long exponent) => BitConverter.Int64BitsToDouble((exponent + 1023) << 52);

    /// <summary>sin(x) (quadrantOffset 0) or cos(x) = sin(x + pi/2) (quadrantOffset 1).</summary>
    private static double SineCosine(double x, int quadrantOffset)
    {
        if (!double.IsFinite(x)) return double.NaN;
        double shifted = Math.FusedMultiplyAdd(x, TwoOverPi, RoundingShifter);
        double n = shifted - RoundingShifter;                                      // nearest multiple of pi/2
        long quadrant = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundingShifter) + quadrantOffset;
        double r = Math.FusedMultiplyAdd(-n, HalfPiLow, Math.FusedMultiplyAdd(-n, HalfPiHigh, x)); // |r| <= pi/4
        double z = r * r;
        double value;
        if ((quadrant & 1) == 0)
        {
            double p = -InverseFactorials[19];                                     // sin r = r - r^3/3! + ... - r^19/19!
            for (int k = 17; k >= 3; k -= 2) p = Math.FusedMultiplyAdd(p, z, (k / 2 % 2 == 0 ? 1 : -1) * InverseFactorials[k]);
            value = Math.FusedMultiplyAdd(p * z, r, r);
        }
        else
        {
            double p = -InverseFactorials[18];                                     // cos r = 1 - r^2/2! + ... + r^18/18!
            for (int k = 16; k >= 2; k -= 2) p = Math.FusedMultiplyAdd(p, z, (k / 2 % 2 == 0 ? 1 : -1) * InverseFactorials[k]);
            value = Math.FusedMultiplyAdd(p, z, 1);
        }
        return (quadrant & 2) == 0 ? value : -value;
    }

    private interface IElementFunction
    {
        static abstract double Scalar(double x);
        static abstract Vector<double> Vector(Vector<double> x);
    }

    // Optimized at its first call rather than after a tiered warm-up: training calls it on every step, and its
    // interpreted-speed first version cost a visible part of a short training's first seconds.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply<TFunction>(ReadOnlySpan<double> source, Span<double> destination) where TFunction : IElementFunction
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"The destination holds {destination.Length} numbers but the source has {source.Length}.", nameof(destination));
        int width = Vector<double>.Count, i = 0;
        for (; i <= source.Length - width; i += width)
            TFunction.Vector(new Vector<double>(source.Slice(i, width))).CopyTo(destination.Slice(i, width));
        for (; i < source.Length; i++) destination[i] = TFunction.Scalar(source[i]);
    }

    /// <summary>The same operations as <see cref="Exp(double)"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ExpVector(Vector<double> x)
    {
        var clamped = Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<double>(ExpOverflow)), new Vector<double>(710),
            Vector.ConditionalSelect(Vector.LessThan(x, new Vector<double>(ExpUnderflow)), new Vector<double>(-746), x));
        var shifter = new Vector<double>(RoundingShifter);
        var shifted = Vector.FusedMultiplyAdd(clamped, new Vector<double>(Log2E), shifter);
        var k = shifted - shifter;
        var exponent = Vector.AsVectorInt64(shifted) - Vector.AsVectorInt64(shifter);
        var r = Vector.FusedMultiplyAdd(-k, new Vector<double>(Ln2Low), Vector.FusedMultiplyAdd(-k, new Vector<double>(Ln2High), clamped));
        var p = Vector<double>.One + ExpMinusOneVector(r);
        var half = Vector.ShiftRightArithmetic(exponent, 1);
        var result = p * PowerOfTwoVector(half) * PowerOfTwoVector(exponent - half);
        return Vector.ConditionalSelect(Vector.Equals(x, x), result, x); // NaN stays NaN
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ExpMinusOneVector(Vector<double> r)
    {
        var p = new Vector<double>(InverseFactorials[13]);
        for (int n = 12; n >= 1; n--) p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(InverseFactorials[n]));
        return p * r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> PowerOfTwoVector(Vector<long> exponent) =>
        Vector.AsVectorDouble(Vector.ShiftLeft(exponent + new Vector<long>(1023), 52));

    private readonly struct ExpFunction : IElementFunction
    {
        public static double Scalar(double x) => PortableMath.Exp(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Vector(Vector<double> x) => ExpVector(x);
    }

    private readonly struct TanhFunction : IElementFunction
    {
        public static double Scalar(double x) => PortableMath.Tanh(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Vector(Vector<double> x)
        {
            var twice = System.Numerics.Vector.Min(System.Numerics.Vector.Abs(x) * new Vector<double>(2), new Vector<double>(TanhSaturation));
            var shifter = new Vector<double>(RoundingShifter);
            var shifted = System.Numerics.Vector.FusedMultiplyAdd(twice, new Vector<double>(Log2E), shifter);
            var k = shifted - shifter;
            var exponent = System.Numerics.Vector.AsVectorInt64(shifted) - System.Numerics.Vector.AsVectorInt64(shifter);
            var r = System.Numerics.Vector.FusedMultiplyAdd(-k, new Vector<double>(Ln2Low),
                System.Numerics.Vector.FusedMultiplyAdd(-k, new Vector<double>(Ln2High), twice));
            var scale = PowerOfTwoVector(exponent);
            var expMinusOne = System.Numerics.Vector.FusedMultiplyAdd(scale, ExpMinusOneVector(r), scale - Vector<double>.One);
            var t = expMinusOne / (expMinusOne + new Vector<double>(2));
            t = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.LessThan(x, Vector<double>.Zero), -t, t);
            return System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.Equals(x, x), t, x);
        }
    }

    private readonly struct SigmoidFunction : IElementFunction
    {
        public static double Scalar(double x) => PortableMath.Sigmoid(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Vector(Vector<double> x)
        {
            var e = ExpVector(-System.Numerics.Vector.Abs(x));
            var denominator = Vector<double>.One + e;
            return System.Numerics.Vector.ConditionalSelect(
                System.Numerics.Vector.GreaterThanOrEqual(x, Vector<double>.Zero), Vector<double>.One / denominator, e / denominator);
        }
    }
}
