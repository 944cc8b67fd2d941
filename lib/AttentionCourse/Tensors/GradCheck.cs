using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

/// <summary>
/// Checks analytic gradients (from <see cref="Tensor.Backward()"/>) against central finite
/// differences, <c>(f(x + h) - f(x - h)) / 2h</c>, in double precision.
/// </summary>
public static class GradCheck
{
    /// <summary>The result of a gradient check: the worst disagreement found and where.</summary>
    /// <param name="MaxRelativeError">Largest <c>|analytic - numeric| / max(1, |analytic|, |numeric|)</c> over all checked entries.</param>
    /// <param name="Where">Which input and entry had that error, e.g. <c>input 1 [2, 0]</c>.</param>
    /// <param name="Analytic">The analytic derivative at that entry.</param>
    /// <param name="Numeric">The finite-difference derivative at that entry.</param>
    public readonly record struct Result(double MaxRelativeError, string Where, double Analytic, double Numeric)
    {
        /// <summary>Whether the worst error is within <paramref name="tolerance"/>.</summary>
        public bool Passed(double tolerance = 1e-6) => MaxRelativeError <= tolerance;

        /// <inheritdoc />
        public override string ToString() => $"max relative error {MaxRelativeError:E2} at {Where} (analytic {Analytic:G6}, numeric {Numeric:G6})";
    }

    /// <summary>
    /// Compares d f / d input for every entry of every input. <paramref name="function"/> must build a
    /// <c>(1, 1)</c> scalar from the given inputs (all created with <see cref="Tensor.Variable"/>); it is
    /// called once for the analytic gradient and twice per entry for the numeric one, so it must be
    /// deterministic (seed any dropout inside it).
    /// </summary>
    /// <param name="function">Builds the scalar to differentiate from the inputs.</param>
    /// <param name="inputs">Leaf tensors to differentiate with respect to; their values are perturbed in place and restored.</param>
    /// <param name="step">Finite-difference step <c>h</c>.</param>
    public static Result Check(Func<Tensor[], Tensor> function, Tensor[] inputs, double step = 1e-5)
    {
        foreach (var input in inputs)
        {
            if (!input.RequiresGrad)
                throw new ArgumentException($"GradCheck: every input must be a Tensor.Variable; the one of shape {input.Shape} is a constant.");
            input.ZeroGrad();
        }

        var output = function(inputs);
        output.Backward();
        var analytic = inputs.Select(t => t.Grad.Clone()).ToArray();

        var worst = new Result(0, "nowhere", 0, 0);
        for (int n = 0; n < inputs.Length; n++)
        {
            Matrix<double> value = inputs[n].Value;
            for (int i = 0; i < value.RowCount; i++)
            for (int j = 0; j < value.ColumnCount; j++)
            {
                double original = value[i, j];
                value[i, j] = original + step;
                double plus = Evaluate(function, inputs);
                value[i, j] = original - step;
                double minus = Evaluate(function, inputs);
                value[i, j] = original;

                double numeric = (plus - minus) / (2 * step);
                double exact = analytic[n][i, j];
                double error = Math.Abs(exact - numeric) / Math.Max(1.0, Math.Max(Math.Abs(exact), Math.Abs(numeric)));
                if (error > worst.MaxRelativeError || double.IsNaN(error))
                    worst = new Result(double.IsNaN(error) ? double.PositiveInfinity : error, $"input {n} [{i}, {j}]", exact, numeric);
            }
        }
        return worst;
    }

    private static double Evaluate(Func<Tensor[], Tensor> function, Tensor[] inputs)
    {
        using (Tensor.NoGrad())
            return function(inputs).Item();
    }
}
