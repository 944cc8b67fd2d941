// Hidden check, lesson 8 exercise 1: MyPositionalEncoding against the library for lengths and sizes the notebook
// never shows (an odd model dimension included).
foreach (var (length, size) in new[] { (9, 10), (4, 7), (1, 2), (30, 16) })
    ExerciseCheck.Close(1, $"MyPositionalEncoding({length}, {size})", PositionalEncoding.Sinusoidal(length, size),
        MyPositionalEncoding(length, size), "sin on even dimensions 2i and cos on odd ones 2i + 1, both of "
        + "position / 10000^(2i / d_model).", tolerance: 1e-12);
