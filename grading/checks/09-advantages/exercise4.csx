// Hidden check, lesson 9 exercise 4: MatricesAllocated against a measurement of the scaled-first computation.
var random = new Random(29);
var queries = Tensor.Randn(1024, 32, random);
var keys = Tensor.Randn(1024, 32, random);
double measured;
using (Tensor.NoGrad())
    measured = AttentionCourse.Training.StepTimer.Measure(() => queries.Scale(1 / Math.Sqrt(32)).MatMulTransposed(keys).Softmax(), 2)
        .AllocatedBytes / (8.0 * 1024 * 1024);
ExerciseCheck.Equal(4, "MatricesAllocated()", (int)Math.Round(measured), MatricesAllocated(),
    "measure ScaledFirstWeights with StepTimer.Measure inside Tensor.NoGrad() at T = 1024 and divide AllocatedBytes by 8 T^2.");
