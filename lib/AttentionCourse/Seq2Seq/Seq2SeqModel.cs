using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using AttentionCourse.Training;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Seq2Seq;

/// <summary>The sizes and choices of a <see cref="Seq2SeqModel"/>.</summary>
/// <param name="SourceVocabulary">Source vocabulary size.</param>
/// <param name="TargetVocabulary">Target vocabulary size.</param>
/// <param name="Attention">None (the fixed-context baseline), Additive (Bahdanau), Dot or General (Luong).</param>
/// <param name="EmbeddingSize">Token embedding size (source and target).</param>
/// <param name="EncoderHidden">Encoder state size per direction.</param>
/// <param name="DecoderHidden">Decoder state size.</param>
/// <param name="Bidirectional">Whether the encoder also reads right to left.</param>
/// <param name="Cell">GRU or LSTM.</param>
public sealed record Seq2SeqOptions(
    int SourceVocabulary,
    int TargetVocabulary,
    DecoderAttention Attention,
    int EmbeddingSize = 32,
    int EncoderHidden = 64,
    int DecoderHidden = 128,
    bool Bidirectional = true,
    RecurrentCellKind Cell = RecurrentCellKind.Gru);

/// <summary>A generated sequence with the attention that produced it.</summary>
/// <param name="Tokens">The generated token ids, without the begin and end markers.</param>
/// <param name="Attention">Attention weights <c>(generated tokens + 1 for the end marker, source length)</c>, or null without attention.</param>
/// <param name="LogProbability">Sum of the log-probabilities of the generated tokens (end marker included).</param>
public sealed record DecodeResult(int[] Tokens, Matrix<double>? Attention, double LogProbability);

/// <summary>
/// An encoder-decoder (sequence-to-sequence) model: a <see cref="RecurrentEncoder"/> reads the source, a
/// <see cref="Seq2SeqDecoder"/> writes the target token by token. Target sequences start with
/// <see cref="Vocabulary.BosId"/> and end with <see cref="Vocabulary.EosId"/>.
/// </summary>
public sealed class Seq2SeqModel : Module, ISequenceModel
{
    /// <summary>Creates the model from <paramref name="options"/> with weights from <paramref name="random"/>.</summary>
    public Seq2SeqModel(Seq2SeqOptions options, Random random)
    {
        Options = options;
        Encoder = RegisterModule("encoder", new RecurrentEncoder(options.SourceVocabulary, options.EmbeddingSize, options.EncoderHidden, options.Bidirectional, options.Cell, random));
        Decoder = RegisterModule("decoder", new Seq2SeqDecoder(options.TargetVocabulary, options.EmbeddingSize, options.DecoderHidden, Encoder.OutputSize, options.Attention, options.Cell, random));
    }

    /// <summary>The model's sizes and choices.</summary>
    public Seq2SeqOptions Options { get; }

    /// <summary>The encoder.</summary>
    public RecurrentEncoder Encoder { get; }

    /// <summary>The decoder.</summary>
    public Seq2SeqDecoder Decoder { get; }

    /// <summary>
    /// Mean cross-entropy of the target tokens under teacher forcing: at each step the decoder reads the true
    /// previous token and is scored on the next one; padding is ignored.
    /// </summary>
    /// <param name="source">The source batch.</param>
    /// <param name="target">The target batch, each row <c>bos ... eos</c> then padding.</param>
    /// <param name="labelSmoothing">ε of <see cref="Losses.CrossEntropy"/>.</param>
    public Tensor Loss(PaddedBatch source, PaddedBatch target, double labelSmoothing = 0)
    {
        if (source.Size != target.Size)
            throw new ArgumentException($"The source batch has {source.Size} sequences but the target batch has {target.Size}.", nameof(target));
        var memory = Decoder.Prepare(Encoder.Forward(source));
        var state = Decoder.Start(memory);
        var logits = new List<Tensor>();
        var expected = new List<int>();
        for (int t = 0; t + 1 < target.MaxLength; t++)
        {
            var step = Decoder.Step(target.Step(t), state, memory);
            logits.Add(step.Logits);            // (B, vocabulary)
            expected.AddRange(target.Step(t + 1));
            state = step.State;
        }
        return Losses.CrossEntropy(Tensor.ConcatRows(logits), expected, ignoreIndex: Vocabulary.PadId, labelSmoothing: labelSmoothing);
    }

    /// <summary>
    /// Greedy decoding of a whole batch: at each step take the most likely token, until every sequence has produced
    /// the end marker or <paramref name="maxLength"/> tokens.
    /// </summary>
    public IReadOnlyList<DecodeResult> Greedy(PaddedBatch source, int maxLength)
    {
        using var _ = Tensor.NoGrad();
        var memory = Decoder.Prepare(Encoder.Forward(source));
        var state = Decoder.Start(memory);
        int batch = source.Size;
        var tokens = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var attention = Enumerable.Range(0, batch).Select(_ => new List<double[]>()).ToArray();
        var logProbabilities = new double[batch];
        var finished = new bool[batch];
        var previous = Enumerable.Repeat(Vocabulary.BosId, batch).ToArray();
        for (int t = 0; t < maxLength && !finished.All(f => f); t++)
        {
            var step = Decoder.Step(previous, state, memory);
            var logProbability = step.Logits.LogSoftmax().Value;
            for (int b = 0; b < batch; b++)
            {
                if (finished[b]) continue;
                int next = logProbability.Row(b).MaximumIndex();
                logProbabilities[b] += logProbability[b, next];
                if (step.Weights != null) attention[b].Add(step.Weights.Value.Row(b).SubVector(0, source.Lengths[b]).ToArray());
                if (next == Vocabulary.EosId) finished[b] = true;
                else tokens[b].Add(next);
                previous[b] = next;
            }
            state = step.State;
        }
        return Enumerable.Range(0, batch)
            .Select(b => new DecodeResult(tokens[b].ToArray(), AttentionMatrix(attention[b]), logProbabilities[b]))
            .ToList();
    }

