using AttentionCourse.Tensors;

namespace AttentionCourse.Nn;

/// <summary>
/// What GRU and LSTM cells share: per-gate input weights <c>weight_ih</c> <c>(gates H, in)</c>, state
/// weights <c>weight_hh</c> <c>(gates H, H)</c> and biases <c>bias_ih</c>, <c>bias_hh</c> <c>(1, gates H)</c>,
/// stacked gate by gate as PyTorch stores them, all initialized uniform in <c>[-1/sqrt(H), 1/sqrt(H)]</c>.
/// </summary>
public abstract class RecurrentCell : Module
{
    /// <summary>Creates the parameters for <paramref name="gates"/> stacked gates.</summary>
    protected RecurrentCell(int inputSize, int hiddenSize, int gates, Random random)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"{GetType().Name} needs positive sizes, got input {inputSize}, hidden {hiddenSize}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        double bound = 1 / Math.Sqrt(hiddenSize);
        WeightIH = RegisterParameter("weight_ih", Init.Uniform(gates * hiddenSize, inputSize, bound, random));
        WeightHH = RegisterParameter("weight_hh", Init.Uniform(gates * hiddenSize, hiddenSize, bound, random));
        BiasIH = RegisterParameter("bias_ih", Init.Uniform(1, gates * hiddenSize, bound, random));
        BiasHH = RegisterParameter("bias_hh", Init.Uniform(1, gates * hiddenSize, bound, random));
    }

    /// <summary>Input size.</summary>
    public int InputSize { get; }

    /// <summary>State size H.</summary>
    public int HiddenSize { get; }

    /// <summary>Input weights, <c>(gates H, in)</c>, rows stacked gate by gate.</summary>
    public Tensor WeightIH { get; }

    /// <summary>State weights, <c>(gates H, H)</c>, rows stacked gate by gate.</summary>
    public Tensor WeightHH { get; }

    /// <summary>Input bias, <c>(1, gates H)</c>.</summary>
    public Tensor BiasIH { get; }

    /// <summary>State bias, <c>(1, gates H)</c>.</summary>
    public Tensor BiasHH { get; }

    /// <summary>A zero state <c>(batch, H)</c>.</summary>
    public Tensor ZeroState(int batch) => Tensor.Zeros(batch, HiddenSize);

    /// <summary>Checks an input <c>(batch, in)</c> and a state <c>(batch, H)</c>, naming both shapes if they do not fit.</summary>
    protected void CheckShapes(Tensor input, Tensor state)
    {
        if (input.Columns != InputSize)
            throw new ArgumentException($"{GetType().Name}: the input has shape {input.Shape} but the cell reads rows of {InputSize} features.", nameof(input));
        if (state.Columns != HiddenSize || state.Rows != input.Rows)
            throw new ArgumentException($"{GetType().Name}: the state has shape {state.Shape} but must be ({input.Rows}, {HiddenSize}) for an input of shape {input.Shape}.", nameof(state));
    }
}
