// Hidden check, lesson 2 exercise 4: TokenAccuracyAtLength for lengths and step counts the notebook never shows,
// against the same experiment run through the library. The student's function runs first, so a stub fails at once.
foreach (var (attention, length, steps) in new[] { (DecoderAttention.None, 7, 30), (DecoderAttention.Additive, 8, 30) })
{
    var actual = TokenAccuracyAtLength(attention, length, steps);
    var training = DigitSequences.Reversal(2000, minLength: length, maxLength: length, seed: 1);
    var testing = DigitSequences.Reversal(100, minLength: length, maxLength: length, seed: 2);
    var task = SequenceTask.Characters(training);
    var options = task.Options(attention) with { EmbeddingSize = 16, EncoderHidden = 32, DecoderHidden = 64 };
    var reference = new Seq2SeqModel(options, new Random(1));
    task.Train(reference, training, steps: steps, batchSize: 64, learningRate: 0.01, seed: 1);
    ExerciseCheck.Close(4, $"TokenAccuracyAtLength(DecoderAttention.{attention}, {length}, {steps})",
        task.Evaluate(reference, testing, maxLength: length + 2).TokenAccuracy, actual,
        "train on DigitSequences.Reversal(2000, length, length, seed: 1), test on 100 strings with seed 2; the model "
        + "from task.Options(attention) with the sizes 16, 32, 64 and new Random(1); batchSize 64, learningRate 0.01, "
        + "seed 1; token accuracy with maxLength length + 2.", tolerance: 1e-12);
}
