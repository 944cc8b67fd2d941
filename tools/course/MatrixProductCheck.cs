using AttentionCourse.Tensors;

namespace AttentionCourse.Tool;

/// <summary>The doctor's line about matrix products: which backend the lessons will use, and why.</summary>
internal static class MatrixProductCheck
{
    public static DoctorCheck Check()
    {
        string description = MatrixProducts.Description;
        if (description.Contains("OPENBLAS_CORETYPE=", StringComparison.Ordinal))
            return DoctorCheck.Warning(description,
                ["export OPENBLAS_CORETYPE=" + description.Split("OPENBLAS_CORETYPE=")[1].Split(' ', ';', '.')[0] + " before starting VS Code or Jupyter, or unset ATTENTIONCOURSE_BLAS to use the library's own products"]);
        return DoctorCheck.Ok(description);
    }
}
