// Hidden check, lesson 3 exercise 3: WeightsAtTemperature against softmax(scores / τ) for new scores and temperatures.
var scores = Tensor.Randn(2, 6, new Random(8), 2.0);
foreach (var temperature in new[] { 0.5, 3.0, 10.0 })
    ExerciseCheck.Close(3, $"WeightsAtTemperature(hidden (2, 6) scores, {temperature})", scores.Scale(1 / temperature).Softmax().Value,
        WeightsAtTemperature(scores, temperature)?.Value, "divide the scores by the temperature, then softmax each row.", tolerance: 1e-12);
