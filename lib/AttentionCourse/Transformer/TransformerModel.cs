using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Transformer;

/// <summary>The sizes and choices of a <see cref="TransformerModel"/>; the defaults make a tiny model that trains in seconds.</summary>
/// <param name="SourceVocabulary">Source vocabulary size.</param>
/// <param name="TargetVocabulary">Target vocabulary size.</param>
/// <param name="ModelDimension">d_model (512 in the paper).</param>
/// <param name="Heads">Attention heads per layer (8 in the paper).</param>
/// <param name="EncoderLayers">Encoder layers (6 in the paper).</param>
/// <param name="DecoderLayers">Decoder layers (6 in the paper).</param>
/// <param name="FeedForwardDimension">d_ff (2048 in the paper).</param>
/// <param name="Dropout">Dropout everywhere (0.1 in the paper).</param>
/// <param name="Activation">ReLU (the paper's) or GELU.</param>
/// <param name="NormFirst">Pre-norm (true) or post-norm (false, the paper's).</param>
/// <param name="LearnedPositions">Learned positions (true) or sinusoidal ones (false, the paper's).</param>
/// <param name="MaxLength">Longest sequence learned positions cover.</param>
/// <param name="ShareEmbeddings">One token table for source and target (the vocabularies must then be the same size).</param>
/// <param name="LayerNormEpsilon">Added to the variance in every layer norm (PyTorch's 1e-5).</param>
public sealed record TransformerOptions(
    int SourceVocabulary,
    int TargetVocabulary,
    int ModelDimension = 32,
    int Heads = 4,
    int EncoderLayers = 2,
    int DecoderLayers = 2,
    int FeedForwardDimension = 64,
    double Dropout = 0.1,
    Activation Activation = Activation.Relu,
    bool NormFirst = false,
    bool LearnedPositions = false,
    int MaxLength = 64,
    bool ShareEmbeddings = false,
    double LayerNormEpsilon = 1e-5);

/// <summary>
/// The encoder-decoder Transformer of "Attention Is All You Need": token embeddings (scaled by <c>sqrt(d_model)</c>)
/// plus positions, an encoder stack over the source, a decoder stack over the target that attends to the encoder's
/// output, and a linear layer to the target vocabulary. Target sequences start with <see cref="Vocabulary.BosId"/>
/// and end with <see cref="Vocabulary.EosId"/>.
/// </summary>
/// <remarks>
/// The stacks are PyTorch's <c>nn.Transformer</c> (both end in a layer norm, <c>encoder.norm</c> and
/// <c>decoder.norm</c>, in either norm placement); parameter names map to it as described in
/// <see cref="PyTorchNames"/>. The embeddings (<c>source_embedding</c>, <c>target_embedding</c>, or one
/// <c>embedding</c> when shared) and <c>output</c> are this model's own.
/// </remarks>
public sealed class TransformerModel : Module, ISequenceModel
{
    /// <summary>Creates the model from <paramref name="options"/> with weights from <paramref name="random"/>.</summary>
    /// <exception cref="ArgumentException">Shared embeddings with vocabularies of different sizes.</exception>
    public TransformerModel(TransformerOptions options, Random random)
    {
        Options = options;
        var o = options;
        TokenEmbedding Embedding(int vocabulary) => new(vocabulary, o.ModelDimension, random, o.LearnedPositions, o.MaxLength, o.Dropout);
        if (o.ShareEmbeddings)
        {
            if (o.SourceVocabulary != o.TargetVocabulary)
                throw new ArgumentException($"Shared embeddings need one vocabulary, but the source has {o.SourceVocabulary} tokens and the target {o.TargetVocabulary}.", nameof(options));
            SourceEmbedding = TargetEmbedding = RegisterModule("embedding", Embedding(o.SourceVocabulary));
        }
        else
        {
            SourceEmbedding = RegisterModule("source_embedding", Embedding(o.SourceVocabulary));
            TargetEmbedding = RegisterModule("target_embedding", Embedding(o.TargetVocabulary));
        }
        Encoder = RegisterModule("encoder", new TransformerEncoder(o.EncoderLayers,
            _ => new TransformerEncoderLayer(o.ModelDimension, o.Heads, o.FeedForwardDimension, random, o.Dropout, o.Activation, o.NormFirst, o.LayerNormEpsilon),
            new LayerNorm(o.ModelDimension, o.LayerNormEpsilon)));
        Decoder = RegisterModule("decoder", new TransformerDecoder(o.DecoderLayers,
            _ => new TransformerDecoderLayer(o.ModelDimension, o.Heads, o.FeedForwardDimension, random, o.Dropout, o.Activation, o.NormFirst, o.LayerNormEpsilon),
            new LayerNorm(o.ModelDimension, o.LayerNormEpsilon)));
        Output = RegisterModule("output", new Linear(o.ModelDimension, o.TargetVocabulary, random));
    }

    /// <summary>The model's sizes and choices.</summary>
    public TransformerOptions Options { get; }

