using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Seq2Seq;

/// <summary>Which recurrent cell a sequence-to-sequence model uses.</summary>
public enum RecurrentCellKind
{
    /// <summary>Gated recurrent unit (<see cref="GRUCell"/>).</summary>
    Gru,
    /// <summary>Long short-term memory (<see cref="LSTMCell"/>).</summary>
    Lstm,
}

/// <summary>The state a recurrent cell carries: the hidden state, and for an LSTM the cell state, each <c>(batch, H)</c>.</summary>
/// <param name="Hidden">The hidden state h.</param>
/// <param name="Cell">The LSTM cell state c, or null for a GRU.</param>
public sealed record RecurrentState(Tensor Hidden, Tensor? Cell)
{
    /// <summary>
    /// Keeps the old state in the rows where <paramref name="keep"/> is 1 and takes the new one where it is 0:
    /// <c>new + keep (old - new)</c>. Used to freeze sequences that have ended (padding).
    /// </summary>
    internal RecurrentState FreezeWhere(Tensor keep, RecurrentState old) =>
        new(Hidden.Lerp(old.Hidden, keep), Cell?.Lerp(old.Cell!, keep));

    /// <summary>The rows <paramref name="rows"/> of the state (to reorder beams).</summary>
    internal RecurrentState Rows(IReadOnlyList<int> rows) => new(Hidden.GatherRows(rows), Cell?.GatherRows(rows));
}

/// <summary>A GRU or LSTM cell behind one interface, so encoders and decoders work with either.</summary>
public sealed class RecurrentUnit : Module
{
    private readonly GRUCell? gru;
    private readonly LSTMCell? lstm;

    /// <summary>Creates a cell of the given kind; its parameters are named <c>cell.*</c>.</summary>
    public RecurrentUnit(RecurrentCellKind kind, int inputSize, int hiddenSize, Random random)
    {
        Kind = kind;
        if (kind == RecurrentCellKind.Gru) gru = RegisterModule("cell", new GRUCell(inputSize, hiddenSize, random));
        else lstm = RegisterModule("cell", new LSTMCell(inputSize, hiddenSize, random));
        HiddenSize = hiddenSize;
    }

    /// <summary>GRU or LSTM.</summary>
    public RecurrentCellKind Kind { get; }

    /// <summary>State size H.</summary>
    public int HiddenSize { get; }

    /// <summary>A zero state for <paramref name="batch"/> sequences.</summary>
    public RecurrentState ZeroState(int batch) =>
        new(Tensor.Zeros(batch, HiddenSize), Kind == RecurrentCellKind.Lstm ? Tensor.Zeros(batch, HiddenSize) : null);

    /// <summary>A state starting from hidden state <paramref name="hidden"/> <c>(batch, H)</c> (and a zero LSTM cell).</summary>
    public RecurrentState StateFrom(Tensor hidden) =>
        new(hidden, Kind == RecurrentCellKind.Lstm ? Tensor.Zeros(hidden.Rows, HiddenSize) : null);

    /// <summary>One step: input <c>(batch, in)</c> and state -> new state.</summary>
    public RecurrentState Step(Tensor input, RecurrentState state)
    {
        if (gru != null) return new RecurrentState(gru.Forward(input, state.Hidden), null);
        var (hidden, cell) = lstm!.Forward(input, (state.Hidden, state.Cell ?? Tensor.Zeros(input.Rows, HiddenSize)));
        return new RecurrentState(hidden, cell);
    }
}
