using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Attention;

/// <summary>
/// The attention weights one attention layer computed for a batch: one <c>(T_q, T_k)</c> matrix per sequence and
/// per head, each row summing to 1 over the keys (or all zeros where every key was blocked). For plots.
/// </summary>
public sealed class AttentionMaps
{
    private readonly Matrix<double>[,] weights;

    /// <summary>Wraps weights indexed <c>[sequence, head]</c>.</summary>
    public AttentionMaps(Matrix<double>[,] weights) => this.weights = weights;

    /// <summary>Number of sequences in the batch.</summary>
    public int Sequences => weights.GetLength(0);

    /// <summary>Number of heads.</summary>
    public int Heads => weights.GetLength(1);

    /// <summary>The weights of one head for one sequence, <c>(T_q, T_k)</c>.</summary>
    public Matrix<double> this[int sequence, int head] => weights[sequence, head];

    /// <summary>Every head's weights for one sequence, in head order.</summary>
    public IReadOnlyList<Matrix<double>> HeadsOf(int sequence) => Enumerable.Range(0, Heads).Select(h => weights[sequence, h]).ToList();

    /// <summary>The heads' weights averaged for one sequence, <c>(T_q, T_k)</c> (what PyTorch returns by default).</summary>
    public Matrix<double> Average(int sequence) => HeadsOf(sequence).Aggregate((a, b) => a + b) / Heads;
}
