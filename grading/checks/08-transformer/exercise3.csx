// Hidden check, lesson 8 exercise 3: PaperLearningRate against the library's schedule for a new model size and warm-up.
var schedule = WarmupInverseSquareRootSchedule.ForTransformer(256, 1000);
foreach (int step in new[] { 1, 10, 999, 1000, 1001, 5000, 100000 })
    ExerciseCheck.Close(3, $"PaperLearningRate({step}, 256, 1000)", schedule.LearningRateAt(step), PaperLearningRate(step, 256, 1000),
        "d_model^-0.5 * min(step^-0.5, step * warmup^-1.5): the rate rises for warmup steps, then falls as 1/√step.",
        tolerance: 1e-12);
