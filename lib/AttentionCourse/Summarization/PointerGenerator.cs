using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Summarization;

/// <summary>One pointer-generator step for a batch.</summary>
/// <param name="Probabilities">The final distribution over the extended vocabulary, <c>(B, V + OOV)</c>.</param>
/// <param name="GenerationProbability">p_gen, <c>(B, 1)</c>: how much of the word comes from the vocabulary rather than from copying.</param>
/// <param name="Attention">Attention over the document's positions, <c>(B, T)</c>.</param>
/// <param name="CopyProbabilities">The copy part before weighting, attention scattered onto extended ids, <c>(B, V + OOV)</c>.</param>
/// <param name="State">The decoder state for the next step.</param>
public sealed record PointerGeneratorStep(Tensor Probabilities, Tensor GenerationProbability, Tensor Attention, Tensor CopyProbabilities, DecoderState State);

/// <summary>
/// An abstractive summarizer that can copy (See et al., 2017, "Get To The Point"): a bidirectional GRU reads the
/// document, a GRU decoder with additive (Bahdanau) attention writes the summary, and at every step a switch decides
/// between generating a vocabulary word and copying a document word by its attention:
/// <code>
/// a_t, c_t, s_t, P_vocab   the attention decoder's step (Seq2SeqDecoder, additive)
/// p_gen = sigmoid(w_h · c_t + w_s · s_t + w_x · x_t + b)            (B, 1)
/// P(w)  = p_gen P_vocab(w) + (1 - p_gen) sum_{i: x_i = w} a_t,i      (B, V + OOV)
/// </code>
/// Words outside the vocabulary get per-document extended ids (<see cref="ExtendedBatch"/>), so names and numbers the
/// model has never seen can still be written: only the copy term gives them probability.
/// </summary>
public sealed partial class PointerGenerator : Module
{
    /// <summary>Creates the model.</summary>
    /// <param name="vocabulary">The fixed vocabulary (shared by documents and summaries).</param>
    /// <param name="embeddingSize">Word embedding size E.</param>
    /// <param name="encoderHidden">Encoder state size per direction.</param>
    /// <param name="decoderHidden">Decoder state size H.</param>
    /// <param name="random">Source of the initial weights.</param>
    public PointerGenerator(Vocabulary vocabulary, int embeddingSize, int encoderHidden, int decoderHidden, Random random)
    {
        Vocabulary = vocabulary;
        Encoder = RegisterModule("encoder", new RecurrentEncoder(vocabulary.Count, embeddingSize, encoderHidden, bidirectional: true, RecurrentCellKind.Gru, random));
        Decoder = RegisterModule("decoder", new Seq2SeqDecoder(vocabulary.Count, embeddingSize, decoderHidden, Encoder.OutputSize, DecoderAttention.Additive, RecurrentCellKind.Gru, random));
        Switch = RegisterModule("switch", new Linear(Encoder.OutputSize + decoderHidden + embeddingSize, 1, random));
    }

    /// <summary>
    /// A model whose vocabulary holds the words seen at least <paramref name="minimumCount"/> times in the training
    /// articles and summaries: frequent words are generated, rare names and numbers must be copied.
    /// </summary>
    public static PointerGenerator Create(IEnumerable<NewsArticle> training, Random random, int minimumCount = 30,
        int embeddingSize = 32, int encoderHidden = 32, int decoderHidden = 64)
    {
        var texts = training.SelectMany(a => new[] { a.Text, a.Summary }).Select(Tokenizer.Tokenize);
        return new PointerGenerator(Vocabulary.Build(texts, minimumCount), embeddingSize, encoderHidden, decoderHidden, random);
    }

    /// <summary>How documents and summaries are cut into words (words and punctuation, case kept).</summary>
    public static WordTokenizer Tokenizer { get; } = new();

    /// <summary>The fixed vocabulary of size V.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Reads the document.</summary>
    public RecurrentEncoder Encoder { get; }

    /// <summary>Writes the summary with additive attention over the document.</summary>
    public Seq2SeqDecoder Decoder { get; }

    /// <summary>The generate-or-copy switch: <c>[w_h; w_s; w_x]</c> and <c>b</c>, weight <c>(1, H_enc + H + E)</c>.</summary>
    public Linear Switch { get; }

