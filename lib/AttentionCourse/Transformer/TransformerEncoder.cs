using AttentionCourse.Attention;
using AttentionCourse.Nn;

namespace AttentionCourse.Transformer;

/// <summary>
/// A stack of N encoder layers, each reading the previous one's output, with an optional final layer norm
/// (PyTorch's <c>nn.TransformerEncoder</c>: parameters <c>layers.0.*</c> .. <c>layers.{N-1}.*</c> and <c>norm.*</c>).
/// A pre-norm stack needs the final norm, since its last layer's output is a sum that was never normalized;
/// <c>nn.Transformer</c> adds one in both placements.
/// </summary>
public sealed class TransformerEncoder : Module
{
    /// <summary>Stacks <paramref name="layerCount"/> layers made by <paramref name="makeLayer"/> (called with each index).</summary>
    /// <param name="layerCount">N.</param>
    /// <param name="makeLayer">Creates layer i.</param>
    /// <param name="finalNorm">The final layer norm, or null for none.</param>
    public TransformerEncoder(int layerCount, Func<int, TransformerEncoderLayer> makeLayer, LayerNorm? finalNorm = null)
    {
        Layers = RegisterModule("layers", new ModuleList<TransformerEncoderLayer>(Enumerable.Range(0, layerCount).Select(makeLayer)));
        Norm = finalNorm is null ? null : RegisterModule("norm", finalNorm);
    }

    /// <summary>The layers, first to last.</summary>
    public ModuleList<TransformerEncoderLayer> Layers { get; }

    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>Runs every layer: <c>(B T, d_model) -> (B T, d_model)</c>; see <see cref="TransformerEncoderLayer.Forward"/>.</summary>
    public SequenceBatch Forward(SequenceBatch source, bool[,]? attentionMask = null)
    {
        var x = source;
        for (int i = 0; i < Layers.Count; i++) x = Layers[i].Forward(x, attentionMask);
        return Norm is null ? x : x.With(Norm.Forward(x.States));
    }
}
