// Hidden check, lesson 3 exercise 4: ExactMatchWithScore on dates, a score and a step count the notebook never
// shows, against the same experiment run through the library. The student's function runs first, so a stub fails
// at once.
var hiddenDates = DateNormalization.Generate(1500, seed: 31);
var hiddenHeldOut = DateNormalization.Generate(150, seed: 32);
var hiddenTask = SequenceTask.Characters(hiddenDates.Concat(hiddenHeldOut));
var actual = ExactMatchWithScore(hiddenTask, hiddenDates, hiddenHeldOut, DecoderAttention.General, 70);
var options = hiddenTask.Options(DecoderAttention.General) with { EmbeddingSize = 16, EncoderHidden = 32, DecoderHidden = 64 };
var reference = new Seq2SeqModel(options, new Random(1));
hiddenTask.Train(reference, hiddenDates, steps: 70, batchSize: 32, learningRate: 0.01, seed: 3);
ExerciseCheck.Close(4, "ExactMatchWithScore(a task on 1,500 hidden dates, ..., DecoderAttention.General, 70)",
    hiddenTask.Evaluate(reference, hiddenHeldOut, maxLength: 12).ExactMatch, actual,
    "build the model from task.Options(kind) with the sizes 16, 32, 64 and new Random(1); train it with batchSize 32, "
    + "learningRate 0.01, seed 3 for `steps` steps; evaluate on heldOut with maxLength 12.", tolerance: 1e-12);
