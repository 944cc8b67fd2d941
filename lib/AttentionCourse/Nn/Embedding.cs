using AttentionCourse.Tensors;

namespace AttentionCourse.Nn;

/// <summary>
/// A lookup table of learned vectors, one row per token id (PyTorch's <c>nn.Embedding</c>).
/// Initialization: normal entries, standard deviation 1 as in PyTorch unless given.
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Creates a table of <paramref name="vocabularySize"/> vectors of size <paramref name="dimension"/>; the parameter is named <c>weight</c>.</summary>
    public Embedding(int vocabularySize, int dimension, Random random, double standardDeviation = 1.0)
    {
        if (vocabularySize <= 0 || dimension <= 0)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), $"Embedding needs positive sizes, got vocabulary {vocabularySize}, dimension {dimension}.");
        Weight = RegisterParameter("weight", Init.Normal(vocabularySize, dimension, standardDeviation, random));
    }

    /// <summary>The table, shape <c>(vocabulary, dimension)</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>The vector size.</summary>
    public int Dimension => Weight.Columns;

    /// <summary>Looks up a sequence of token ids: <c>T ids -> (T, dimension)</c>.</summary>
    public Tensor Forward(IReadOnlyList<int> tokenIds) => Weight.GatherRows(tokenIds);
}
