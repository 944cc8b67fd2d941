// Hidden check, lesson 4 exercise 2: BrevityPenalty against BLEU's, for lengths the notebook does not try.
foreach (var (c, r) in new[] { (2, 9), (10, 3), (4, 5), (6, 6), (9, 11) })
{
    var candidate = Enumerable.Range(0, c).Select(i => $"w{i}").ToArray();
    var reference = Enumerable.Range(0, r).Select(i => $"w{i}").ToArray();
    ExerciseCheck.Close(2, $"BrevityPenalty({c}, {r})", Bleu.Corpus([candidate], [reference], maxOrder: 1).BrevityPenalty,
        BrevityPenalty(c, r), "1 when c > r, else e^(1 - r/c) computed with doubles.", tolerance: 1e-12);
}
