// Hidden check, lesson 5 exercise 4: PronounAccuracy on sentences, a head count, a seed and a step count the notebook
// never shows, against the same experiment run through the library. The student's function runs first, so a stub
// fails at once.
var hiddenTraining = PronounSentences.Generate(800, seed: 51);
var hiddenTest = PronounSentences.Generate(100, seed: 52);
var actual = PronounAccuracy(hiddenTraining, hiddenTest, heads: 2, seed: 3, steps: 60);
int size = PronounTask.Vocabulary.Count;
var reference = new SelfAttentionTagger(size, 32, 2, [size], new Random(3));
TaggingTask.Train(reference, PronounTask.Tagged(hiddenTraining), steps: 60);
ExerciseCheck.Close(4, "PronounAccuracy(800 hidden sentences, 100 hidden sentences, heads: 2, seed: 3, steps: 60)",
    TaggingTask.Accuracy(reference, PronounTask.Tagged(hiddenTest)), actual,
    "a SelfAttentionTagger(size, 32, heads, [size], new Random(seed)) with size = PronounTask.Vocabulary.Count, trained "
    + "with TaggingTask.Train on PronounTask.Tagged(training) for `steps` steps; TaggingTask.Accuracy on the tagged "
    + "held-out sentences.", tolerance: 1e-12);
