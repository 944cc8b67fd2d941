namespace AttentionCourse.Data;

/// <summary>
/// Sentence pairs in a tab-separated text file that any editor or spreadsheet opens: a first line naming the two
/// columns (e.g. <c>english	french</c>), then one pair a line, source and target separated by a tab.
/// </summary>
public static class TranslationFile
{
    /// <summary>Writes <paramref name="pairs"/> to <paramref name="path"/> (creating its folder) under a header line.</summary>
    public static void Write(string path, IEnumerable<SequencePair> pairs, string sourceName = "english", string targetName = "french")
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null) Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine($"{sourceName}\t{targetName}");
        foreach (var pair in pairs)
        {
            if (pair.Source.Contains('\t') || pair.Target.Contains('\t') || pair.Source.Contains('\n') || pair.Target.Contains('\n'))
                throw new ArgumentException($"A pair holds a tab or a line break, which this format cannot store: \"{pair.Source}\" → \"{pair.Target}\".", nameof(pairs));
            writer.WriteLine($"{pair.Source}\t{pair.Target}");
        }
    }

    /// <summary>Reads the pairs of a file written by <see cref="Write"/> (or by hand); the header and blank lines are skipped.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A line is not two texts separated by one tab; the message names the line.</exception>
    public static List<SequencePair> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no sentence-pair file at '{Path.GetFullPath(path)}'. Remake the course's with the command in data/README.md, or give the path of a file of your own: a header line, then one \"source<TAB>target\" pair a line.", path);
        var pairs = new List<SequencePair>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || string.IsNullOrWhiteSpace(line)) continue;
            var columns = line.Split('\t');
            if (columns.Length != 2 || columns[0].Trim().Length == 0 || columns[1].Trim().Length == 0)
                throw new InvalidDataException($"{path}, line {lineNumber}: expected a source text, one tab and a target text, found {columns.Length - 1} tab(s) in \"{line}\".");
            pairs.Add(new SequencePair(columns[0].Trim(), columns[1].Trim()));
        }
        return pairs;
    }
}
