using AttentionCourse.Data;
using AttentionCourse.Summarization;
using AttentionCourse.Tensors;

namespace AttentionCourse.Tests.Summarization;

public class PointerGeneratorTests
{
    private static readonly List<NewsArticle> Training = NewsArticles.Generate(200, seed: 1);

    private static readonly NewsArticle Unseen = new(
        ["On Friday, Helen Zorbly opened a bakery in Quillport.", "It sold 4321 loaves on its first day."], [0, 1],
        "Helen Zorbly opened a bakery in Quillport on Friday, selling 4321 loaves.", ["Helen", "Zorbly", "Quillport", "Friday", "4321"]);

    private static PointerGenerator Tiny(int seed = 1) =>
        PointerGenerator.Create(Training, new Random(seed), minimumCount: 30, embeddingSize: 3, encoderHidden: 2, decoderHidden: 3);

    [Fact]
    public void Extended_ids_number_each_documents_unknown_words_after_the_vocabulary()
    {
        var vocabulary = Vocabulary.FromTokens(["the", "cat"]);
        var batch = ExtendedBatch.Create(vocabulary, [["the", "Zorbly", "cat", "Zorbly", "4321"], ["Quill"]], [["Zorbly", "4321", "dog"], ["Quill"]]);
        int v = vocabulary.Count;
        Assert.Equal([4, v, 5, v, v + 1], batch.ExtendedSource[0]);
        Assert.Equal([4, Vocabulary.UnkId, 5, Vocabulary.UnkId, Vocabulary.UnkId], batch.Source.Ids[0]);
        Assert.Equal([v, 0, 0, 0, 0], batch.ExtendedSource[1]); // each document numbers its own unknown words; padding is 0
        // "dog" is in neither the vocabulary nor the document: it cannot be produced, so it stays <unk>.
        Assert.Equal([Vocabulary.BosId, v, v + 1, Vocabulary.UnkId, Vocabulary.EosId], batch.Target!.Ids[0]);
        Assert.Equal(2, batch.MaxOutOfVocabulary);
        Assert.Equal("4321", batch.Word(vocabulary, 0, v + 1));
    }

    [Fact]
    public void Final_distribution_sums_to_one_and_gives_unknown_words_only_their_copy_probability()
    {
        var model = Tiny();
        var batch = model.Batch([Unseen, Training[0]]);
        using var _ = Tensor.NoGrad();
        var memory = model.Decoder.Prepare(model.Encoder.Forward(batch.Source));
        var step = model.Step(batch.Target!.Step(0), model.Decoder.Start(memory), memory, batch);
        int v = model.Vocabulary.Count;
        Assert.Equal(v + batch.MaxOutOfVocabulary, step.Probabilities.Columns);
        for (int b = 0; b < 2; b++) Assert.Equal(1, step.Probabilities.Value.Row(b).Sum(), 12);
        // "Zorbly" is outside the vocabulary: P(Zorbly) = (1 - p_gen) * attention on its one position.
        int id = v + batch.OutOfVocabulary[0].ToList().IndexOf("Zorbly");
        int position = PointerGenerator.Tokenizer.Tokenize(Unseen.Text).ToList().IndexOf("Zorbly");
        Assert.True(id >= v && batch.ExtendedSource[0][position] == id);
        double expected = (1 - step.GenerationProbability.Value[0, 0]) * step.Attention.Value[0, position];
        Assert.Equal(expected, step.Probabilities.Value[0, id], 12);
    }

    [Fact]
    public void Pointer_generator_loss_gradients_match_finite_differences()
    {
        var model = Tiny();
        var articles = new List<NewsArticle> { Unseen, Training[3] };
        var checkedParameters = model.NamedParameters()
            .Where(p => p.Name.StartsWith("switch") || p.Name.EndsWith(".v") || p.Name == "decoder.out.bias" || p.Name == "encoder.forward.cell.bias_hh")
            .Select(p => p.Parameter).ToArray();
        Assert.Equal(5, checkedParameters.Length);
        TestData.AssertGradientsMatch(_ => model.Loss(articles), checkedParameters);
    }

    [Fact]
    public void A_small_pointer_generator_learns_to_copy_names_and_numbers_it_cannot_generate()
    {
        var train = NewsArticles.Generate(1000, seed: 3);
        var test = NewsArticles.Generate(40, seed: 4);
        var model = PointerGenerator.Create(train, new Random(1), embeddingSize: 16, encoderHidden: 16, decoderHidden: 32);
        var history = model.Fit(train, steps: 80, batchSize: 16, learningRate: 1e-2, seed: 1);
        var result = model.Evaluate(test);
        Assert.True(history.FinalLoss(5) < history.Losses[0] / 5, $"loss {history.Losses[0]:F2} -> {history.FinalLoss(5):F2}");
        Assert.True(result.FactAccuracy > 0.7, $"facts reproduced {result.FactAccuracy:P0}");
        Assert.True(result.CopyProbabilityOnFacts > 0.8, $"mean 1 - p_gen on fact words {result.CopyProbabilityOnFacts:F2}");
        var summary = model.Summarize([Unseen])[0];
        Assert.Equal(summary.Words.Count, summary.Attention.RowCount);
        Assert.Equal(summary.SourceWords.Count, summary.Attention.ColumnCount);
    }
}
