// Hidden check, lesson 9 exercise 1: ScoreMatrixBytes on sizes the notebook never shows, some past int's range.
foreach (var (batch, heads, layers, length) in new[] { (3, 5, 7, 100), (1, 1, 1, 1), (64, 16, 24, 8192), (2, 12, 1, 50_000) })
    ExerciseCheck.Equal(1, $"ScoreMatrixBytes({batch}, {heads}, {layers}, {length})", 8L * batch * heads * layers * length * length,
        ScoreMatrixBytes(batch, heads, layers, length),
        "8 bytes per score, one (T, T) matrix per sequence, head and layer; compute in long arithmetic.");
