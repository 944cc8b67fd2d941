// Hidden check, lesson 1 exercise 4: ExactMatchAfter on dates and a step count the notebook never shows, against
// the same experiment run through the library. The student's function runs first, so a stub fails at once.
var hiddenDates = DateNormalization.Generate(1500, seed: 41);
var hiddenHeldOut = DateNormalization.Generate(150, seed: 42);
var hiddenTask = SequenceTask.Characters(hiddenDates.Concat(hiddenHeldOut));
var actual = ExactMatchAfter(hiddenTask, hiddenDates, hiddenHeldOut, DecoderAttention.Additive, 60);
var options = hiddenTask.Options(DecoderAttention.Additive) with { EmbeddingSize = 16, EncoderHidden = 32, DecoderHidden = 64 };
var reference = new Seq2SeqModel(options, new Random(1));
hiddenTask.Train(reference, hiddenDates, steps: 60, batchSize: 64, learningRate: 0.01, seed: 3);
ExerciseCheck.Close(4, "ExactMatchAfter(a task on 1,500 hidden dates, ..., DecoderAttention.Additive, 60)",
    hiddenTask.Evaluate(reference, hiddenHeldOut, maxLength: 12).ExactMatch, actual,
    "build the model from task.Options(attention) with the sizes 16, 32, 64 and new Random(1); train it with "
    + "batchSize 64, learningRate 0.01, seed 3 for `steps` steps; evaluate on heldOut with maxLength 12.", tolerance: 1e-12);
