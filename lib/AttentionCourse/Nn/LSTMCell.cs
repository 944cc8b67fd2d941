using AttentionCourse.Tensors;

namespace AttentionCourse.Nn;

/// <summary>
/// One step of a long short-term memory cell (PyTorch's <c>nn.LSTMCell</c>, same gate order i, f, g, o):
/// <code>
/// i = sigmoid(x W_ii^T + b_ii + h W_hi^T + b_hi)   input gate
/// f = sigmoid(x W_if^T + b_if + h W_hf^T + b_hf)   forget gate
/// g = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)      candidate cell
/// o = sigmoid(x W_io^T + b_io + h W_ho^T + b_ho)   output gate
/// c' = f * c + i * g,  h' = o * tanh(c')
/// </code>
/// Parameters: see <see cref="RecurrentCell"/>, with 4 gates stacked i, f, g, o.
/// </summary>
public sealed class LSTMCell : RecurrentCell
{
    /// <summary>Creates a cell reading rows of <paramref name="inputSize"/> with states of <paramref name="hiddenSize"/>.</summary>
    public LSTMCell(int inputSize, int hiddenSize, Random random) : base(inputSize, hiddenSize, gates: 4, random)
    {
    }

    /// <summary>
    /// One step for a batch: input <c>(batch, in)</c>, hidden and cell states <c>(batch, H)</c> ->
    /// new hidden and cell states <c>(batch, H)</c>.
    /// </summary>
    public (Tensor Hidden, Tensor Cell) Forward(Tensor input, (Tensor Hidden, Tensor Cell) state)
    {
        CheckShapes(input, state.Hidden);
        CheckShapes(input, state.Cell);
        int h = HiddenSize;
        var gates = input.MatMulTransposed(WeightIH) + BiasIH + state.Hidden.MatMulTransposed(WeightHH) + BiasHH; // (batch, 4H)
        var inputGate = gates.SliceColumns(0, h).Sigmoid();
        var forgetGate = gates.SliceColumns(h, h).Sigmoid();
        var candidate = gates.SliceColumns(2 * h, h).Tanh();
        var outputGate = gates.SliceColumns(3 * h, h).Sigmoid();
        var cell = forgetGate * state.Cell + inputGate * candidate;
        return (outputGate * cell.Tanh(), cell);
    }

    /// <summary>Zero initial states <c>(batch, H)</c>.</summary>
    public (Tensor Hidden, Tensor Cell) ZeroStates(int batch) => (ZeroState(batch), ZeroState(batch));
}
