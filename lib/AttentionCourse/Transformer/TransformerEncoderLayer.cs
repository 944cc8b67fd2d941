using AttentionCourse.Attention;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Transformer;

/// <summary>
/// One encoder layer (Vaswani et al., 2017), the same arithmetic as PyTorch's <c>nn.TransformerEncoderLayer</c>
/// with <c>batch_first=True</c>: self-attention, then a feed-forward block, each wrapped in a residual connection
/// and a layer norm. Post-norm (the paper's, <c>normFirst: false</c>) and pre-norm (<c>normFirst: true</c>):
/// <code>
/// post-norm:  x = norm1(x + dropout1(self_attn(x)))          pre-norm:  x = x + dropout1(self_attn(norm1(x)))
///             x = norm2(x + dropout2(feed_forward(x)))                  x = x + dropout2(feed_forward(norm2(x)))
/// </code>
/// With a causal mask it is also the block of a decoder-only (GPT-style) model, which has no cross-attention.
/// </summary>
/// <remarks>
/// Loading PyTorch weights is a renaming (see <see cref="PyTorchNames"/> and docs/transformer.md):
/// <code>
/// PyTorch nn.TransformerEncoderLayer         this layer
/// self_attn.in_proj_weight (3d, d)           rows 0..d-1: self_attn.w_q.weight, d..2d-1: w_k.weight, 2d..3d-1: w_v.weight
/// self_attn.in_proj_bias (3d)                self_attn.w_q.bias, w_k.bias, w_v.bias (each (1, d)), in that order
/// self_attn.out_proj.weight / .bias          self_attn.w_o.weight / .bias
/// linear1.*, linear2.*                       feed_forward.linear1.*, feed_forward.linear2.*
/// norm1.*, norm2.*                           norm1.*, norm2.*
/// </code>
/// </remarks>
public sealed class TransformerEncoderLayer : Module
{
    /// <summary>Creates the layer (PyTorch's defaults: dropout 0.1, ReLU, post-norm, layer norm epsilon 1e-5).</summary>
    /// <param name="modelDimension">d_model.</param>
    /// <param name="heads">Attention heads; must divide d_model.</param>
    /// <param name="feedForwardDimension">d_ff, the feed-forward block's hidden size.</param>
    /// <param name="random">Source of the initial weights and of dropout.</param>
    /// <param name="dropout">Dropout on attention weights, after the activation and on each residual branch.</param>
    /// <param name="activation">ReLU or GELU in the feed-forward block.</param>
    /// <param name="normFirst">Pre-norm (true) or post-norm (false, the paper's).</param>
    /// <param name="layerNormEpsilon">Added to the variance in every layer norm.</param>
    public TransformerEncoderLayer(int modelDimension, int heads, int feedForwardDimension, Random random, double dropout = 0.1,
        Activation activation = Activation.Relu, bool normFirst = false, double layerNormEpsilon = 1e-5)
    {
        SelfAttention = RegisterModule("self_attn", new MultiHeadAttention(modelDimension, heads, random, dropout));
        FeedForward = RegisterModule("feed_forward", new FeedForward(modelDimension, feedForwardDimension, random, dropout, activation));
        Norm1 = RegisterModule("norm1", new LayerNorm(modelDimension, layerNormEpsilon));
        Norm2 = RegisterModule("norm2", new LayerNorm(modelDimension, layerNormEpsilon));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, random));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, random));
        NormFirst = normFirst;
    }

    /// <summary>Self-attention.</summary>
    public MultiHeadAttention SelfAttention { get; }

    /// <summary>The feed-forward block.</summary>
    public FeedForward FeedForward { get; }

    /// <summary>The layer norm around self-attention.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The layer norm around the feed-forward block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Dropout on the self-attention branch.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the feed-forward branch.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>Pre-norm (true) or post-norm (false).</summary>
    public bool NormFirst { get; }

    /// <summary>Every sequence's and head's self-attention weights from the last <see cref="Forward"/>, <c>(T, T)</c> each.</summary>
    public AttentionMaps? SelfAttentionWeights { get; private set; }

    /// <summary>
    /// Encodes a batch: <c>(B T, d_model) -> (B T, d_model)</c>. No position attends to a padding step of its own
    /// sequence (<see cref="SequenceBatch.Padding"/>) nor where <paramref name="attentionMask"/> is true.
    /// </summary>
    /// <param name="source">The sequences and their padding.</param>
    /// <param name="attentionMask">Optional <c>(T, T)</c> mask (PyTorch's <c>src_mask</c>), e.g. <see cref="Masks.Causal"/>.</param>
    public SequenceBatch Forward(SequenceBatch source, bool[,]? attentionMask = null)
    {
        var x = source.States;                                                           // (B T, d_model)
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(source.With(Norm1.Forward(x)), attentionMask);
            x = x + Dropout2.Forward(FeedForward.Forward(Norm2.Forward(x)));
        }
        else
        {
            x = Norm1.Forward(x + SelfAttentionBlock(source, attentionMask));
            x = Norm2.Forward(x + Dropout2.Forward(FeedForward.Forward(x)));
        }
        return source.With(x);
    }

    private Tensor SelfAttentionBlock(SequenceBatch x, bool[,]? attentionMask)
    {
        var (attended, weights) = SelfAttention.Forward(x, x, attentionMask);
        SelfAttentionWeights = weights;
        return Dropout1.Forward(attended.States);
    }
}
