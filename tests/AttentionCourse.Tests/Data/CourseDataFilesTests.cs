using AttentionCourse.Data;

namespace AttentionCourse.Tests.Data;

public class CourseDataFilesTests
{
    [Fact]
    public void The_files_in_data_hold_exactly_the_pairs_the_lessons_generate()
    {
        var data = Path.Combine(TestData.RepositoryRoot(), "data");
        foreach (var file in CourseDataFiles.Files)
        {
            string path = Path.Combine(data, file.Name);
            Assert.True(File.Exists(path), $"data/{file.Name} is missing: remake it with the command in data/README.md.");
            Assert.True(TranslationFile.Read(path).SequenceEqual(file.Pairs()),
                $"data/{file.Name} differs from {file.Generator}: remake it with the command in data/README.md.");
            Assert.StartsWith($"{file.SourceColumn}\t{file.TargetColumn}\n", File.ReadAllText(path));
        }
    }

    [Fact]
    public void Lessons_that_take_fewer_pairs_take_the_first_ones_of_a_file()
    {
        // Lesson 3 trains on DateNormalization.Generate(6_000, seed: 1), lesson 8 tests on Generate(200, seed: 2):
        // the first pairs of dates.tsv and dates-held-out.tsv, as data/README.md says.
        Assert.Equal(DateNormalization.Generate(6_000, seed: 1), DateNormalization.Generate(10_000, seed: 1).Take(6_000));
        Assert.Equal(DateNormalization.Generate(200, seed: 2), DateNormalization.Generate(300, seed: 2).Take(200));
    }

    [Fact]
    public void WriteAll_writes_files_that_read_back_as_the_same_pairs()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"course-data-{Guid.NewGuid():N}");
        try
        {
            CourseDataFiles.WriteAll(folder);
            foreach (var file in CourseDataFiles.Files)
                Assert.Equal(file.Pairs(), TranslationFile.Read(Path.Combine(folder, file.Name)));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
