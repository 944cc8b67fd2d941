using AttentionCourse.Tensors;

namespace AttentionCourse.Training;

/// <summary>Keeps exploding gradients (common in recurrent networks) from wrecking a training step.</summary>
public static class GradientClipping
{
    /// <summary>
    /// If the norm of all gradients taken together exceeds <paramref name="maxNorm"/>, scales every
    /// gradient by <c>maxNorm / norm</c> (PyTorch's <c>clip_grad_norm_</c>). Returns the norm before clipping.
    /// </summary>
    public static double ClipGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        if (maxNorm <= 0) throw new ArgumentOutOfRangeException(nameof(maxNorm), $"maxNorm must be positive, got {maxNorm}.");
        var list = parameters.ToList();
        double squares = 0;
        foreach (var parameter in list)
            foreach (var g in Tensor.Data(parameter.Grad)) squares += g * g;
        double norm = Math.Sqrt(squares);
        if (norm > maxNorm)
        {
            double scale = maxNorm / (norm + 1e-6);
            foreach (var parameter in list) parameter.Grad.Multiply(scale, parameter.Grad);
        }
        return norm;
    }
}
