using AttentionCourse.Data;
using AttentionCourse.Tensors;

namespace AttentionCourse.Seq2Seq;

/// <summary>
/// What <see cref="SequenceTask"/> needs from an encoder-decoder model to train and evaluate it: the recurrent
/// <see cref="Seq2SeqModel"/> and the <see cref="Transformer.TransformerModel"/> both provide it.
/// </summary>
public interface ISequenceModel
{
    /// <summary>
    /// Mean cross-entropy of the target tokens under teacher forcing, padding ignored.
    /// </summary>
    /// <param name="source">The source batch.</param>
    /// <param name="target">The target batch, each row <c>bos ... eos</c> then padding.</param>
    /// <param name="labelSmoothing">ε: the target distribution puts <c>1 - ε</c> on the true token, the rest spread evenly.</param>
    Tensor Loss(PaddedBatch source, PaddedBatch target, double labelSmoothing = 0);

    /// <summary>Greedy decoding of a whole batch, up to <paramref name="maxLength"/> tokens per sequence.</summary>
    IReadOnlyList<DecodeResult> Greedy(PaddedBatch source, int maxLength);
}
