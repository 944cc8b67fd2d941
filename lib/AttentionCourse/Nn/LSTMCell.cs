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
/// Parameters <c>weight_ih</c> <c>(4H, in)</c>, <c>weight_hh</c> <c>(4H, H)</c>, <c>bias_ih</c>, <c>bias_hh</c>
/// <c>(1, 4H)</c>; all initialized uniform in <c>[-1/sqrt(H), 1/sqrt(H)]</c>.
/// </summary>
public sealed class LSTMCell : Module
{
    /// <summary>Creates a cell reading rows of <paramref name="inputSize"/> with states of <paramref name="hiddenSize"/>.</summary>
    public LSTMCell(int inputSize, int hiddenSize, Random random)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        double bound = 1 / Math.Sqrt(hiddenSize);
        WeightIH = RegisterParameter("weight_ih", Init.Uniform(4 * hiddenSize, inputSize, bound, random));
        WeightHH = RegisterParameter("weight_hh", Init.Uniform(4 * hiddenSize, hiddenSize, bound, random));
        BiasIH = RegisterParameter("bias_ih", Init.Uniform(1, 4 * hiddenSize, bound, random));
        BiasHH = RegisterParameter("bias_hh", Init.Uniform(1, 4 * hiddenSize, bound, random));
    }

    /// <summary>Input size.</summary>
    public int InputSize { get; }

    /// <summary>State size H (of both h and c).</summary>
    public int HiddenSize { get; }

    /// <summary>Input weights, <c>(4H, in)</c>, rows stacked i, f, g, o.</summary>
    public Tensor WeightIH { get; }

    /// <summary>State weights, <c>(4H, H)</c>, rows stacked i, f, g, o.</summary>
    public Tensor WeightHH { get; }

    /// <summary>Input bias, <c>(1, 4H)</c>.</summary>
    public Tensor BiasIH { get; }

    /// <summary>State bias, <c>(1, 4H)</c>.</summary>
    public Tensor BiasHH { get; }

    /// <summary>
    /// One step for a batch: input <c>(batch, in)</c>, hidden and cell states <c>(batch, H)</c> ->
    /// new hidden and cell states <c>(batch, H)</c>.
    /// </summary>
    public (Tensor Hidden, Tensor Cell) Forward(Tensor input, (Tensor Hidden, Tensor Cell) state)
    {
        RecurrentShapes.Check(nameof(LSTMCell), InputSize, HiddenSize, input, state.Hidden);
        RecurrentShapes.Check(nameof(LSTMCell), InputSize, HiddenSize, input, state.Cell);
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
    public (Tensor Hidden, Tensor Cell) InitialState(int batch) => (Tensor.Zeros(batch, HiddenSize), Tensor.Zeros(batch, HiddenSize));
}
