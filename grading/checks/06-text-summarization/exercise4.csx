// Hidden check, lesson 6 exercise 4: FactSentencesFound on articles and step counts the notebook never shows,
// against the same experiment run through the library. The student's function runs first, so a stub fails at once.
var hiddenTraining = NewsArticles.Generate(600, seed: 61);
var hiddenTest = NewsArticles.Generate(80, seed: 62);
foreach (var steps in new[] { 3, 12 })
{
    var actual = FactSentencesFound(hiddenTraining, hiddenTest, steps);
    var reference = ExtractiveSummarizer.Create(hiddenTraining, new Random(1));
    reference.Fit(hiddenTraining, steps, learningRate: 2e-2, seed: 1);
    double expected = hiddenTest.Count(a => reference.Summarize(a, k: 2).Selected.SequenceEqual(a.FactSentences))
        / (double)hiddenTest.Count;
    ExerciseCheck.Close(4, $"FactSentencesFound(600 hidden articles, 80 hidden articles, {steps})", expected,
        actual,
        "create the summarizer with new Random(1) on the training articles, fit it for `steps` steps (learning rate "
        + "2e-2, seed 1), and count a held-out article only when its two chosen sentences are its fact sentences.",
        tolerance: 1e-12);
}
