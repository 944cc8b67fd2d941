// Hidden check, lesson 4 exercise 1: ClippedUnigramPrecision against BLEU's clipped 1-gram precision.
foreach (var (candidate, reference) in new[]
{
    ("a a b c", "a b b"), ("x y", "z"), ("k k k", "k k"), ("the cat sat on the mat", "the cat is on the mat"),
})
{
    var c = candidate.Split(' ');
    var r = reference.Split(' ');
    ExerciseCheck.Close(1, $"ClippedUnigramPrecision(\"{candidate}\", \"{reference}\")", Bleu.Corpus([c], [r], maxOrder: 1).Precisions[0],
        ClippedUnigramPrecision(c, r), "a candidate word matches at most as many times as it appears in the reference.", tolerance: 1e-12);
}
