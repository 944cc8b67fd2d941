// Hidden check, lesson 9 exercise 2: MyGrowthExponent against the library's least-squares fit on new, noisy data.
(double[] Sizes, double[] Times)[] cases =
[
    ([3, 9, 27], [2, 5, 40]),
    ([100, 200, 400, 800, 1600], [1.1, 2.5, 9.0, 30.0, 130.0]),
    ([5, 50], [7, 0.7]),
];
foreach (var (sizes, times) in cases)
    ExerciseCheck.Close(2, $"MyGrowthExponent([{string.Join(", ", sizes)}], [{string.Join(", ", times)}])",
        AttentionCourse.Training.StepTimer.GrowthExponent(sizes, times), MyGrowthExponent(sizes, times),
        "the least-squares slope of log(time) against log(size): sum (x - mean x)(y - mean y) / sum (x - mean x)^2.",
        tolerance: 1e-9);
