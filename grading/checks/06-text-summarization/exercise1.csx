// Hidden check, lesson 6 exercise 1: MyRouge1 against the library's ROUGE-1 F1 on pairs the notebook never shows,
// with repeated words (clipping), no overlap, and case and punctuation to ignore.
foreach (var (candidate, reference) in new[]
{
    ("a b c d", "b c e"), ("x y z", "w"), ("the cat the dog the", "the the cat"),
    ("Numbers: 42 and 7.", "7 and 42 numbers here"), ("rain rain rain", "rain"),
})
    ExerciseCheck.Close(1, $"MyRouge1(\"{candidate}\", \"{reference}\")", Rouge.N(candidate, reference, 1).F1,
        MyRouge1(candidate, reference), "count each word at most as often as it appears in the other text; "
        + "F1 = 2 P R / (P + R) with P over the candidate's words and R over the reference's.", tolerance: 1e-12);
