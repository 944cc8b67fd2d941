using AttentionCourse.Data;
using AttentionCourse.Metrics;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Summarization;

/// <summary>A generated summary with, for every word, how it was produced.</summary>
/// <param name="Text">The summary text.</param>
/// <param name="Words">The generated words (without the end marker).</param>
/// <param name="SourceWords">The document's words (the attention's columns).</param>
/// <param name="GenerationProbabilities">p_gen at each generated word: near 0 means copied, near 1 generated.</param>
/// <param name="Copied">Whether each word's probability came mostly from copying: <c>(1 - p_gen) copy(w) &gt; p_gen P_vocab(w)</c>.</param>
/// <param name="Attention">Attention over the document at each generated word, <c>(words, document words)</c>.</param>
public sealed record AbstractiveSummary(string Text, IReadOnlyList<string> Words, IReadOnlyList<string> SourceWords,
    IReadOnlyList<double> GenerationProbabilities, IReadOnlyList<bool> Copied, Matrix<double> Attention);

/// <summary>How well and how a pointer-generator summarizes held-out articles.</summary>
/// <param name="Rouge">Mean ROUGE-1, ROUGE-2 and ROUGE-L against the reference summaries.</param>
/// <param name="ExactMatch">Share of summaries equal to the reference word for word.</param>
/// <param name="FactAccuracy">Share of fact words (names, town, day, number) that the summary reproduces.</param>
/// <param name="CopiedShare">Share of generated words whose probability came mostly from copying.</param>
/// <param name="SourceShare">Share of generated words that occur in the document.</param>
/// <param name="CopyProbabilityOnFacts">Mean 1 - p_gen when writing a fact word.</param>
/// <param name="CopyProbabilityOnOtherWords">Mean 1 - p_gen when writing any other word.</param>
/// <param name="Summaries">Every generated summary.</param>
public sealed record AbstractiveEvaluation(Rouge.Scores Rouge, double ExactMatch, double FactAccuracy, double CopiedShare, double SourceShare,
    double CopyProbabilityOnFacts, double CopyProbabilityOnOtherWords, IReadOnlyList<AbstractiveSummary> Summaries);

public sealed partial class PointerGenerator
{
    /// <summary>
    /// Greedy summaries of a batch of articles: at each step the most likely word of the final distribution, until
    /// the end marker or <paramref name="maxLength"/> words.
    /// </summary>
    public IReadOnlyList<AbstractiveSummary> Summarize(IReadOnlyList<NewsArticle> articles, int maxLength = 30)
    {
        using var _ = Tensor.NoGrad();
        bool wasTraining = Training;
        Eval();
        var batch = Batch(articles, withSummaries: false);
        var memory = Decoder.Prepare(Encoder.Forward(batch.Source));
        var state = Decoder.Start(memory);
        int size = articles.Count;
        var words = Enumerable.Range(0, size).Select(_ => new List<string>()).ToArray();
        var generation = Enumerable.Range(0, size).Select(_ => new List<double>()).ToArray();
        var copied = Enumerable.Range(0, size).Select(_ => new List<bool>()).ToArray();
        var attention = Enumerable.Range(0, size).Select(_ => new List<double[]>()).ToArray();
        var finished = new bool[size];
        var previous = Enumerable.Repeat(Vocabulary.BosId, size).ToArray();
        for (int t = 0; t < maxLength && !finished.All(f => f); t++)
        {
            var step = Step(previous, state, memory, batch);
            for (int b = 0; b < size; b++)
            {
                if (finished[b]) continue;
                var row = step.Probabilities.Value.Row(b);
                int next = row.MaximumIndex();
                previous[b] = next;
                if (next == Vocabulary.EosId) { finished[b] = true; continue; }
                double pGen = step.GenerationProbability.Value[b, 0];
                double fromCopy = (1 - pGen) * step.CopyProbabilities.Value[b, next];
                words[b].Add(batch.Word(Vocabulary, b, next));
                generation[b].Add(pGen);
                copied[b].Add(fromCopy > row[next] - fromCopy);
                attention[b].Add(step.Attention.Value.Row(b).SubVector(0, batch.Source.Lengths[b]).ToArray());
            }
            state = step.State;
        }
        Train(wasTraining);
        return Enumerable.Range(0, size).Select(b => new AbstractiveSummary(
            Tokenizer.Detokenize(words[b]), words[b], Tokenizer.Tokenize(articles[b].Text), generation[b], copied[b],
            attention[b].Count == 0 ? Matrix<double>.Build.Dense(0, batch.Source.Lengths[b]) : Matrix<double>.Build.DenseOfRowArrays(attention[b])))
            .ToList();
    }

    /// <summary>Summarizes <paramref name="test"/> in batches and measures ROUGE, facts reproduced and how often the model copies.</summary>
    public AbstractiveEvaluation Evaluate(IReadOnlyList<NewsArticle> test, int maxLength = 30, int batchSize = 100)
    {
        var summaries = Batching.Chunk(test, batchSize).SelectMany(chunk => Summarize(chunk, maxLength)).ToList();
        int facts = 0, factsFound = 0;
        var onFacts = new List<double>();
        var onOthers = new List<double>();
        for (int i = 0; i < test.Count; i++)
        {
            var factWords = test[i].Facts.ToHashSet(StringComparer.Ordinal);
            facts += factWords.Count;
            factsFound += factWords.Count(summaries[i].Words.Contains);
            for (int w = 0; w < summaries[i].Words.Count; w++)
                (factWords.Contains(summaries[i].Words[w]) ? onFacts : onOthers).Add(1 - summaries[i].GenerationProbabilities[w]);
        }
        var all = summaries.SelectMany(s => s.Words.Select((word, w) => (Copied: s.Copied[w], InSource: s.SourceWords.Contains(word)))).ToList();
        return new AbstractiveEvaluation(
            Rouge.Average(summaries.Select(s => s.Text).ToList(), test.Select(a => a.Summary).ToList()),
            test.Zip(summaries).Average(p => p.First.Summary == p.Second.Text ? 1.0 : 0.0),
            facts == 0 ? 0 : factsFound / (double)facts,
            all.Count == 0 ? 0 : all.Average(w => w.Copied ? 1.0 : 0.0),
            all.Count == 0 ? 0 : all.Average(w => w.InSource ? 1.0 : 0.0),
            onFacts.DefaultIfEmpty(0).Average(),
            onOthers.DefaultIfEmpty(0).Average(),
            summaries);
    }
}
