// Hidden check, lesson 10 exercise 2: UnblockedPairs against the pairs the library's causal mask leaves open.
foreach (int length in new[] { 1, 7, 30 })
{
    var mask = Masks.Causal(length);
    int open = 0;
    foreach (bool blocked in mask) if (!blocked) open++;
    ExerciseCheck.Equal(2, $"UnblockedPairs({length})", open, UnblockedPairs(length),
        "query i may attend to keys 0 ... i (i + 1 keys); add that up over the queries 0 ... length - 1.");
}
