using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>
/// <c>year-interval-value</c>: "AAAA/AAAA" with the first year before the second; with the <c>allow-year-only</c>
/// parameter ("yes"/"true"), a single year "AAAA" too.
/// </summary>
internal sealed class YearIntervalCheck(string code, CheckContext context, int field, bool allowYearOnly)
    : ValueCheck(code, context, field)
{
    private static readonly CellFailure Format = new("note.year-interval.format");
    private static readonly CellFailure FormatOrYear = new("note.year-interval.format-or-year");
    private static readonly CellFailure Same = new("note.year-interval.same");

    public bool AllowYearOnly { get; } = allowYearOnly;

    protected override CellFailure? Check(ReadOnlySpan<char> text, in CellValue value)
    {
        if (text.Length == 9 && text[4] == '/' && TryYear(text[..4], out var first) && TryYear(text[5..], out var second))
        {
            if (first == second) return Same;
            if (first > second) return new CellFailure("note.year-interval.order", [text[..4].ToString(), text[5..].ToString()]);
            return null;
        }
        if (!AllowYearOnly) return Format;
        return text.Length == 4 && TryYear(text, out _) ? null : FormatOrYear;
    }

    private static bool TryYear(ReadOnlySpan<char> s, out int year)
    {
        year = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            year = year * 10 + (c - '0');
        }
        return true;
    }
}
