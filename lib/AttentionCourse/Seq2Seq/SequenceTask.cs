using AttentionCourse.Data;
using AttentionCourse.Metrics;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Seq2Seq;

/// <summary>One evaluated example.</summary>
/// <param name="Source">The input text.</param>
/// <param name="Expected">The reference output.</param>
/// <param name="Predicted">What the model produced.</param>
public sealed record Prediction(string Source, string Expected, string Predicted)
{
    /// <summary>Whether the output is exactly right.</summary>
    public bool Correct => Expected == Predicted;
}

/// <summary>Scores of a model on held-out examples.</summary>
/// <param name="ExactMatch">Fraction of outputs exactly equal to the reference.</param>
/// <param name="TokenAccuracy">Fraction of reference tokens produced at the right position.</param>
/// <param name="Bleu">Corpus BLEU (up to 4-grams) of the outputs.</param>
/// <param name="Predictions">Every example with its output.</param>
public sealed record Evaluation(double ExactMatch, double TokenAccuracy, double Bleu, IReadOnlyList<Prediction> Predictions);

/// <summary>Accuracy of the examples whose source length falls in one bucket.</summary>
/// <param name="Length">The bucket's smallest source length (in tokens).</param>
/// <param name="ExactMatch">Fraction of outputs exactly right.</param>
/// <param name="TokenAccuracy">Fraction of reference tokens right at their position.</param>
/// <param name="Count">Examples in the bucket.</param>
public sealed record LengthAccuracy(int Length, double ExactMatch, double TokenAccuracy, int Count);

/// <summary>Corpus BLEU of the examples whose source length falls in one bucket.</summary>
/// <param name="Length">The bucket's smallest source length (in tokens).</param>
/// <param name="Bleu">Corpus BLEU (up to 4-grams) of the bucket's outputs.</param>
/// <param name="Count">Examples in the bucket.</param>
public sealed record LengthBleu(int Length, double Bleu, int Count);

/// <summary>
/// A text-to-text task: how to cut source and target texts into tokens, their vocabularies, and the plumbing that
/// turns (source, target) pairs into padded batches and model outputs back into text.
/// </summary>
public sealed class SequenceTask
{
    /// <summary>Builds the vocabularies from <paramref name="data"/> (usually the training pairs).</summary>
    public SequenceTask(ITokenizer sourceTokenizer, ITokenizer targetTokenizer, IEnumerable<SequencePair> data)
    {
        SourceTokenizer = sourceTokenizer;
        TargetTokenizer = targetTokenizer;
        var pairs = data.ToList();
        Source = Vocabulary.Build(pairs.Select(p => sourceTokenizer.Tokenize(p.Source)));
        Target = Vocabulary.Build(pairs.Select(p => targetTokenizer.Tokenize(p.Target)));
    }

    /// <summary>A task with one character per token on both sides (dates, digit strings).</summary>
    public static SequenceTask Characters(IEnumerable<SequencePair> data) => new(new CharacterTokenizer(), new CharacterTokenizer(), data);

    /// <summary>A task with words as tokens on both sides (translation).</summary>
    public static SequenceTask Words(IEnumerable<SequencePair> data) => new(new WordTokenizer(), new WordTokenizer(), data);

    /// <summary>Splits source texts.</summary>
    public ITokenizer SourceTokenizer { get; }

    /// <summary>Splits target texts.</summary>
    public ITokenizer TargetTokenizer { get; }

    /// <summary>Source vocabulary.</summary>
    public Vocabulary Source { get; }

    /// <summary>Target vocabulary.</summary>
    public Vocabulary Target { get; }

    /// <summary>Model options sized for this task's vocabularies.</summary>
    public Seq2SeqOptions Options(DecoderAttention attention) => new(Source.Count, Target.Count, attention);

    /// <summary>The source texts as a padded batch of ids.</summary>
    public PaddedBatch SourceBatch(IEnumerable<SequencePair> pairs) =>
        PaddedBatch.Pad(pairs.Select(p => Source.Encode(SourceTokenizer.Tokenize(p.Source))).ToList());

    /// <summary>The target texts as a padded batch of <c>bos ... eos</c> ids.</summary>
    public PaddedBatch TargetBatch(IEnumerable<SequencePair> pairs) =>
        PaddedBatch.Pad(pairs.Select(p => Target.Encode(TargetTokenizer.Tokenize(p.Target), addBos: true, addEos: true)).ToList());

    /// <summary>Target ids back to text.</summary>
    public string TargetText(IEnumerable<int> ids) => TargetTokenizer.Detokenize(Target.Decode(ids));

    /// <summary>The tokens of a source text, for labelling attention plots.</summary>
    public string[] SourceTokens(string text) => SourceTokenizer.Tokenize(text);

    /// <summary>The target tokens of a decoded output plus the end marker, for labelling attention plots.</summary>
    public string[] OutputTokens(DecodeResult result) => [.. Target.Decode(result.Tokens), Vocabulary.Eos];

    /// <summary>
    /// Trains <paramref name="model"/> with Adam on random batches of <paramref name="train"/> (drawn with
    /// <paramref name="seed"/>), clipping the gradient norm, reporting progress. With a <paramref name="schedule"/>
    /// the learning rate follows it (step by step) instead of staying at <paramref name="learningRate"/>, e.g. the
    /// Transformer's <see cref="WarmupInverseSquareRootSchedule"/>; <paramref name="labelSmoothing"/> smooths the targets.
    /// </summary>
    public TrainingHistory Train<TModel>(TModel model, IReadOnlyList<SequencePair> train, int steps, int batchSize = 64, double learningRate = 3e-3,
        double clipNorm = 1.0, int seed = 0, Action<TrainingProgress>? onProgress = null, ILearningRateSchedule? schedule = null, double labelSmoothing = 0)
        where TModel : Module, ISequenceModel
    {
        var random = new Random(seed);
        var optimizer = new Adam(model.Parameters(), learningRate);
        model.Train();
        return Trainer.Run(steps, _ =>
        {
            var batch = Enumerable.Range(0, batchSize).Select(_ => train[random.Next(train.Count)]).ToList();
            return model.Loss(SourceBatch(batch), TargetBatch(batch), labelSmoothing);
        }, optimizer, schedule, clipNorm: clipNorm, onProgress: onProgress);
    }

