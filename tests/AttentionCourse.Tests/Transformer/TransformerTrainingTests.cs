using AttentionCourse.Data;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Training;
using AttentionCourse.Transformer;
using Xunit.Abstractions;

namespace AttentionCourse.Tests.Transformer;

public class TransformerTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void Tiny_transformer_learns_to_copy_digit_strings()
    {
        var train = DigitSequences.Copy(3000, 3, 6, seed: 1);
        var test = DigitSequences.Copy(100, 3, 6, seed: 2);
        var task = SequenceTask.Characters(train);
        var options = new TransformerOptions(task.Source.Count, task.Target.Count, EncoderLayers: 1, DecoderLayers: 1, Dropout: 0);
        var model = new TransformerModel(options, new Random(1));
        var history = task.Train(model, train, steps: 150, batchSize: 32, seed: 1, clipNorm: 1.0, labelSmoothing: 0.1,
            schedule: new WarmupInverseSquareRootSchedule(5e-3, 30));
        var result = task.Evaluate(model, test, maxLength: 10);
        output.WriteLine($"copy: exact {result.ExactMatch:P1} in {history.Duration.TotalSeconds:F1} s, loss {history.FinalLoss():F3}");
        Assert.True(result.ExactMatch >= 0.9, $"exact match {result.ExactMatch:P1}");
    }

    [Fact]
    public void Tiny_transformer_learns_dates_far_beyond_chance()
    {
        var train = DateNormalization.Generate(3000, seed: 1);
        var test = DateNormalization.Generate(100, seed: 2);
        var task = SequenceTask.Characters(train.Concat(test));
        var model = new TransformerModel(new TransformerOptions(task.Source.Count, task.Target.Count, Dropout: 0), new Random(1));
        var history = task.Train(model, train, steps: 150, batchSize: 32, seed: 1, clipNorm: 1.0, labelSmoothing: 0.1,
            schedule: new WarmupInverseSquareRootSchedule(5e-3, 30));
        var result = task.Evaluate(model, test, maxLength: 12);
        output.WriteLine($"dates: exact {result.ExactMatch:P1}, tokens {result.TokenAccuracy:P1} in {history.Duration.TotalSeconds:F1} s, loss {history.FinalLoss():F3}");
        Assert.True(result.TokenAccuracy > 0.8, $"token accuracy {result.TokenAccuracy:P1} (chance about 10%)");
    }
}
