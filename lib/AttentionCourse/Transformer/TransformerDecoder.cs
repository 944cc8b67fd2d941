using AttentionCourse.Attention;
using AttentionCourse.Nn;

namespace AttentionCourse.Transformer;

/// <summary>
/// A stack of N decoder layers with an optional final layer norm (PyTorch's <c>nn.TransformerDecoder</c>:
/// <c>layers.0.*</c> .. and <c>norm.*</c>). Every layer attends to the same memory.
/// </summary>
public sealed class TransformerDecoder : Module
{
    /// <summary>Stacks <paramref name="layerCount"/> layers made by <paramref name="makeLayer"/> (called with each index).</summary>
    /// <param name="layerCount">N.</param>
    /// <param name="makeLayer">Creates layer i.</param>
    /// <param name="finalNorm">The final layer norm, or null for none.</param>
    public TransformerDecoder(int layerCount, Func<int, TransformerDecoderLayer> makeLayer, LayerNorm? finalNorm = null)
    {
        Layers = RegisterModule("layers", new ModuleList<TransformerDecoderLayer>(Enumerable.Range(0, layerCount).Select(makeLayer)));
        Norm = finalNorm is null ? null : RegisterModule("norm", finalNorm);
    }

    /// <summary>The layers, first to last.</summary>
    public ModuleList<TransformerDecoderLayer> Layers { get; }

    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>Runs every layer: <c>(B T_target, d_model) -> (B T_target, d_model)</c>; see <see cref="TransformerDecoderLayer.Forward"/>.</summary>
    public SequenceBatch Forward(SequenceBatch target, SequenceBatch memory, bool[,]? targetMask = null, bool[,]? memoryMask = null)
    {
        var x = target;
        for (int i = 0; i < Layers.Count; i++) x = Layers[i].Forward(x, memory, targetMask, memoryMask);
        return Norm is null ? x : x.With(Norm.Forward(x.States));
    }
}
