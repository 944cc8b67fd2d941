using AttentionCourse.Data;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Tests.Seq2Seq;

public class Seq2SeqTests
{
    private static readonly List<SequencePair> Dates = DateNormalization.Generate(300, seed: 1);
    private static readonly SequenceTask DateTask = SequenceTask.Characters(Dates);

    private static Seq2SeqModel SmallModel(DecoderAttention attention, RecurrentCellKind cell = RecurrentCellKind.Gru, int seed = 1) =>
        new(DateTask.Options(attention) with { EmbeddingSize = 8, EncoderHidden = 6, DecoderHidden = attention == DecoderAttention.Dot ? 12 : 10, Cell = cell }, new Random(seed));

    public static TheoryData<DecoderAttention, RecurrentCellKind> Variants => new()
    {
        { DecoderAttention.None, RecurrentCellKind.Gru },
        { DecoderAttention.Additive, RecurrentCellKind.Gru },
        { DecoderAttention.Dot, RecurrentCellKind.Gru },
        { DecoderAttention.General, RecurrentCellKind.Lstm },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Loss_gradients_match_finite_differences_for_every_decoder(DecoderAttention attention, RecurrentCellKind cell)
    {
        var model = SmallModel(attention, cell);
        var pairs = Dates.Take(3).ToList();
        var source = DateTask.SourceBatch(pairs);
        var target = DateTask.TargetBatch(pairs);
        // Check a handful of parameters from each part (the full check would take minutes).
        var checkedParameters = model.NamedParameters()
            .Where(p => p.Name.Contains("bias") || p.Name.EndsWith(".v") || p.Name.Contains("w_c.weight") || p.Name.Contains("bridge.weight"))
            .Select(p => p.Parameter).ToArray();
        Assert.NotEmpty(checkedParameters);
        TestData.AssertGradientsMatch(_ => model.Loss(source, target), checkedParameters);
    }

    [Fact]
    public void Padding_does_not_change_what_the_encoder_says_about_a_sequence()
    {
        var model = SmallModel(DecoderAttention.Additive);
        var shortPair = new SequencePair("3/3/21", "2021-03-03");
        var longPair = new SequencePair("Wednesday, March 3rd 2021", "2021-03-03");
        using var _ = Tensor.NoGrad();
        var alone = model.Encoder.Forward(DateTask.SourceBatch([shortPair]));
        var padded = model.Encoder.Forward(DateTask.SourceBatch([shortPair, longPair]));
        Assert.True((alone.FinalState.Value.Row(0) - padded.FinalState.Value.Row(0)).InfinityNorm() < 1e-12);
        for (int t = 0; t < 6; t++)
            Assert.True((alone.States.Value.Row(t) - padded.States.Value.Row(t * 2)).InfinityNorm() < 1e-12, $"state {t}");
        Assert.True(padded.Padding[0, 6] && !padded.Padding[1, 6]);
    }

    [Fact]
    public void Greedy_decoding_gives_tokens_and_an_attention_row_per_output_step()
    {
        var model = SmallModel(DecoderAttention.Additive);
        var result = DateTask.Decode(model, "3 March 2021", maxLength: 12);
        Assert.NotNull(result.Attention);
        Assert.Equal(Math.Min(result.Tokens.Length + 1, 12), result.Attention!.RowCount);
        Assert.Equal("3 March 2021".Length, result.Attention.ColumnCount);
        Assert.All(result.Attention.EnumerateRows(), row => Assert.Equal(1, row.Sum(), 9));
        Assert.Null(DateTask.Decode(SmallModel(DecoderAttention.None), "3 March 2021", maxLength: 12).Attention);
    }

    [Fact]
    public void Beam_search_of_width_one_is_greedy_and_wider_beams_never_score_worse()
    {
        var model = SmallModel(DecoderAttention.General, seed: 3);
        foreach (var pair in Dates.Take(5))
        {
            var greedy = DateTask.Decode(model, pair.Source, maxLength: 12);
            var beamOne = DateTask.Decode(model, pair.Source, maxLength: 12, beamWidth: 1);
            Assert.Equal(greedy.Tokens, beamOne.Tokens);
            var ids = DateTask.Source.Encode(DateTask.SourceTokenizer.Tokenize(pair.Source));
            var beam = model.Beam(ids, beamWidth: 4, maxLength: 12, lengthPenalty: 0);
            var narrow = model.Beam(ids, beamWidth: 1, maxLength: 12, lengthPenalty: 0);
            Assert.True(beam.LogProbability >= narrow.LogProbability - 1e-9, $"beam {beam.LogProbability} < greedy {narrow.LogProbability}");
        }
    }

    [Fact]
    public void Dot_attention_needs_matching_sizes_and_says_so()
    {
        var error = Assert.Throws<ArgumentException>(() => new Seq2SeqDecoder(10, 4, 8, 12, DecoderAttention.Dot, RecurrentCellKind.Gru, new Random(1)));
        Assert.Contains("(size 8)", error.Message);
        Assert.Contains("(size 12)", error.Message);
    }

    [Fact]
    public void A_small_attention_model_learns_dates_far_beyond_chance()
    {
        var train = DateNormalization.Generate(3000, seed: 11);
        var test = DateNormalization.Generate(100, seed: 12);
        var task = SequenceTask.Characters(train.Concat(test));
        var model = new Seq2SeqModel(task.Options(DecoderAttention.Additive) with { EncoderHidden = 32, DecoderHidden = 64, EmbeddingSize = 16 }, new Random(1));
        var history = task.Train(model, train, steps: 60, batchSize: 32, learningRate: 1e-2, seed: 1);
        var result = task.Evaluate(model, test, maxLength: 12);
        Assert.True(history.FinalLoss(5) < history.Losses[0] / 3, $"loss {history.Losses[0]:F2} -> {history.FinalLoss(5):F2}");
        Assert.True(result.TokenAccuracy > 0.6, $"token accuracy {result.TokenAccuracy:P1} (chance about 10%)");
    }

    [Fact]
    public void Training_follows_the_learning_rate_schedule_when_given_one()
    {
        var train = DateNormalization.Generate(200, seed: 13);
        var task = SequenceTask.Characters(train);
        Seq2SeqModel Model() => new(task.Options(DecoderAttention.Dot) with { EncoderHidden = 8, DecoderHidden = 16, EmbeddingSize = 4 }, new Random(2));
        static double[] Weights(Seq2SeqModel m) => m.Parameters().SelectMany(p => p.Value.ToRowMajorArray()).ToArray();

        // A schedule that keeps the rate at zero for the first steps: nothing may move, whatever learningRate says.
        var frozen = Model();
        var before = Weights(frozen);
        task.Train(frozen, train, steps: 3, batchSize: 8, learningRate: 1e-2, seed: 1, schedule: new StepSchedule(0, 10, 1));
        Assert.Equal(before, Weights(frozen));

        // A step schedule that starts at the same rate as the constant one trains identically until its first decay.
        var constant = Model();
        var stepped = Model();
        task.Train(constant, train, steps: 3, batchSize: 8, learningRate: 1e-2, seed: 1);
        task.Train(stepped, train, steps: 3, batchSize: 8, learningRate: 1e-9, seed: 1, schedule: new StepSchedule(1e-2, 10, 0.5));
        Assert.Equal(Weights(constant), Weights(stepped));
        Assert.NotEqual(before, Weights(stepped));
    }

    [Fact]
    public void Bleu_and_accuracy_by_length_group_examples_by_source_length()
    {
        var task = SequenceTask.Words([new SequencePair("a b", "x y"), new SequencePair("a b c", "x y z")]);
        var evaluation = new Evaluation(0, 0, 0,
        [
            new Prediction("a b", "x y z w", "x y z w"), new Prediction("b a", "x y z w", "w z y x"),
            new Prediction("a b c", "x y z", "x y z"),
        ]);
        var bleu = task.BleuByLength(evaluation);
        Assert.Equal([2, 3], bleu.Select(b => b.Length));
        Assert.Equal([2, 1], bleu.Select(b => b.Count));
        Assert.Equal(AttentionCourse.Metrics.Bleu.Corpus([["x", "y", "z", "w"], ["w", "z", "y", "x"]],
            [["x", "y", "z", "w"], ["x", "y", "z", "w"]]).Score, bleu[0].Bleu, 12);
        Assert.Equal(0, task.BleuByLength(evaluation, bucketSize: 4).Single().Length);
        var accuracy = task.AccuracyByLength(evaluation, bucketSize: 1);
        Assert.Equal([0.5, 1.0], accuracy.Select(a => a.ExactMatch));
    }
}
