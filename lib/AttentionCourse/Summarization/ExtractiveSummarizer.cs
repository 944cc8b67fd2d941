using AttentionCourse.Data;
using AttentionCourse.Metrics;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using AttentionCourse.Training;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Summarization;

/// <summary>An extractive summary and the attention that chose it.</summary>
/// <param name="Selected">Indices of the chosen sentences, in document order.</param>
/// <param name="Weights">The attention weight of every sentence (they sum to 1): the explanation of the choice.</param>
/// <param name="Text">The chosen sentences joined in document order.</param>
public sealed record ExtractiveSummary(IReadOnlyList<int> Selected, IReadOnlyList<double> Weights, string Text);

/// <summary>
/// Picks the sentences that matter by attention. Each sentence becomes a vector, a learned query scores every
/// sentence, softmax turns the scores into weights, and the k sentences with the largest weights are the summary:
/// <code>
/// e_i = mean of the word embeddings of sentence i        (S, E)
/// h_i = tanh(W e_i + b)                                  (S, H)
/// a   = softmax(q h^T)                                   (1, S)   one weight per sentence
/// </code>
/// It is trained to put its attention on the fact sentences: the loss is the cross-entropy between the weights
/// and a target spread evenly over those sentences.
/// </summary>
public sealed class ExtractiveSummarizer : Module
{
    /// <summary>Creates the model over <paramref name="vocabulary"/> (words as <see cref="Rouge.Tokenize"/> splits them).</summary>
    /// <param name="vocabulary">The known words; others read as <see cref="Vocabulary.Unk"/>.</param>
    /// <param name="embeddingSize">Word vector size E.</param>
    /// <param name="hiddenSize">Sentence vector size H after the projection.</param>
    /// <param name="random">Source of the initial weights.</param>
    public ExtractiveSummarizer(Vocabulary vocabulary, int embeddingSize, int hiddenSize, Random random)
    {
        Vocabulary = vocabulary;
        Embedding = RegisterModule("embedding", new Embedding(vocabulary.Count, embeddingSize, random));
        Projection = RegisterModule("projection", new Linear(embeddingSize, hiddenSize, random));
        Query = RegisterParameter("query", Init.Uniform(1, hiddenSize, 1 / Math.Sqrt(hiddenSize), random));
    }

    /// <summary>A model whose vocabulary holds the words seen at least twice in <paramref name="training"/>.</summary>
    public static ExtractiveSummarizer Create(IEnumerable<NewsArticle> training, Random random, int embeddingSize = 16, int hiddenSize = 16) =>
        new(Vocabulary.Build(training.SelectMany(a => a.Sentences).Select(Rouge.Tokenize), minimumCount: 2), embeddingSize, hiddenSize, random);

    /// <summary>The known words.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Word embeddings, <c>(vocabulary, E)</c>.</summary>
    public Embedding Embedding { get; }

    /// <summary>W and b, <c>(H, E)</c> and <c>(1, H)</c>.</summary>
    public Linear Projection { get; }

    /// <summary>The learned query q, <c>(1, H)</c>: what a summary-worthy sentence looks like.</summary>
    public Tensor Query { get; }

    /// <summary>The attention scores of the sentences before softmax, <c>(1, S)</c>.</summary>
    public Tensor Scores(IReadOnlyList<string> sentences)
    {
        if (sentences.Count == 0) throw new ArgumentException("The document has no sentences to score.", nameof(sentences));
        var words = sentences.Select(s => Vocabulary.Encode(Rouge.Tokenize(s))).ToList();
        var ids = words.SelectMany(w => w.Length == 0 ? [Vocabulary.PadId] : w).ToArray();
        // Row i of the averaging matrix holds 1/n_i over sentence i's words, so averaging is one product.
        var average = Matrix<double>.Build.Dense(sentences.Count, ids.Length);
        int start = 0;
        for (int i = 0; i < words.Count; i++)
        {
            int n = Math.Max(1, words[i].Length);
            for (int j = 0; j < n; j++) average[i, start + j] = 1.0 / n;
            start += n;
        }
        var embedded = Tensor.Constant(average).MatMul(Embedding.Forward(ids)); // (S, E)
        var hidden = Projection.Forward(embedded).Tanh();                      // (S, H)
        return Query.MatMulTransposed(hidden);                                 // (1, S)
    }

    /// <summary>The attention weights over the sentences, <c>(1, S)</c>, summing to 1.</summary>
    public Tensor Attention(IReadOnlyList<string> sentences) => Scores(sentences).Softmax();

    /// <summary>Cross-entropy between the attention and the even spread over fact sentences, averaged over <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">An article has no fact sentences to learn from.</exception>
    public Tensor Loss(IReadOnlyList<NewsArticle> batch)
    {
        var losses = batch.Select(article =>
        {
            if (article.FactSentences.Count == 0)
                throw new ArgumentException("An article without fact_sentences cannot be a training example for the extractive summarizer.", nameof(batch));
            var target = Matrix<double>.Build.Dense(1, article.Sentences.Count);
            foreach (int i in article.FactSentences) target[0, i] = 1.0 / article.FactSentences.Count;
            return Scores(article.Sentences).LogSoftmax().Multiply(Tensor.Constant(target)).Sum(); // sum_i q_i log a_i
        });
        return losses.Aggregate((a, b) => a + b).Scale(-1.0 / batch.Count);
    }

    /// <summary>The <paramref name="k"/> sentences with the most attention, in document order, with every sentence's weight.</summary>
    public ExtractiveSummary Summarize(IReadOnlyList<string> sentences, int k = 2)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"A summary needs k >= 1 sentences, got {k}.");
        double[] weights;
        using (Tensor.NoGrad()) weights = Attention(sentences).Value.Row(0).ToArray();
        var selected = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).Take(k).Order().ToList();
        return new ExtractiveSummary(selected, weights, string.Join(' ', selected.Select(i => sentences[i])));
    }

    /// <summary>Summarizes one article.</summary>
    public ExtractiveSummary Summarize(NewsArticle article, int k = 2) => Summarize(article.Sentences, k);

    /// <summary>Trains with Adam on random batches of <paramref name="training"/> drawn with <paramref name="seed"/>.</summary>
    public TrainingHistory Fit(IReadOnlyList<NewsArticle> training, int steps, int batchSize = 16, double learningRate = 1e-2,
        int seed = 0, Action<TrainingProgress>? onProgress = null)
    {
        var random = new Random(seed);
        var optimizer = new Adam(Parameters(), learningRate);
        return Trainer.Run(steps, _ => Loss(Enumerable.Range(0, batchSize).Select(_ => training[random.Next(training.Count)]).ToList()),
            optimizer, onProgress: onProgress);
    }
}
