using AttentionCourse.Tensors;

namespace AttentionCourse.Nn;

/// <summary>
/// One step of a gated recurrent unit (PyTorch's <c>nn.GRUCell</c>, same gate order r, z, n):
/// <code>
/// r  = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)        reset gate
/// z  = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)        update gate
/// n  = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))     candidate state
/// h' = (1 - z) * n + z * h
/// </code>
/// Parameters: see <see cref="RecurrentCell"/>, with 3 gates stacked r, z, n.
/// </summary>
public sealed class GRUCell : RecurrentCell
{
    /// <summary>Creates a cell reading rows of <paramref name="inputSize"/> and keeping a state of <paramref name="hiddenSize"/>.</summary>
    public GRUCell(int inputSize, int hiddenSize, Random random) : base(inputSize, hiddenSize, gates: 3, random)
    {
    }

    /// <summary>One step for a batch: input <c>(batch, in)</c>, state <c>(batch, H)</c> -> new state <c>(batch, H)</c>.</summary>
    /// <remarks>
    /// Computed by one fused operation (the equations above, with their derivatives written out), because recurrent
    /// models repeat this step thousands of times; <see cref="ForwardStepByStep"/> spells the same step out in
    /// tensor operations.
    /// </remarks>
    public Tensor Forward(Tensor input, Tensor hidden)
    {
        CheckShapes(input, hidden);
        return FusedRecurrent.GruStep(input, hidden, WeightIH, WeightHH, BiasIH, BiasHH);
    }

    /// <summary>The same step as <see cref="Forward"/>, written as separate tensor operations that read like the equations.</summary>
    public Tensor ForwardStepByStep(Tensor input, Tensor hidden)
    {
        CheckShapes(input, hidden);
        int h = HiddenSize;
        var fromInput = input.MatMulTransposed(WeightIH) + BiasIH;    // (batch, 3H)
        var fromHidden = hidden.MatMulTransposed(WeightHH) + BiasHH;  // (batch, 3H)
        var reset = (fromInput.SliceColumns(0, h) + fromHidden.SliceColumns(0, h)).Sigmoid();
        var update = (fromInput.SliceColumns(h, h) + fromHidden.SliceColumns(h, h)).Sigmoid();
        var candidate = (fromInput.SliceColumns(2 * h, h) + reset * fromHidden.SliceColumns(2 * h, h)).Tanh();
        return candidate + update * (hidden - candidate);             // (1 - z) n + z h
    }
}
