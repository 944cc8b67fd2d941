namespace AttentionCourse.Data;

/// <summary>
/// The generated sequence-pair sets lessons 1, 2, 3 and 8 train and test on, as tab-separated files a student can
/// open (in <c>data/</c>, next to lesson 4's sentences and lesson 6's articles). The lessons generate the same pairs
/// from the same seeds; a test checks that the files hold exactly those pairs.
/// </summary>
public static class CourseDataFiles
{
    /// <summary>One file of <c>data/</c>.</summary>
    /// <param name="Name">The file name, e.g. <c>dates.tsv</c>.</param>
    /// <param name="SourceColumn">The header of the first column (the model's input).</param>
    /// <param name="TargetColumn">The header of the second column (the expected output).</param>
    /// <param name="Generator">The call that makes the pairs, as a lesson writes it.</param>
    /// <param name="UsedBy">Which lessons use the pairs, and how.</param>
    /// <param name="Pairs">Makes the pairs.</param>
    public sealed record DataFile(string Name, string SourceColumn, string TargetColumn, string Generator, string UsedBy,
        Func<List<SequencePair>> Pairs);

    /// <summary>The files, in the order <c>data/README.md</c> lists them.</summary>
    public static IReadOnlyList<DataFile> Files { get; } =
    [
        new("dates.tsv", "written", "iso", "DateNormalization.Generate(10_000, seed: 1)",
            "lessons 1 and 8 train on all of them, lesson 3 on the first 6,000",
            () => DateNormalization.Generate(10_000, seed: 1)),
        new("dates-held-out.tsv", "written", "iso", "DateNormalization.Generate(300, seed: 2)",
            "lessons 1 and 3 test on all of them, lesson 8 on the first 200",
            () => DateNormalization.Generate(300, seed: 2)),
        new("digit-reversal.tsv", "digits", "reversed", "DigitSequences.Reversal(20_000, minLength: 4, maxLength: 24, seed: 1)",
            "lesson 2 trains on them",
            () => DigitSequences.Reversal(20_000, minLength: 4, maxLength: 24, seed: 1)),
        new("digit-reversal-test.tsv", "digits", "reversed", "DigitSequences.Reversal(600, minLength: 4, maxLength: 24, seed: 2)",
            "lesson 2 tests on them",
            () => DigitSequences.Reversal(600, minLength: 4, maxLength: 24, seed: 2)),
    ];

    /// <summary>Writes every file of <see cref="Files"/> into <paramref name="folder"/> (creating it).</summary>
    public static void WriteAll(string folder)
    {
        foreach (var file in Files)
            TranslationFile.Write(Path.Combine(folder, file.Name), file.Pairs(), file.SourceColumn, file.TargetColumn);
    }
}
