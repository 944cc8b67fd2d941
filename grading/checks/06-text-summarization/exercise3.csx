// Hidden check, lesson 6 exercise 3: FinalDistribution against the library's tensor mixture, with repeated source
// words and source words outside the vocabulary, for p_gen values the notebook does not try.
var random = new Random(61);
foreach (var (pGen, vocabularySize, ids, size) in new[] { (0.7, 4, new[] { 5, 1, 5, 5 }, 6), (0.1, 3, new[] { 0, 2 }, 3) })
{
    double[] vocabulary = Enumerable.Range(0, vocabularySize).Select(_ => random.NextDouble()).ToArray();
    double[] attention = Enumerable.Range(0, ids.Length).Select(_ => random.NextDouble()).ToArray();
    var expected = Tensor.ConcatColumns(Tensor.Row(vocabulary).Scale(pGen), Tensor.Zeros(1, size - vocabularySize))
        + Tensor.Row(attention).ScatterAddColumns([ids], size).Scale(1 - pGen);   // (1, size)
    ExerciseCheck.Close(3, $"FinalDistribution({pGen}, {vocabularySize} vocabulary probabilities, source ids [{string.Join(", ", ids)}], {size})",
        expected.Value.Row(0).ToArray(), FinalDistribution(pGen, vocabulary, attention, ids, size),
        "p_gen * P_vocab(w) for words of the vocabulary, plus (1 - p_gen) * the attention of every source position "
        + "holding w (add, a word may appear several times).", tolerance: 1e-12);
}
