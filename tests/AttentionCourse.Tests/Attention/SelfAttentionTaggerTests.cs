using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Tensors;

namespace AttentionCourse.Tests.Attention;

public class SelfAttentionTaggerTests
{
    [Fact]
    public void Learns_to_name_the_previous_and_next_token_with_one_head_looking_each_way()
    {
        var model = new SelfAttentionTagger(10, 32, heads: 2, [10, 10], new Random(1));
        var history = NeighborTask.Train(model, NeighborTokens.Generate(4000, 8, 10, seed: 1), steps: 300);
        var test = NeighborTokens.Generate(200, 8, 10, seed: 99);
        double accuracy = NeighborTask.Accuracy(model, test);
        Assert.True(accuracy > 0.9, $"accuracy {accuracy:P1} (chance 10%), final loss {history.FinalLoss():F3}");
        Assert.True(history.FinalLoss() < history.Losses[0] / 5, "the loss should fall by a wide margin");

        // Average weight each head puts one step to the left and one step to the right.
        var heads = model.Forward(test[0].Tokens).Attention.HeadWeights;
        double Left(Tensor w) => Enumerable.Range(1, 7).Average(t => w.Value[t, t - 1]);
        double Right(Tensor w) => Enumerable.Range(0, 7).Average(t => w.Value[t, t + 1]);
        var lefts = heads.Select(Left).ToArray();
        var rights = heads.Select(Right).ToArray();
        Assert.True(lefts.Max() > 0.5 && rights.Max() > 0.5, $"left {string.Join(", ", lefts.Select(v => v.ToString("F2")))} right {string.Join(", ", rights.Select(v => v.ToString("F2")))}");
    }

    [Fact]
    public void Without_positions_the_same_model_on_the_same_budget_does_no_better_than_the_best_order_blind_guess()
    {
        var model = new SelfAttentionTagger(10, 32, heads: 2, [10, 10], new Random(1), usePositions: false);
        NeighborTask.Train(model, NeighborTokens.Generate(4000, 8, 10, seed: 1), steps: 300);
        var test = NeighborTokens.Generate(200, 8, 10, seed: 99);
        double accuracy = NeighborTask.Accuracy(model, test);
        double bestGuess = NeighborTask.OrderBlindBestGuess(test);
        Assert.True(accuracy < 0.4, $"accuracy without positions {accuracy:P1}");
        Assert.True(accuracy < bestGuess + 0.03, $"accuracy without positions {accuracy:P1}, best order-blind guess {bestGuess:P1}");
    }

    [Fact]
    public void Order_blind_best_guess_names_the_most_frequent_other_token()
    {
        // 5 7 5 9. Previous: position 1 (others 5 5 9: guess 5, right), 2 (5 7 9 tie: 1/3), 3 (5 7 5: 5, right).
        // Next: position 0 (7 5 9 tie: 1/3), 1 (5 5 9: 5, right), 2 (5 7 9 tie: 1/3).
        var example = new NeighborExample([5, 7, 5, 9], [NeighborTokens.NoTarget, 5, 7, 5], [7, 5, 9, NeighborTokens.NoTarget]);
        double expected = (1 + 1 / 3.0 + 1 + 1 / 3.0 + 1 + 1 / 3.0) / 6;
        Assert.Equal(expected, NeighborTask.OrderBlindBestGuess([example]), 12);
    }

    [Fact]
    public void Tagging_loss_ignores_positions_without_a_target()
    {
        var model = new SelfAttentionTagger(5, 8, heads: 1, [5], new Random(2));
        var scored = new TaggedSequence([1, 2, 3], [[TaggingTask.NoTarget, 4, TaggingTask.NoTarget]]);
        double loss = TaggingTask.Loss(model, [scored]).Value[0, 0];
        var logits = model.Forward([1, 2, 3]).Logits[0].Value.Row(1);
        double logSumExp = Math.Log(logits.Select(Math.Exp).Sum());
        Assert.Equal(logSumExp - logits[4], loss, 10); // only position 1 counts
    }

    [Fact]
    public void One_head_learns_to_name_the_noun_a_pronoun_refers_to_by_attending_to_it()
    {
        var model = new SelfAttentionTagger(PronounTask.Vocabulary.Count, 32, heads: 1, [PronounTask.Vocabulary.Count], new Random(7));
        TaggingTask.Train(model, PronounTask.Tagged(PronounSentences.Generate(3000, seed: 1)), steps: 300);
        var test = PronounSentences.Generate(300, seed: 2);
        double accuracy = TaggingTask.Accuracy(model, PronounTask.Tagged(test));
        double weight = PronounTask.AntecedentWeight(model, test);
        Assert.True(accuracy > 0.95 && weight > 0.7, $"accuracy {accuracy:P1} (two nouns to choose from), weight on the antecedent {weight:F2}");
        var it = "the boy saw the cat and it was tired".Split(' ');
        Assert.Equal(4, PronounTask.HeadWeights(model, it)[0].Row(6).MaximumIndex()); // "it" finds "cat"
    }

    [Fact]
    public void Mask_matrix_marks_blocked_entries_with_one()
    {
        var matrix = Masks.ToMatrix(Masks.Causal(3));
        Assert.Equal(new double[,] { { 0, 1, 1 }, { 0, 0, 1 }, { 0, 0, 0 } }, matrix.ToArray());
    }
}
