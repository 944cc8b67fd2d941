using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Exercises;

/// <summary>
/// Compares a student's answer with the expected one and, when they differ, throws an
/// <see cref="ExerciseFailedException"/> that says which call was checked, where the answer is off and by how much
/// (expected vs got), and gives a hint. The notebooks' check cells and the course's hidden grading checks both use it.
/// </summary>
public static class ExerciseCheck
{
    /// <summary>Throws unless <paramref name="actual"/> is within <paramref name="tolerance"/> of <paramref name="expected"/>.</summary>
    /// <param name="exercise">The exercise number in its lesson.</param>
    /// <param name="call">The call that was checked, as the student would write it, e.g. <c>MySoftmax([1, 2, 3])</c>.</param>
    /// <param name="expected">The right answer.</param>
    /// <param name="actual">The student's answer.</param>
    /// <param name="hint">What to look at when the answer is off.</param>
    /// <param name="tolerance">The largest accepted absolute difference.</param>
    public static void Close(int exercise, string call, double expected, double actual, string hint, double tolerance = 1e-9)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
            Fail(exercise, $"{call} returned {Format(actual)}, expected {Format(expected)} (off by {Format(Math.Abs(expected - actual))}).", hint);
    }

    /// <summary>Throws unless both vectors have the same length and every entry is within <paramref name="tolerance"/>.</summary>
    public static void Close(int exercise, string call, IReadOnlyList<double> expected, IReadOnlyList<double>? actual, string hint, double tolerance = 1e-9)
    {
        if (actual is null) Fail(exercise, $"{call} returned null, expected {Format(expected)}.", hint);
        if (actual!.Count != expected.Count)
            Fail(exercise, $"{call} returned {actual.Count} numbers, expected {expected.Count}: expected {Format(expected)}, got {Format(actual)}.", hint);
        int worst = Enumerable.Range(0, expected.Count).MaxBy(i => Difference(expected[i], actual[i]));
        if (expected.Count > 0 && !(Difference(expected[worst], actual[worst]) <= tolerance))
            Fail(exercise, $"{call} is off by {Format(Difference(expected[worst], actual[worst]))} at index {worst}: "
                + $"expected {Format(expected)}, got {Format(actual)}.", hint);
    }

    /// <summary>Throws unless both matrices have the same shape and every entry is within <paramref name="tolerance"/>.</summary>
    public static void Close(int exercise, string call, Matrix<double> expected, Matrix<double>? actual, string hint, double tolerance = 1e-9)
    {
        if (actual is null) Fail(exercise, $"{call} returned null, expected a ({expected.RowCount}, {expected.ColumnCount}) matrix.", hint);
        if (actual!.RowCount != expected.RowCount || actual.ColumnCount != expected.ColumnCount)
            Fail(exercise, $"{call} has shape ({actual.RowCount}, {actual.ColumnCount}), expected ({expected.RowCount}, {expected.ColumnCount}).", hint);
        var (row, column, difference) = (0, 0, 0.0);
        for (int i = 0; i < expected.RowCount; i++)
            for (int j = 0; j < expected.ColumnCount; j++)
                if (Difference(expected[i, j], actual[i, j]) > difference || double.IsNaN(actual[i, j]))
                    (row, column, difference) = (i, j, Difference(expected[i, j], actual[i, j]));
        if (!(difference <= tolerance))
            Fail(exercise, $"{call} is off by {Format(difference)} at [{row}, {column}]: expected {Format(expected[row, column])}, "
                + $"got {Format(actual[row, column])}.", hint);
    }

    /// <summary>Throws unless both masks have the same shape and the same entries; names the first entry that differs.</summary>
    public static void Equal(int exercise, string call, bool[,] expected, bool[,]? actual, string hint)
    {
        if (actual is null) Fail(exercise, $"{call} returned null.", hint);
        if (actual!.GetLength(0) != expected.GetLength(0) || actual.GetLength(1) != expected.GetLength(1))
            Fail(exercise, $"{call} has shape ({actual.GetLength(0)}, {actual.GetLength(1)}), expected ({expected.GetLength(0)}, {expected.GetLength(1)}).", hint);
        int wrong = 0;
        (int Row, int Column)? first = null;
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                if (expected[i, j] != actual[i, j])
                {
                    wrong++;
                    first ??= (i, j);
                }
        if (first is (int r, int c))
            Fail(exercise, $"{call} has {wrong} wrong entries; the first is [{r}, {c}] (query {r}, key {c}): expected "
                + $"{Blocked(expected[r, c])}, got {Blocked(actual[r, c])}.", hint);
    }

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/> (whole numbers, words).</summary>
    public static void Equal<T>(int exercise, string call, T expected, T actual, string hint)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            Fail(exercise, $"{call} returned {Describe(actual)}, expected {Describe(expected)}.", hint);
    }

    /// <summary>Throws an <see cref="ExerciseFailedException"/> with the exercise, what is wrong and the hint.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Fail(int exercise, string problem, string hint) =>
        throw new ExerciseFailedException($"Exercise {exercise}: {problem}\nHint: {hint}");

    private static double Difference(double expected, double actual) =>
        double.IsNaN(actual) || double.IsInfinity(actual) ? double.PositiveInfinity : Math.Abs(expected - actual);

    private static string Blocked(bool blocked) => blocked ? "true (blocked)" : "false (may attend)";

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        double number => Format(number),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Format(IReadOnlyList<double> values) =>
        values.Count <= 12
            ? "[" + string.Join(", ", values.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))) + "]"
            : $"[{values.Count} numbers starting {string.Join(", ", values.Take(6).Select(v => v.ToString("F4", CultureInfo.InvariantCulture)))}, ...]";
}

/// <summary>An exercise's answer is wrong; the message says where, by how much, and what to look at.</summary>
public sealed class ExerciseFailedException(string message) : Exception(message);