    /// <summary>Articles (and, for training, their summaries) in extended ids.</summary>
    public ExtendedBatch Batch(IReadOnlyList<NewsArticle> articles, bool withSummaries = true) =>
        ExtendedBatch.Create(Vocabulary, articles.Select(a => Tokenizer.Tokenize(a.Text)).ToList(),
            withSummaries ? articles.Select(a => Tokenizer.Tokenize(a.Summary)).ToList() : null);

    /// <summary>
    /// One step: the previous words (extended ids, one per document), the state and the encoded documents -> the
    /// final distribution over the extended vocabulary, p_gen, the attention and the next state.
    /// </summary>
    public PointerGeneratorStep Step(IReadOnlyList<int> previous, DecoderState state, DecoderMemory memory, ExtendedBatch batch)
    {
        // A copied out-of-vocabulary word is fed back as <unk>: the decoder has no embedding for it.
        var input = previous.Select(id => id < Vocabulary.Count ? id : Vocabulary.UnkId).ToArray();
        var step = Decoder.Step(input, state, memory);
        var attention = step.Weights!;                                                     // (B, T)
        var context = Tensor.BatchedWeightedSum(attention, memory.Encoder.States);         // (B, H_enc), the c_t the decoder used
        var embedded = Decoder.Embedding.Forward(input);                                   // (B, E)
        var generate = Switch.Forward(Tensor.ConcatColumns(context, step.State.Recurrent.Hidden, embedded)).Sigmoid(); // (B, 1)

        int extendedSize = Vocabulary.Count + batch.MaxOutOfVocabulary;
        var vocabulary = step.Logits.Softmax();                                            // (B, V)
        if (batch.MaxOutOfVocabulary > 0)
            vocabulary = Tensor.ConcatColumns(vocabulary, Tensor.Zeros(vocabulary.Rows, batch.MaxOutOfVocabulary)); // (B, V + OOV)
        var copy = attention.ScatterAddColumns(batch.ExtendedSource, extendedSize);        // (B, V + OOV)
        var final = vocabulary.Multiply(generate) + copy.Multiply(generate.Negate().Add(Tensor.Scalar(1)));
        return new PointerGeneratorStep(final, generate, attention, copy, step.State);
    }

    /// <summary>
    /// Mean negative log-likelihood of the summary words under the final distribution, with teacher forcing;
    /// padding does not count.
    /// </summary>
    /// <exception cref="ArgumentException">The batch has no summaries.</exception>
    public Tensor Loss(ExtendedBatch batch)
    {
        var target = batch.Target ?? throw new ArgumentException("The loss needs the summaries: build the batch with withSummaries: true.", nameof(batch));
        var memory = Decoder.Prepare(Encoder.Forward(batch.Source));
        var state = Decoder.Start(memory);
        var logProbabilities = new List<Tensor>();
        var counted = new List<double>();
        for (int t = 0; t + 1 < target.MaxLength; t++)
        {
            var step = Step(target.Step(t), state, memory, batch);
            var next = target.Step(t + 1);
            // A tiny floor keeps log finite when a target word got (numerically) no probability.
            logProbabilities.Add(step.Probabilities.PickColumns(next).Add(Tensor.Scalar(1e-12)).Log()); // (B, 1)
            counted.AddRange(next.Select(id => id == Vocabulary.PadId ? 0.0 : 1.0));
            state = step.State;
        }
        var mask = Tensor.Constant(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(counted.Count, 1, counted.ToArray()));
        return Tensor.ConcatRows(logProbabilities).Multiply(mask).Sum().Scale(-1.0 / counted.Sum());
    }

    /// <summary>The loss of a batch of articles.</summary>
    public Tensor Loss(IReadOnlyList<NewsArticle> articles) => Loss(Batch(articles));

    /// <summary>Trains with Adam on random batches of <paramref name="training"/> drawn with <paramref name="seed"/>, clipping the gradient norm.</summary>
    public TrainingHistory Fit(IReadOnlyList<NewsArticle> training, int steps, int batchSize = 32, double learningRate = 5e-3,
        int seed = 0, Action<TrainingProgress>? onProgress = null, ILearningRateSchedule? schedule = null)
    {
        var random = new Random(seed);
        var optimizer = new Adam(Parameters(), learningRate);
        Train(); // training mode, as PyTorch's model.train()
        return Trainer.Run(steps, _ => Loss(Enumerable.Range(0, batchSize).Select(_ => training[random.Next(training.Count)]).ToList()),
            optimizer, schedule, clipNorm: 1.0, onProgress: onProgress);
    }
}
