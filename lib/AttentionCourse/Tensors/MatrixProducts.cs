namespace AttentionCourse.Tensors;

/// <summary>Which implementation computes this process's matrix products, for tools that report it.</summary>
public static class MatrixProducts
{
    /// <summary>One line: the backend and why it was chosen (e.g. "managed matrix products: the library's own, ...").</summary>
    public static string Description => MatrixBackendChoice.Current.Describe();

    /// <summary>True when results are bit-for-bit those of every other machine (the library's own product is in use).</summary>
    public static bool Reproducible => MatrixBackendChoice.Current.Backend == MatrixBackend.Managed;
}
