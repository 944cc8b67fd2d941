// Hidden check, lesson 7 exercise 4: ExactCaptionsWithPatches on images, a patch size and a step count the notebook
// never shows, against the same experiment run through the library. The student's function runs first, so a stub
// fails at once.
var hiddenScenes = ShapeScenes.Generate(1000, seed: 71);
var hiddenHeldOut = ShapeScenes.Generate(100, seed: 72);
var actual = ExactCaptionsWithPatches(hiddenScenes, hiddenHeldOut, 16, 150);
var reference = ImageCaptioner.Create(hiddenScenes, new Random(1), patchSize: 16);
reference.Fit(hiddenScenes, 150, learningRate: 1e-2, seed: 1);
ExerciseCheck.Close(4, "ExactCaptionsWithPatches(1,000 hidden images, 100 hidden images, 16, 150)",
    reference.Evaluate(hiddenHeldOut).ExactMatch, actual,
    "create the captioner with ImageCaptioner.Create(training, new Random(1), patchSize: patchSize), fit it for "
    + "`steps` steps with learning rate 1e-2 and seed 1, and return Evaluate(heldOut).ExactMatch.", tolerance: 1e-12);
