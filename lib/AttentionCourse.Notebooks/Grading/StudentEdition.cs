using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>An exercise cell: a code cell holding at least one solution region.</summary>
/// <param name="Exercise">The exercise's number in its lesson (1 for the first exercise cell, and so on).</param>
/// <param name="Cell">The cell.</param>
/// <param name="CodeCellNumber">1-based position among the notebook's code cells.</param>
/// <param name="Function">The function the solution is the body of, when the cell declares one.</param>
public sealed record ExerciseCell(int Exercise, NotebookCell Cell, int CodeCellNumber, string? Function);

/// <summary>
/// Makes the student edition of a lesson: every solution region (the lines between <c>// BEGIN SOLUTION</c> and
/// <c>// END SOLUTION</c>) becomes a stub that throws <see cref="NotImplementedException"/> naming the lesson, the
/// exercise and the function to write; outputs are cleared; everything else (cell ids, metadata, the markers
/// themselves, so the student sees where to write) stays as it was.
/// </summary>
public static partial class StudentEdition
{
    /// <summary>The line that opens a solution region.</summary>
    public const string BeginMarker = "// BEGIN SOLUTION";

    /// <summary>The line that closes a solution region.</summary>
    public const string EndMarker = "// END SOLUTION";

    /// <summary>The student edition of <paramref name="instructor"/> (which is not changed).</summary>
    /// <exception cref="InvalidDataException">A marker is missing or nested; the message names the notebook, the cell and the line.</exception>
    public static Notebook Create(Notebook instructor)
    {
        var student = instructor.Clone();
        string lesson = LessonName(instructor.Path);
        foreach (var exercise in Exercises(student))
        {
            var lines = exercise.Cell.Source.Split('\n').ToList();
            foreach (var (begin, end) in Enumerable.Reverse(Regions(exercise.Cell, exercise.CodeCellNumber, student.Path)))
            {
                string indent = lines[begin][..(lines[begin].Length - lines[begin].TrimStart().Length)];
                lines.RemoveRange(begin + 1, end - begin - 1);
                lines.InsertRange(begin + 1, Stub(indent, lesson, exercise));
            }
            exercise.Cell.Source = string.Join('\n', lines);
        }
        foreach (var cell in student.CodeCells)
        {
            cell.Json["outputs"] = new JsonArray();
            cell.Json["execution_count"] = null;
        }
        return student;
    }

    /// <summary>The exercise cells of a notebook in order, with their numbers; checks every cell's markers.</summary>
    /// <exception cref="InvalidDataException">A marker is missing or nested.</exception>
    public static IReadOnlyList<ExerciseCell> Exercises(Notebook notebook)
    {
        var exercises = new List<ExerciseCell>();
        int codeCellNumber = 0;
        foreach (var cell in notebook.CodeCells)
        {
            codeCellNumber++;
            var regions = Regions(cell, codeCellNumber, notebook.Path);
            if (regions.Count == 0) continue;
            var lines = cell.Source.Split('\n');
            string? function = lines.Take(regions[0].Begin).Reverse()
                .Select(l => Declaration().Match(l)).FirstOrDefault(m => m.Success)?.Groups["name"].Value;
            exercises.Add(new ExerciseCell(exercises.Count + 1, cell, codeCellNumber, function));
        }
        return exercises;
    }

    /// <summary>"Lesson 3" for 03-types-of-attention.ipynb; the file name when it does not start with a number.</summary>
    public static string LessonName(string? path)
    {
        string name = Path.GetFileNameWithoutExtension(path ?? "notebook");
        var number = LeadingNumber().Match(name);
        return number.Success ? $"Lesson {int.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture)}" : name;
    }

    /// <summary>The 0-based line numbers of each region's BEGIN and END markers, checked for nesting and pairing.</summary>
    private static List<(int Begin, int End)> Regions(NotebookCell cell, int codeCellNumber, string? path)
    {
        var regions = new List<(int, int)>();
        int? open = null;
        var lines = cell.Source.Split('\n');
        string where = $"{Path.GetFileName(path ?? "notebook")}, cell {cell.Index + 1} (code cell {codeCellNumber})";
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line == BeginMarker)
            {
                if (open is int outer)
                    throw new InvalidDataException($"{where}: line {i + 1} opens a solution region inside the one opened at line {outer + 1}; "
                        + $"close the first with {EndMarker} before opening another (regions cannot nest).");
                open = i;
            }
            else if (line == EndMarker)
            {
                if (open is not int begin)
                    throw new InvalidDataException($"{where}: line {i + 1} has {EndMarker} without a {BeginMarker} before it.");
                regions.Add((begin, i));
                open = null;
            }
        }
        if (open is int unclosed)
            throw new InvalidDataException($"{where}: the {BeginMarker} at line {unclosed + 1} has no {EndMarker} after it in the same cell.");
        return regions;
    }

    private static IEnumerable<string> Stub(string indent, string lesson, ExerciseCell exercise)
    {
        string what = exercise.Function ?? "your solution";
        yield return $"{indent}// Your code goes here: replace the line below with {(exercise.Function is null ? "your solution" : $"the body of {what}")}.";
        yield return $"{indent}throw new NotImplementedException(\"{lesson}, exercise {exercise.Exercise}: write {what}.\");";
    }

    /// <summary>A method declaration such as <c>Tensor MyScaledScores(Tensor queries, Tensor keys)</c>.</summary>
    [GeneratedRegex(@"^\s*(?!(?:return|if|for|foreach|while|switch|using|var|new|await|throw)\b)[\w.<>\[\],?]+(?:\s+[\w.<>\[\],?]+)*\s+(?<name>\w+)\s*\(")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\d+")]
    private static partial Regex LeadingNumber();
}
