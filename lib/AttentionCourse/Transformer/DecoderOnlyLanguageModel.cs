using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using AttentionCourse.Training;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Transformer;

/// <summary>The sizes and choices of a <see cref="DecoderOnlyLanguageModel"/>; the defaults are GPT-2's choices at a tiny size.</summary>
/// <param name="Vocabulary">Vocabulary size.</param>
/// <param name="ModelDimension">d_model.</param>
/// <param name="Heads">Attention heads per layer.</param>
/// <param name="Layers">Number of layers.</param>
/// <param name="FeedForwardDimension">d_ff.</param>
/// <param name="Dropout">Dropout everywhere.</param>
/// <param name="Activation">GELU (GPT's) or ReLU.</param>
/// <param name="NormFirst">Pre-norm (GPT-2's) or post-norm.</param>
/// <param name="LearnedPositions">Learned positions (GPT's) or sinusoidal ones.</param>
/// <param name="MaxLength">The context window: the longest sequence the model reads.</param>
/// <param name="LayerNormEpsilon">Added to the variance in every layer norm.</param>
public sealed record LanguageModelOptions(
    int Vocabulary,
    int ModelDimension = 32,
    int Heads = 4,
    int Layers = 2,
    int FeedForwardDimension = 64,
    double Dropout = 0.1,
    Activation Activation = Activation.Gelu,
    bool NormFirst = true,
    bool LearnedPositions = true,
    int MaxLength = 64,
    double LayerNormEpsilon = 1e-5);

/// <summary>
/// A decoder-only (GPT-style) causal language model: token embeddings plus positions, a stack of layers with masked
/// self-attention (each step sees only itself and the steps before it; there is no encoder, so no cross-attention),
/// a final layer norm for pre-norm stacks, and a linear layer to next-token logits. Parameters: <c>embedding.*</c>,
/// <c>decoder.layers.i.*</c> (named as in <see cref="TransformerEncoderLayer"/>), <c>decoder.norm.*</c>, <c>output.*</c>.
/// </summary>
public sealed class DecoderOnlyLanguageModel : Module
{
    /// <summary>Creates the model from <paramref name="options"/> with weights from <paramref name="random"/>.</summary>
    public DecoderOnlyLanguageModel(LanguageModelOptions options, Random random)
    {
        Options = options;
        var o = options;
        Embedding = RegisterModule("embedding", new TokenEmbedding(o.Vocabulary, o.ModelDimension, random, o.LearnedPositions, o.MaxLength, o.Dropout));
        Decoder = RegisterModule("decoder", new TransformerEncoder(o.Layers,
            _ => new TransformerEncoderLayer(o.ModelDimension, o.Heads, o.FeedForwardDimension, random, o.Dropout, o.Activation, o.NormFirst, o.LayerNormEpsilon),
            o.NormFirst ? new LayerNorm(o.ModelDimension, o.LayerNormEpsilon) : null));
        Output = RegisterModule("output", new Linear(o.ModelDimension, o.Vocabulary, random));
    }

    /// <summary>The model's sizes and choices.</summary>
    public LanguageModelOptions Options { get; }

    /// <summary>Tokens and positions to vectors.</summary>
    public TokenEmbedding Embedding { get; }

    /// <summary>The stack of causal self-attention layers (each layer's <see cref="TransformerEncoderLayer.SelfAttentionWeights"/> holds its maps).</summary>
    public TransformerEncoder Decoder { get; }

    /// <summary>d_model -> vocabulary logits.</summary>
    public Linear Output { get; }

    /// <summary>
    /// Next-token logits at every step of B padded sequences of T tokens: <c>(B T, vocabulary)</c>, batch-major.
    /// Step t sees tokens 0..t of its own sequence only.
    /// </summary>
    public Tensor Forward(PaddedBatch sequences)
    {
        var x = Embedding.Forward(sequences);                                           // (B T, d_model)
        var y = Decoder.Forward(x, Masks.Causal(x.Time));                               // (B T, d_model)
        return Output.Forward(y.States);                                                // (B T, vocabulary)
    }

