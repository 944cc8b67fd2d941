using System.Globalization;

namespace AttentionCourse.Data;

/// <summary>
/// The date-normalization task: dates written the many ways people write them ("3 March 2021",
/// "mar 3, 21", "03/03/2021", "Wednesday, March 3rd 2021", ...) to ISO 8601 ("2021-03-03").
/// Dates are drawn uniformly from 1950-01-01 to 2049-12-31; a two-digit year <c>yy</c> means 19yy when
/// <c>yy &gt;= 50</c> and 20yy otherwise. Numeric formats are day first (European order).
/// </summary>
public static class DateNormalization
{
    private static readonly DateTime First = new(1950, 1, 1);
    private static readonly int Days = (int)(new DateTime(2049, 12, 31) - First).TotalDays + 1;

    /// <summary>The human formats, one function per format, each from a date to its text.</summary>
    public static IReadOnlyList<Func<DateTime, string>> Formats { get; } =
    [
        d => $"{d.Day} {Month(d)} {d.Year}",                        // 3 March 2021
        d => $"{Month(d)[..3].ToLowerInvariant()} {d.Day}, {d:yy}", // mar 3, 21
        d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), // 03/03/2021
        d => $"{d.DayOfWeek}, {Month(d)} {d.Day}{Ordinal(d.Day)} {d.Year}", // Wednesday, March 3rd 2021
        d => $"{Month(d)} {d.Day}, {d.Year}",                        // March 3, 2021
        d => $"{d.Day}/{d.Month}/{d:yy}",                            // 3/3/21
        d => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), // 03.03.2021
        d => $"{d.Day} {Month(d)[..3]} {d.Year}",                    // 3 Mar 2021
        d => $"{Month(d).ToUpperInvariant()} {d.Day} {d.Year}",      // MARCH 3 2021
        d => $"{d.DayOfWeek.ToString()[..3]} {d.Day} {Month(d)[..3]} {d.Year}", // Wed 3 Mar 2021
    ];

    /// <summary>The ISO form of a date, "yyyy-MM-dd".</summary>
    public static string Iso(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="count"/> (human date, ISO date) pairs, each a random date in a random format;
    /// the same seed gives the same pairs.
    /// </summary>
    public static List<SequencePair> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var pairs = new List<SequencePair>(count);
        for (int i = 0; i < count; i++)
        {
            var date = First.AddDays(random.Next(Days));
            var format = Formats[random.Next(Formats.Count)];
            pairs.Add(new SequencePair(format(date), Iso(date)));
        }
        return pairs;
    }

    private static string Month(DateTime d) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(d.Month);

    private static string Ordinal(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
    };
}