    /// <summary>Decodes every example (greedy, or beam search when <paramref name="beamWidth"/> &gt; 1) and scores the outputs.</summary>
    /// <exception cref="NotSupportedException">A beam is asked of a model other than <see cref="Seq2SeqModel"/>.</exception>
    public Evaluation Evaluate<TModel>(TModel model, IReadOnlyList<SequencePair> test, int maxLength, int beamWidth = 1, int batchSize = 200)
        where TModel : Module, ISequenceModel
    {
        if (beamWidth > 1 && model is not Seq2SeqModel)
            throw new NotSupportedException($"Beam search is implemented for Seq2SeqModel only, not {typeof(TModel).Name}; use beamWidth 1.");
        model.Eval();
        var predictions = new List<Prediction>(test.Count);
        foreach (var chunk in Batching.Chunk(test, batchSize))
        {
            IEnumerable<DecodeResult> outputs = beamWidth <= 1
                ? model.Greedy(SourceBatch(chunk), maxLength)
                : chunk.Select(p => ((Seq2SeqModel)(Module)model).Beam(Source.Encode(SourceTokenizer.Tokenize(p.Source)), beamWidth, maxLength));
            predictions.AddRange(chunk.Zip(outputs, (pair, output) => new Prediction(pair.Source, pair.Target, TargetText(output.Tokens))));
        }
        model.Train();
        var expected = predictions.Select(p => (IReadOnlyList<string>)TargetTokenizer.Tokenize(p.Expected)).ToList();
        var predicted = predictions.Select(p => (IReadOnlyList<string>)TargetTokenizer.Tokenize(p.Predicted)).ToList();
        return new Evaluation(
            SequenceMetrics.ExactMatch(predictions.Select(p => p.Predicted).ToList(), predictions.Select(p => p.Expected).ToList()),
            SequenceMetrics.TokenAccuracy(predicted, expected),
            Bleu.Corpus(predicted, expected).Score,
            predictions);
    }

    /// <summary>
    /// Accuracy by source length: examples grouped in buckets of <paramref name="bucketSize"/> tokens
    /// (lengths 10-14 form bucket 10 when the size is 5), in increasing length.
    /// </summary>
    public IReadOnlyList<LengthAccuracy> AccuracyByLength(Evaluation evaluation, int bucketSize = 5) =>
        ByLength(evaluation, bucketSize, (length, predicted, expected, group) => new LengthAccuracy(length,
            group.Average(p => p.Correct ? 1.0 : 0.0), SequenceMetrics.TokenAccuracy(predicted, expected), group.Count));

    /// <summary>
    /// Corpus BLEU by source length: examples grouped in buckets of <paramref name="bucketSize"/> tokens (one bucket
    /// per length by default), in increasing length; the picture of Bahdanau et al. (2015), Fig. 2.
    /// </summary>
    public IReadOnlyList<LengthBleu> BleuByLength(Evaluation evaluation, int bucketSize = 1) =>
        ByLength(evaluation, bucketSize, (length, predicted, expected, group) =>
            new LengthBleu(length, Bleu.Corpus(predicted, expected).Score, group.Count));

    private List<T> ByLength<T>(Evaluation evaluation, int bucketSize,
        Func<int, List<IReadOnlyList<string>>, List<IReadOnlyList<string>>, List<Prediction>, T> summarize)
    {
        if (bucketSize <= 0) throw new ArgumentOutOfRangeException(nameof(bucketSize), $"Bucket size must be positive, got {bucketSize}.");
        return evaluation.Predictions
            .GroupBy(p => SourceTokenizer.Tokenize(p.Source).Length / bucketSize * bucketSize)
            .OrderBy(g => g.Key)
            .Select(g => summarize(g.Key,
                g.Select(p => (IReadOnlyList<string>)TargetTokenizer.Tokenize(p.Predicted)).ToList(),
                g.Select(p => (IReadOnlyList<string>)TargetTokenizer.Tokenize(p.Expected)).ToList(),
                g.ToList()))
            .ToList();
    }

    /// <summary>
    /// Decodes one source text greedily (or with a beam, for a <see cref="Seq2SeqModel"/>), returning the output and its
    /// attention for plotting. Call <see cref="Module.Eval"/> first to turn dropout off.
    /// </summary>
    /// <exception cref="NotSupportedException">A beam is asked of a model other than <see cref="Seq2SeqModel"/>.</exception>
    public DecodeResult Decode<TModel>(TModel model, string source, int maxLength, int beamWidth = 1) where TModel : Module, ISequenceModel
    {
        var ids = Source.Encode(SourceTokenizer.Tokenize(source));
        using (Tensor.NoGrad())
        {
            if (beamWidth <= 1) return model.Greedy(PaddedBatch.Pad([ids]), maxLength)[0];
            return model is Seq2SeqModel recurrent
                ? recurrent.Beam(ids, beamWidth, maxLength)
                : throw new NotSupportedException($"Beam search is implemented for Seq2SeqModel only, not {typeof(TModel).Name}; use beamWidth 1.");
        }
    }
}
