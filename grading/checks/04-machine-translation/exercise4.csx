// Hidden check, lesson 4 exercise 4: BleuReversed on sentences and a step count the notebook never shows, against the
// same experiment run through the library. The student's function runs first, so a stub fails at once.
var (hiddenTraining, hiddenTest) = Batching.TrainTestSplit(EnglishFrench.Generate(1500, seed: 41), testFraction: 0.1, seed: 42);
var actual = BleuReversed(hiddenTraining, hiddenTest, DecoderAttention.None, 30);
List<SequencePair> Reversed(IEnumerable<SequencePair> pairs) =>
    pairs.Select(p => p with { Source = string.Join(' ', p.Source.Split(' ').Reverse()) }).ToList();
var reversedTraining = Reversed(hiddenTraining);
var task = SequenceTask.Words(reversedTraining);
var options = task.Options(DecoderAttention.None) with { EmbeddingSize = 32, EncoderHidden = 32, DecoderHidden = 64 };
var reference = new Seq2SeqModel(options, new Random(1));
task.Train(reference, reversedTraining, steps: 30, batchSize: 64, learningRate: 0.02, seed: 8);
ExerciseCheck.Close(4, "BleuReversed(1,350 hidden pairs, 150 hidden pairs, DecoderAttention.None, 30)",
    task.Evaluate(reference, Reversed(hiddenTest), maxLength: 30).Bleu, actual,
    "reverse the source words of the training and of the held-out pairs; SequenceTask.Words on the reversed training "
    + "pairs; sizes 32, 32, 64 and new Random(1); batchSize 64, learningRate 0.02, seed 8; greedy BLEU with maxLength 30 "
    + "on the reversed held-out pairs.", tolerance: 1e-12);
