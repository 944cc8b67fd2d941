using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Training;

/// <summary>Loss functions: each returns a <c>(1, 1)</c> tensor to call <see cref="Tensor.Backward()"/> on.</summary>
public static class Losses
{
    /// <summary>
    /// Mean cross-entropy between the softmax of each row of <paramref name="logits"/> and the target class
    /// of that row, skipping rows whose target is <paramref name="ignoreIndex"/> (padding). With label
    /// smoothing <c>ε</c> the target distribution is <c>(1 - ε)</c> on the true class plus <c>ε / classes</c>
    /// everywhere (as PyTorch's <c>label_smoothing</c>). If every row is ignored the loss is 0.
    /// </summary>
    /// <param name="logits">Unnormalized scores, shape <c>(rows, classes)</c>.</param>
    /// <param name="targets">One class index per row.</param>
    /// <param name="ignoreIndex">A target value whose rows do not count (e.g. the padding token id).</param>
    /// <param name="labelSmoothing">ε in <c>[0, 1)</c>.</param>
    /// <exception cref="ArgumentException">The number of targets differs from the rows, or a target is out of range.</exception>
    public static Tensor CrossEntropy(Tensor logits, IReadOnlyList<int> targets, int? ignoreIndex = null, double labelSmoothing = 0)
    {
        int n = logits.Rows, classes = logits.Columns;
        if (targets.Count != n)
            throw new ArgumentException($"CrossEntropy: logits have shape {logits.Shape} ({n} rows) but there are {targets.Count} targets; give one target per row.", nameof(targets));
        if (labelSmoothing < 0 || labelSmoothing >= 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"CrossEntropy: label smoothing must be in [0, 1), got {labelSmoothing}.");

        var logProbabilities = logits.LogSoftmax().Value;
        // The target distribution q, zero rows for ignored targets; loss = -sum(q * log p) / counted rows.
        var q = Matrix<double>.Build.Dense(n, classes);
        int counted = 0;
        for (int i = 0; i < n; i++)
        {
            int target = targets[i];
            if (target == ignoreIndex) continue;
            if (target < 0 || target >= classes)
                throw new ArgumentException($"CrossEntropy: target {target} in row {i} is outside 0..{classes - 1} for logits of shape {logits.Shape}.", nameof(targets));
            counted++;
            for (int j = 0; j < classes; j++) q[i, j] = labelSmoothing / classes;
            q[i, target] += 1 - labelSmoothing;
        }
        if (counted == 0) return Tensor.Scalar(0);

        double loss = -q.PointwiseMultiply(logProbabilities).Enumerate().Sum() / counted;
        return Tensor.FromOperation(Matrix<double>.Build.Dense(1, 1, loss), g =>
        {
            // d loss / d logits = (softmax - q) / counted, on counted rows only.
            var gradient = logProbabilities.PointwiseExp();
            for (int i = 0; i < n; i++)
            {
                if (targets[i] == ignoreIndex) gradient.ClearRow(i);
            }
            gradient.Subtract(q, gradient);
            logits.AccumulateGrad(gradient.Multiply(g[0, 0] / counted), owned: true);
        }, logits);
    }

    /// <summary>Mean squared error <c>mean((prediction - target)^2)</c> over all entries; both of the same shape.</summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target)
    {
        Tensor.RequireSameShape("MeanSquaredError", prediction.Value, target.Value, "prediction", "target");
        return (prediction - target).Square().Mean();
    }
}