    /// <summary>
    /// Beam search for one source sequence: keeps the <paramref name="beamWidth"/> best partial outputs at every step,
    /// and returns the finished output with the best length-normalized score <c>log p / length^alpha</c>.
    /// </summary>
    /// <param name="sourceIds">The source token ids (no padding).</param>
    /// <param name="beamWidth">Hypotheses kept per step (1 is greedy).</param>
    /// <param name="maxLength">Longest output, in tokens.</param>
    /// <param name="lengthPenalty">alpha: 0 ranks by raw log-probability (favoring short outputs), 1 by the per-token average.</param>
    public DecodeResult Beam(IReadOnlyList<int> sourceIds, int beamWidth, int maxLength, double lengthPenalty = 1.0)
    {
        if (beamWidth < 1) throw new ArgumentOutOfRangeException(nameof(beamWidth), $"The beam width must be at least 1, got {beamWidth}.");
        using var _ = Tensor.NoGrad();
        var encoded = Encoder.Forward(PaddedBatch.Pad([sourceIds.ToArray()]));
        var hypotheses = new List<Hypothesis> { new([], [], 0) };
        var finished = new List<Hypothesis>();
        DecoderMemory? memory = null;
        DecoderState? state = null;
        for (int t = 0; t < maxLength && hypotheses.Count > 0; t++)
        {
            // One decoder batch row per live hypothesis: replicate the encoder's states for them.
            var rows = Enumerable.Range(0, hypotheses.Count).ToArray();
            memory = Decoder.Prepare(Replicate(encoded, hypotheses.Count));
            state = t == 0 ? Decoder.Start(memory) : state!;
            var step = Decoder.Step(hypotheses.Select(h => h.Tokens.Count == 0 ? Vocabulary.BosId : h.Tokens[^1]).ToArray(), state, memory);
            var logProbability = step.Logits.LogSoftmax().Value;

            var candidates = new List<(int Parent, int Token, double Score)>();
            for (int h = 0; h < hypotheses.Count; h++)
            {
                var row = logProbability.Row(h);
                foreach (int token in Enumerable.Range(0, row.Count).OrderByDescending(i => row[i]).Take(beamWidth))
                    candidates.Add((h, token, hypotheses[h].LogProbability + row[token]));
            }
            var next = new List<Hypothesis>();
            var parents = new List<int>();
            foreach (var (parent, token, score) in candidates.OrderByDescending(c => c.Score))
            {
                if (next.Count == beamWidth) break; // everything further down the list is worse than the beam
                var extended = hypotheses[parent].Extend(token, step.Weights?.Value.Row(parent).ToArray(), score);
                if (token == Vocabulary.EosId)
                {
                    finished.Add(extended);
                    continue;
                }
                next.Add(extended);
                parents.Add(parent);
            }
            hypotheses = next;
            state = next.Count > 0 ? step.State.Rows(parents) : null;
            if (finished.Count >= beamWidth) break;
        }
        var best = (finished.Count > 0 ? finished : hypotheses).MaxBy(h => h.Normalized(lengthPenalty))!;
        return new DecodeResult(best.Tokens.Where(t => t != Vocabulary.EosId).ToArray(), AttentionMatrix(best.Attention), best.LogProbability);
    }

    private sealed record Hypothesis(List<int> Tokens, List<double[]> Attention, double LogProbability)
    {
        public Hypothesis Extend(int token, double[]? weights, double logProbability) =>
            new([.. Tokens, token], weights is null ? Attention : [.. Attention, weights], logProbability);

        /// <summary>log p / length^alpha, the length counting the end marker.</summary>
        public double Normalized(double alpha) => LogProbability / PortableMath.Exp(alpha * PortableMath.Log(Math.Max(1, Tokens.Count)));
    }

    /// <summary>The encoder output of one sequence repeated for <paramref name="copies"/> decoder rows.</summary>
    private static EncoderOutput Replicate(EncoderOutput single, int copies)
    {
        int time = single.Time;
        var rows = Enumerable.Range(0, time).SelectMany(t => Enumerable.Repeat(t, copies)).ToArray(); // time-major: row t*copies + i = step t
        var padding = new bool[copies, time];
        for (int i = 0; i < copies; i++)
            for (int t = 0; t < time; t++) padding[i, t] = single.Padding[0, t];
        return new EncoderOutput(single.States.GatherRows(rows), single.FinalState.GatherRows(Enumerable.Repeat(0, copies).ToArray()), padding,
            Enumerable.Repeat(single.Lengths[0], copies).ToArray());
    }

    private static Matrix<double>? AttentionMatrix(List<double[]> rows) =>
        rows.Count == 0 ? null : Matrix<double>.Build.DenseOfRowArrays(rows);
}
