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
/// Parameters <c>weight_ih</c> <c>(3H, in)</c>, <c>weight_hh</c> <c>(3H, H)</c>, <c>bias_ih</c> and
/// <c>bias_hh</c> <c>(1, 3H)</c>, stacked r, z, n; all initialized uniform in <c>[-1/sqrt(H), 1/sqrt(H)]</c>.
/// </summary>
public sealed class GRUCell : Module
{
    /// <summary>Creates a cell reading rows of <paramref name="inputSize"/> and keeping a state of <paramref name="hiddenSize"/>.</summary>
    public GRUCell(int inputSize, int hiddenSize, Random random)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        double bound = 1 / Math.Sqrt(hiddenSize);
        WeightIH = RegisterParameter("weight_ih", Init.Uniform(3 * hiddenSize, inputSize, bound, random));
        WeightHH = RegisterParameter("weight_hh", Init.Uniform(3 * hiddenSize, hiddenSize, bound, random));
        BiasIH = RegisterParameter("bias_ih", Init.Uniform(1, 3 * hiddenSize, bound, random));
        BiasHH = RegisterParameter("bias_hh", Init.Uniform(1, 3 * hiddenSize, bound, random));
    }

    /// <summary>Input size.</summary>
    public int InputSize { get; }

    /// <summary>State size H.</summary>
    public int HiddenSize { get; }

    /// <summary>Input weights, <c>(3H, in)</c>, rows stacked r, z, n.</summary>
    public Tensor WeightIH { get; }

    /// <summary>State weights, <c>(3H, H)</c>, rows stacked r, z, n.</summary>
    public Tensor WeightHH { get; }

    /// <summary>Input bias, <c>(1, 3H)</c>.</summary>
    public Tensor BiasIH { get; }

    /// <summary>State bias, <c>(1, 3H)</c>.</summary>
    public Tensor BiasHH { get; }

    /// <summary>One step for a batch: input <c>(batch, in)</c>, state <c>(batch, H)</c> -> new state <c>(batch, H)</c>.</summary>
    public Tensor Forward(Tensor input, Tensor hidden)
    {
        RecurrentShapes.Check(nameof(GRUCell), InputSize, HiddenSize, input, hidden);
        int h = HiddenSize;
        var fromInput = input.MatMulTransposed(WeightIH) + BiasIH;    // (batch, 3H)
        var fromHidden = hidden.MatMulTransposed(WeightHH) + BiasHH;  // (batch, 3H)
        var reset = (fromInput.SliceColumns(0, h) + fromHidden.SliceColumns(0, h)).Sigmoid();
        var update = (fromInput.SliceColumns(h, h) + fromHidden.SliceColumns(h, h)).Sigmoid();
        var candidate = (fromInput.SliceColumns(2 * h, h) + reset * fromHidden.SliceColumns(2 * h, h)).Tanh();
        return candidate + update * (hidden - candidate);             // (1 - z) n + z h
    }

    /// <summary>A zero initial state <c>(batch, H)</c>.</summary>
    public Tensor InitialState(int batch) => Tensor.Zeros(batch, HiddenSize);
}

internal static class RecurrentShapes
{
    public static void Check(string cell, int inputSize, int hiddenSize, Tensor input, Tensor hidden)
    {
        if (input.Columns != inputSize)
            throw new ArgumentException($"{cell}: the input has shape {input.Shape} but the cell reads rows of {inputSize} features.", nameof(input));
        if (hidden.Columns != hiddenSize || hidden.Rows != input.Rows)
            throw new ArgumentException($"{cell}: the state has shape {hidden.Shape} but must be ({input.Rows}, {hiddenSize}) for an input of shape {input.Shape}.", nameof(hidden));
    }
}
