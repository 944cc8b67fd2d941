// Hidden check, lesson 8 exercise 4: RealDateShare on a language model the notebook never trains, at temperatures
// and sample counts it never uses, against the same count through the library.
var hiddenDates = DateNormalization.Generate(500, seed: 81).Select(p => p.Target).ToList();
var hiddenCharacters = Vocabulary.Build(hiddenDates.Select(d => d.Select(ch => ch.ToString())));
var hiddenCorpus = hiddenDates
    .Select(d => hiddenCharacters.Encode(d.Select(ch => ch.ToString()), addBos: true, addEos: true)).ToList();
var hiddenModel = new DecoderOnlyLanguageModel(new LanguageModelOptions(hiddenCharacters.Count, Dropout: 0), new Random(8));
hiddenModel.TrainOn(hiddenCorpus, steps: 60, batchSize: 32, learningRate: 3e-3, seed: 3);
foreach (var (temperature, samples) in new[] { (0.5, 30), (1.2, 25) })
{
    int real = 0;
    for (int i = 0; i < samples; i++)
    {
        var text = string.Concat(hiddenCharacters.Decode(
            hiddenModel.Generate([Vocabulary.BosId], maxNewTokens: 12, temperature: temperature, seed: i)));
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out _)) real++;
    }
    ExerciseCheck.Close(4, $"RealDateShare(a hidden language model, its characters, {temperature}, {samples})",
        real / (double)samples, RealDateShare(hiddenModel, hiddenCharacters, temperature, samples),
        "draw sample i with seed i (i = 0, 1, ...) from <bos> with at most 12 new tokens at the given temperature; "
        + "count the samples that parse as yyyy-MM-dd and divide by the number of samples.", tolerance: 1e-12);
}