    /// <summary>Source tokens and positions to vectors.</summary>
    public TokenEmbedding SourceEmbedding { get; }

    /// <summary>Target tokens and positions to vectors (the same object as <see cref="SourceEmbedding"/> when shared).</summary>
    public TokenEmbedding TargetEmbedding { get; }

    /// <summary>The encoder stack.</summary>
    public TransformerEncoder Encoder { get; }

    /// <summary>The decoder stack.</summary>
    public TransformerDecoder Decoder { get; }

    /// <summary>d_model -> target vocabulary logits.</summary>
    public Linear Output { get; }

    /// <summary>Encodes a source batch: B sequences -> memory <c>(B T_source, d_model)</c> with the source padding.</summary>
    public SequenceBatch Encode(PaddedBatch source) => Encoder.Forward(SourceEmbedding.Forward(source));

    /// <summary>
    /// Next-token logits for every step of a target batch, each step seeing only the steps before it (causal mask):
    /// B target prefixes of T steps -> <c>(B T, target vocabulary)</c>, batch-major.
    /// </summary>
    public Tensor Decode(PaddedBatch target, SequenceBatch memory)
    {
        var x = TargetEmbedding.Forward(target);                                        // (B T, d_model)
        var y = Decoder.Forward(x, memory, Masks.Causal(x.Time));                       // (B T, d_model)
        return Output.Forward(y.States);                                                // (B T, vocabulary)
    }

    /// <inheritdoc />
    public Tensor Loss(PaddedBatch source, PaddedBatch target, double labelSmoothing = 0)
    {
        if (source.Size != target.Size)
            throw new ArgumentException($"The source batch has {source.Size} sequences but the target batch has {target.Size}.", nameof(target));
        var (input, expected) = ShiftedForTeacherForcing(target);
        var logits = Decode(input, Encode(source));                                     // (B (T - 1), vocabulary)
        return Losses.CrossEntropy(logits, expected, ignoreIndex: Vocabulary.PadId, labelSmoothing: labelSmoothing);
    }

    /// <summary>
    /// Teacher forcing: the decoder reads <c>bos y1 .. yn</c> (each sequence without its last step) and is scored on
    /// <c>y1 .. yn eos</c> (each without its first); padding targets are ignored by the loss.
    /// </summary>
    internal static (PaddedBatch Input, int[] Expected) ShiftedForTeacherForcing(PaddedBatch sequences)
    {
        var input = new PaddedBatch(sequences.Ids.Select(s => s[..^1]).ToArray(), sequences.Lengths.Select(l => Math.Max(0, l - 1)).ToArray());
        var expected = sequences.Ids.SelectMany(s => s[1..]).ToArray();                 // batch-major, like the logits' rows
        return (input, expected);
    }

    /// <summary>
    /// Greedy decoding of a whole batch: the decoder re-reads each prefix and appends its most likely next token,
    /// until every sequence has produced the end marker or <paramref name="maxLength"/> tokens. Each result's
    /// attention is the last decoder layer's cross-attention, averaged over heads, <c>(tokens + 1, source length)</c>;
    /// every layer's and head's maps of the last step stay on the layers (e.g. <see cref="TransformerDecoderLayer.CrossAttentionWeights"/>).
    /// </summary>
    public IReadOnlyList<DecodeResult> Greedy(PaddedBatch source, int maxLength)
    {
        using var _ = Tensor.NoGrad();
        var memory = Encode(source);
        int batch = source.Size;
        var prefixes = Enumerable.Range(0, batch).Select(_ => new List<int> { Vocabulary.BosId }).ToArray();
        var logProbabilities = new double[batch];
        var finished = new bool[batch];
        var generated = new int[batch]; // tokens before the end marker
        int steps = 0;
        for (; steps < maxLength && !finished.All(f => f); steps++)
        {
            int time = steps + 1;
            var logProbability = Decode(PaddedBatch.Pad(prefixes.Select(p => p.ToArray()).ToList()), memory).LogSoftmax().Value; // (B time, vocabulary)
            for (int b = 0; b < batch; b++)
            {
                if (finished[b])
                {
                    prefixes[b].Add(Vocabulary.PadId); // keeps the batch rectangular; the causal mask hides it from earlier steps
                    continue;
                }
                var row = logProbability.Row(b * time + steps);
                int next = row.MaximumIndex();
                logProbabilities[b] += row[next];
                finished[b] = next == Vocabulary.EosId;
                if (!finished[b]) generated[b]++;
                prefixes[b].Add(next);
            }
        }
        var crossAttention = Decoder.Layers[Decoder.Layers.Count - 1].CrossAttentionWeights;
        return Enumerable.Range(0, batch).Select(b =>
        {
            var tokens = prefixes[b].Skip(1).Take(generated[b]).ToArray();
            int rows = Math.Min(steps, tokens.Length + 1);
            var attention = crossAttention?.Average(b).SubMatrix(0, rows, 0, source.Lengths[b]);
            return new DecodeResult(tokens, attention, logProbabilities[b]);
        }).ToList();
    }
}
