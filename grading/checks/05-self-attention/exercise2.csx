// Hidden check, lesson 5 exercise 2: DecoderMask against causal + padding from the library, new lengths.
foreach (var (length, valid) in new[] { (7, 3), (5, 5), (3, 0), (8, 6) })
    ExerciseCheck.Equal(2, $"DecoderMask({length}, {valid})", Masks.Combine(Masks.Causal(length), Masks.KeyPadding(length, valid, length)),
        DecoderMask(length, valid), "true for key > query (a query sees itself) or key >= validTokens.");
