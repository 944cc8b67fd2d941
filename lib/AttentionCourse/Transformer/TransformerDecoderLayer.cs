using AttentionCourse.Attention;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Transformer;

/// <summary>
/// One decoder layer (Vaswani et al., 2017), the same arithmetic as PyTorch's <c>nn.TransformerDecoderLayer</c>
/// with <c>batch_first=True</c>: masked self-attention over the target, cross-attention from the target to the
/// encoder's output (the memory), then a feed-forward block; each in a residual connection with a layer norm.
/// <code>
/// post-norm:  x = norm1(x + dropout1(self_attn(x)))             pre-norm:  x = x + dropout1(self_attn(norm1(x)))
///             x = norm2(x + dropout2(multihead_attn(x, m)))                x = x + dropout2(multihead_attn(norm2(x), m))
///             x = norm3(x + dropout3(feed_forward(x)))                     x = x + dropout3(feed_forward(norm3(x)))
/// </code>
/// </summary>
/// <remarks>
/// Loading PyTorch weights is a renaming (see <see cref="PyTorchNames"/>): as for
/// <see cref="TransformerEncoderLayer"/>, and <c>multihead_attn.*</c> like <c>self_attn.*</c>, <c>norm3.*</c> as is.
/// </remarks>
public sealed class TransformerDecoderLayer : Module
{
    /// <summary>Creates the layer (PyTorch's defaults: dropout 0.1, ReLU, post-norm, layer norm epsilon 1e-5).</summary>
    /// <inheritdoc cref="TransformerEncoderLayer(int, int, int, Random, double, Activation, bool, double)" path="/param"/>
    public TransformerDecoderLayer(int modelDimension, int heads, int feedForwardDimension, Random random, double dropout = 0.1,
        Activation activation = Activation.Relu, bool normFirst = false, double layerNormEpsilon = 1e-5)
    {
        SelfAttention = RegisterModule("self_attn", new MultiHeadAttention(modelDimension, heads, random, dropout));
        CrossAttention = RegisterModule("multihead_attn", new MultiHeadAttention(modelDimension, heads, random, dropout));
        FeedForward = RegisterModule("feed_forward", new FeedForward(modelDimension, feedForwardDimension, random, dropout, activation));
        Norm1 = RegisterModule("norm1", new LayerNorm(modelDimension, layerNormEpsilon));
        Norm2 = RegisterModule("norm2", new LayerNorm(modelDimension, layerNormEpsilon));
        Norm3 = RegisterModule("norm3", new LayerNorm(modelDimension, layerNormEpsilon));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, random));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, random));
        Dropout3 = RegisterModule("dropout3", new Dropout(dropout, random));
        NormFirst = normFirst;
    }

    /// <summary>Masked self-attention over the target.</summary>
    public MultiHeadAttention SelfAttention { get; }

    /// <summary>Cross-attention: target queries, memory keys and values (PyTorch's <c>multihead_attn</c>).</summary>
    public MultiHeadAttention CrossAttention { get; }

    /// <summary>The feed-forward block.</summary>
    public FeedForward FeedForward { get; }

    /// <summary>The layer norm around self-attention.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The layer norm around cross-attention.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>The layer norm around the feed-forward block.</summary>
    public LayerNorm Norm3 { get; }

    /// <summary>Dropout on the self-attention branch.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the cross-attention branch.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>Dropout on the feed-forward branch.</summary>
    public Dropout Dropout3 { get; }

    /// <summary>Pre-norm (true) or post-norm (false).</summary>
    public bool NormFirst { get; }

    /// <summary>Every sequence's and head's self-attention weights from the last <see cref="Forward"/>, <c>(T_target, T_target)</c> each.</summary>
    public AttentionMaps? SelfAttentionWeights { get; private set; }

    /// <summary>Every sequence's and head's cross-attention weights from the last <see cref="Forward"/>, <c>(T_target, T_source)</c> each.</summary>
    public AttentionMaps? CrossAttentionWeights { get; private set; }

    /// <summary>
    /// Decodes a batch: target <c>(B T_target, d_model)</c> and memory <c>(B T_source, d_model)</c> ->
    /// <c>(B T_target, d_model)</c>. Padding steps of the target and of the memory are never attended to.
    /// </summary>
    /// <param name="target">The target sequences so far, with their padding.</param>
    /// <param name="memory">The encoder's output for the same sequences, with the source padding.</param>
    /// <param name="targetMask">Optional <c>(T_target, T_target)</c> mask (PyTorch's <c>tgt_mask</c>), usually <see cref="Masks.Causal"/>.</param>
    /// <param name="memoryMask">Optional <c>(T_target, T_source)</c> mask (PyTorch's <c>memory_mask</c>).</param>
    public SequenceBatch Forward(SequenceBatch target, SequenceBatch memory, bool[,]? targetMask = null, bool[,]? memoryMask = null)
    {
        var x = target.States;                                                           // (B T_target, d_model)
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(target.With(Norm1.Forward(x)), targetMask);
            x = x + CrossAttentionBlock(target.With(Norm2.Forward(x)), memory, memoryMask);
            x = x + Dropout3.Forward(FeedForward.Forward(Norm3.Forward(x)));
        }
        else
        {
            x = Norm1.Forward(x + SelfAttentionBlock(target, targetMask));
            x = Norm2.Forward(x + CrossAttentionBlock(target.With(x), memory, memoryMask));
            x = Norm3.Forward(x + Dropout3.Forward(FeedForward.Forward(x)));
        }
        return target.With(x);
    }

    private Tensor SelfAttentionBlock(SequenceBatch x, bool[,]? mask)
    {
        var (attended, weights) = SelfAttention.Forward(x, x, mask);
        SelfAttentionWeights = weights;
        return Dropout1.Forward(attended.States);
    }

    private Tensor CrossAttentionBlock(SequenceBatch x, SequenceBatch memory, bool[,]? mask)
    {
        var (attended, weights) = CrossAttention.Forward(x, memory, mask);
        CrossAttentionWeights = weights;
        return Dropout2.Forward(attended.States);
    }
}
