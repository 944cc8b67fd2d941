using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Attention;

/// <summary>
/// A batch of sequences padded to one length, as one matrix: <c>B</c> sequences of <c>T</c> steps stored
/// <b>batch-major</b> in <see cref="States"/> of shape <c>(B T, d_model)</c>, row <c>b T + t</c> being sequence b
/// at step t (what PyTorch holds as a <c>(batch, time, d_model)</c> tensor with <c>batch_first=True</c>).
/// </summary>
/// <remarks>
/// Why one matrix rather than a list of per-sequence matrices: every layer except attention (linear layers,
/// layer norms, activations, dropout) works row by row, so the whole batch goes through one matrix product
/// and one graph node. Only attention must keep sequences apart; <see cref="Tensor.ScaledDotProductAttention"/>
/// does that with the batch size and the <see cref="Padding"/> flags (PyTorch's <c>key_padding_mask</c>).
/// </remarks>
public sealed class SequenceBatch
{
    /// <summary>Wraps <paramref name="states"/> <c>(batch T, d_model)</c> as <paramref name="batch"/> sequences.</summary>
    /// <param name="states">The rows, batch-major.</param>
    /// <param name="batch">B, the number of sequences; must divide the rows.</param>
    /// <param name="padding">Optional <c>(B, T)</c> flags, true where a step is padding rather than a token.</param>
    /// <exception cref="ArgumentException">The rows do not split into <paramref name="batch"/> sequences, or the padding's shape is wrong.</exception>
    public SequenceBatch(Tensor states, int batch, bool[,]? padding = null)
    {
        if (batch <= 0 || states.Rows % batch != 0)
            throw new ArgumentException($"SequenceBatch: states of shape {states.Shape} do not split into {batch} sequences of equal length.", nameof(batch));
        int time = states.Rows / batch;
        if (padding != null && (padding.GetLength(0) != batch || padding.GetLength(1) != time))
            throw new ArgumentException($"SequenceBatch: the padding has shape ({padding.GetLength(0)}, {padding.GetLength(1)}) but must be (batch, T) = ({batch}, {time}) for states {states.Shape}.", nameof(padding));
        States = states;
        Batch = batch;
        Padding = padding;
    }

    /// <summary>The states, <c>(B T, d_model)</c>, batch-major.</summary>
    public Tensor States { get; }

    /// <summary>B, the number of sequences.</summary>
    public int Batch { get; }

    /// <summary>T, the padded length.</summary>
    public int Time => States.Rows / Batch;

    /// <summary><c>(B, T)</c> flags, true where a step is padding; null when no step is.</summary>
    public bool[,]? Padding { get; }

    /// <summary>The same sequences and padding with new states of the same row count, e.g. a layer's output.</summary>
    public SequenceBatch With(Tensor states) => new(states, Batch, Padding);

    /// <summary>The states of sequence <paramref name="index"/>, <c>(T, d_model)</c>, padding steps included.</summary>
    public Matrix<double> Sequence(int index) => States.Value.SubMatrix(index * Time, Time, 0, States.Columns);

    /// <summary>Padding flags <c>(B, T)</c> for sequences of the given true lengths padded to <paramref name="time"/>.</summary>
    public static bool[,] PaddingFromLengths(IReadOnlyList<int> lengths, int time) => Masks.KeyPaddingFromLengths(lengths, time);
}