    /// <summary>Mean cross-entropy of predicting each token from the ones before it, padding ignored.</summary>
    /// <param name="sequences">Token ids, e.g. <c>bos ... eos</c>, padded.</param>
    /// <param name="labelSmoothing">ε of <see cref="Losses.CrossEntropy"/>.</param>
    public Tensor Loss(PaddedBatch sequences, double labelSmoothing = 0)
    {
        var (input, expected) = TransformerModel.ShiftedForTeacherForcing(sequences);
        return Losses.CrossEntropy(Forward(input), expected, ignoreIndex: Vocabulary.PadId, labelSmoothing: labelSmoothing);
    }

    /// <summary>
    /// Trains with Adam on random batches of <paramref name="sequences"/> through <see cref="Trainer.Run"/>, with an
    /// optional schedule (e.g. <see cref="WarmupInverseSquareRootSchedule"/>), gradient clipping and label smoothing.
    /// </summary>
    public TrainingHistory TrainOn(IReadOnlyList<int[]> sequences, int steps, int batchSize = 32, double learningRate = 1e-3, ILearningRateSchedule? schedule = null,
        double clipNorm = 1.0, double labelSmoothing = 0, int seed = 0, Action<TrainingProgress>? onProgress = null)
    {
        var random = new Random(seed);
        var optimizer = new Adam(Parameters(), learningRate, beta2: 0.98, epsilon: 1e-9);
        Train();
        return Trainer.Run(steps, _ =>
        {
            var batch = Enumerable.Range(0, batchSize).Select(_ => sequences[random.Next(sequences.Count)]).ToList();
            return Loss(PaddedBatch.Pad(batch), labelSmoothing);
        }, optimizer, schedule, clipNorm, onProgress);
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> one token at a time, reading at most the last <see cref="LanguageModelOptions.MaxLength"/>
    /// tokens: with <paramref name="temperature"/> 0 the most likely token (greedy), otherwise a token sampled from
    /// <c>softmax(logits / temperature)</c>, limited to the <paramref name="topK"/> most likely when given. Stops after
    /// <paramref name="maxNewTokens"/> tokens or at <paramref name="stopToken"/> (not included). Dropout is off while generating.
    /// </summary>
    /// <returns>The new tokens only.</returns>
    public int[] Generate(IReadOnlyList<int> prompt, int maxNewTokens, double temperature = 0, int? topK = null, int seed = 0, int? stopToken = Vocabulary.EosId)
    {
        if (prompt.Count == 0) throw new ArgumentException("Generate needs a prompt of at least one token, e.g. the begin marker.", nameof(prompt));
        if (temperature < 0) throw new ArgumentOutOfRangeException(nameof(temperature), $"The temperature must be 0 (greedy) or positive, got {temperature}.");
        bool wasTraining = Training;
        Eval();
        var random = new Random(seed);
        var tokens = prompt.ToList();
        var generated = new List<int>();
        using (Tensor.NoGrad())
        {
            for (int i = 0; i < maxNewTokens; i++)
            {
                var context = tokens.Skip(Math.Max(0, tokens.Count - Options.MaxLength)).ToArray();
                var logits = Forward(PaddedBatch.Pad([context])).Value.Row(context.Length - 1);   // (vocabulary)
                int next = temperature == 0 ? logits.MaximumIndex() : Sample(logits, temperature, topK, random);
                if (next == stopToken) break;
                generated.Add(next);
                tokens.Add(next);
            }
        }
        Train(wasTraining);
        return generated.ToArray();
    }

    /// <summary>Draws a token from <c>softmax(logits / temperature)</c> over the <paramref name="topK"/> largest logits (all if null).</summary>
    internal static int Sample(Vector<double> logits, double temperature, int? topK, Random random)
    {
        var candidates = Enumerable.Range(0, logits.Count).OrderByDescending(i => logits[i]).Take(topK ?? logits.Count).ToArray();
        double max = logits[candidates[0]];
        var weights = candidates.Select(i => PortableMath.Exp((logits[i] - max) / temperature)).ToArray();
        double draw = random.NextDouble() * weights.Sum();
        for (int c = 0; c < candidates.Length; c++)
        {
            draw -= weights[c];
            if (draw < 0) return candidates[c];
        }
        return candidates[^1];
    }
}
