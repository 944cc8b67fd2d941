using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Transformer;

/// <summary>The nonlinearity between the two linear layers of a feed-forward block.</summary>
public enum Activation
{
    /// <summary><c>max(0, x)</c>, the original Transformer's (PyTorch's default).</summary>
    Relu,
    /// <summary>The exact Gaussian error linear unit <c>x Φ(x)</c> (BERT, GPT).</summary>
    Gelu,
}

/// <summary>
/// The position-wise feed-forward block of a Transformer layer, applied to every token on its own:
/// <code>
/// FFN(x) = linear2(dropout(activation(linear1(x))))     linear1: d_model -> d_ff, linear2: d_ff -> d_model
/// </code>
/// Parameters <c>linear1.weight</c> <c>(d_ff, d_model)</c>, <c>linear1.bias</c>, <c>linear2.weight</c>
/// <c>(d_model, d_ff)</c>, <c>linear2.bias</c>: PyTorch's layers hold the same two as <c>linear1</c> and <c>linear2</c>.
/// </summary>
public sealed class FeedForward : Module
{
    /// <summary>Creates the block.</summary>
    /// <param name="modelDimension">d_model, the size of each token's vector.</param>
    /// <param name="feedForwardDimension">d_ff, the hidden size (PyTorch's <c>dim_feedforward</c>; 4 d_model in most models).</param>
    /// <param name="random">Source of the initial weights and of dropout.</param>
    /// <param name="dropout">Dropout after the activation, in training only.</param>
    /// <param name="activation">ReLU or GELU.</param>
    public FeedForward(int modelDimension, int feedForwardDimension, Random random, double dropout = 0.1, Activation activation = Activation.Relu)
    {
        Linear1 = RegisterModule("linear1", new Linear(modelDimension, feedForwardDimension, random));
        Dropout = RegisterModule("dropout", new Dropout(dropout, random));
        Linear2 = RegisterModule("linear2", new Linear(feedForwardDimension, modelDimension, random));
        Activation = activation;
    }

    /// <summary>d_model -> d_ff.</summary>
    public Linear Linear1 { get; }

    /// <summary>Dropout after the activation.</summary>
    public Dropout Dropout { get; }

    /// <summary>d_ff -> d_model.</summary>
    public Linear Linear2 { get; }

    /// <summary>ReLU or GELU.</summary>
    public Activation Activation { get; }

    /// <summary>Transforms every row on its own: <c>(n, d_model) -> (n, d_model)</c>.</summary>
    public Tensor Forward(Tensor input)
    {
        var hidden = Linear1.Forward(input);                                            // (n, d_ff)
        hidden = Activation == Activation.Gelu ? hidden.Gelu() : hidden.Relu();
        return Linear2.Forward(Dropout.Forward(hidden));                                // (n, d_model)
    }
}
