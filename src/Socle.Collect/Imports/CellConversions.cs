using System.Globalization;

namespace Socle.Collect.Imports;

/// <summary>
/// The value conversions of a crosswalk, on spans so that a row costs no allocation: numbers written in French or
/// English style to Table Schema's canonical text, unit conversions in exact decimal arithmetic, dates in given
/// formats (or Excel serial numbers) to ISO 8601.
/// </summary>
internal static class CellConversions
{
    /// <summary>Units by kind and their power of ten relative to the kind's base unit (W, Wh, m).</summary>
    private static readonly (string Unit, string Kind, int Exponent)[] Units =
    [
        ("W", "power", 0), ("kW", "power", 3), ("MW", "power", 6), ("GW", "power", 9), ("TW", "power", 12),
        ("Wh", "energy", 0), ("kWh", "energy", 3), ("MWh", "energy", 6), ("GWh", "energy", 9), ("TWh", "energy", 12),
        ("mm", "length", -3), ("cm", "length", -2), ("m", "length", 0), ("km", "length", 3),
    ];

    /// <summary>Every conversion a crosswalk accepts, e.g. "kW->MW" (for messages).</summary>
    public static IReadOnlyList<string> KnownUnitConversions { get; } =
        [.. from a in Units from b in Units where a.Kind == b.Kind && a.Unit != b.Unit select $"{a.Unit}->{b.Unit}"];

    /// <summary>
    /// Reads "kW->MW" (spaces allowed around the arrow; unit names are case-sensitive: mW is not MW) into the power of
    /// ten a value is multiplied by, and the canonical spelling.
    /// </summary>
    public static bool TryParseUnit(string text, out int exponent, out string canonical)
    {
        exponent = 0; canonical = "";
        var arrow = text.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0) return false;
        var from = text[..arrow].Trim();
        var to = text[(arrow + 2)..].Trim();
        var a = Array.FindIndex(Units, u => u.Unit == from);
        var b = Array.FindIndex(Units, u => u.Unit == to);
        if (a < 0 || b < 0 || a == b || Units[a].Kind != Units[b].Kind) return false;
        exponent = Units[a].Exponent - Units[b].Exponent;
        canonical = $"{from}->{to}";
        return true;
    }

    /// <summary>
    /// Whether a .NET date format can read dates back: it must render and re-read a day, month and year that differ
    /// from each other (15 March 2021), so a format without one of them, or with invalid specifiers, is refused.
    /// </summary>
    public static bool IsUsableDateFormat(string format)
    {
        if (string.IsNullOrWhiteSpace(format)) return false;
        var sample = new DateTime(2021, 3, 15, 0, 0, 0, DateTimeKind.Unspecified);
        try
        {
            var text = sample.ToString(format, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back)
                && back.Date == sample;
        }
        catch (FormatException) { return false; }
    }

    /// <summary>Removes spaces (and the byte order mark a header may keep) from both ends.</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && (char.IsWhiteSpace(s[start]) || s[start] == '\uFEFF')) start++;
        while (end > start && char.IsWhiteSpace(s[end - 1])) end--;
        return s[start..end];
    }

    private static bool IsGroupSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009';

    /// <summary>
    /// Reads a number written with '.' or ',' as decimal mark and spaces (or the other mark) as group separators:
    /// <paramref name="decimalMark"/> when the file declares one; else, with both marks, the last one is the decimal
    /// mark; with one mark, once it is the decimal mark, several times a group separator. Group separators must split
    /// digits in threes, so "1.5.2" or "12 34" are not numbers. An exponent (1E+20, as Excel writes) is accepted.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> s, char? decimalMark, out decimal value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 64) return false;
        var mark = decimalMark ?? GuessDecimalMark(s);
        Span<char> buffer = stackalloc char[s.Length];
        var n = 0;
        var i = 0;
        if (s[0] is '+' or '-') { if (s[0] == '-') buffer[n++] = '-'; i++; }
        var digitsBefore = 0;     // digits of the integer part
        var groupDigits = -1;     // digits since the last group separator; -1 while none was met
        var sawGroup = false;
        var firstGroupLength = 0;
        var sawDecimal = false;
        var fractionDigits = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                buffer[n++] = c;
                if (sawDecimal) fractionDigits++;
                else
                {
                    digitsBefore++;
                    if (groupDigits >= 0) groupDigits++;
                }
                continue;
            }
            if (c == mark && !sawDecimal)
            {
                if (sawGroup && groupDigits != 3) return false;
                sawDecimal = true;
                buffer[n++] = '.';
                continue;
            }
            if (!sawDecimal && (IsGroupSpace(c) || (c is '.' or ',' && c != mark)))
            {
                if (digitsBefore == 0) return false;
                if (!sawGroup) { firstGroupLength = digitsBefore; sawGroup = true; if (firstGroupLength > 3) return false; }
                else if (groupDigits != 3) return false;
                groupDigits = 0;
                continue;
            }
            if (c is 'e' or 'E' && digitsBefore + fractionDigits > 0)
            {
                if (sawGroup && !sawDecimal && groupDigits != 3) return false;
                var rest = s[i..];
                if (rest.Length < 2) return false;
                for (var k = 1; k < rest.Length; k++)
                    if (!(char.IsAsciiDigit(rest[k]) || (k == 1 && rest[k] is '+' or '-'))) return false;
                if (!char.IsAsciiDigit(rest[^1])) return false;
                rest.CopyTo(buffer[n..]);
                n += rest.Length;
                i = s.Length;
                sawGroup = false;
                break;
            }
            return false;
        }
        if (digitsBefore + fractionDigits == 0) return false;
        if (sawGroup && !sawDecimal && groupDigits != 3) return false;
        return decimal.TryParse(buffer[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static char GuessDecimalMark(ReadOnlySpan<char> s)
    {
        var lastDot = s.LastIndexOf('.');
        var lastComma = s.LastIndexOf(',');
        if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
        if (lastComma >= 0) return s.IndexOf(',') == lastComma ? ',' : '.';
        if (lastDot >= 0) return s.IndexOf('.') == lastDot ? '.' : ',';
        return '.';
    }

    /// <summary>Multiplies by 10^exponent, exactly; false on overflow.</summary>
    public static bool TryScale(ref decimal value, int exponent)
    {
        try
        {
            for (; exponent > 0; exponent--) value *= 10m;
            for (; exponent < 0; exponent++) value /= 10m;
            return true;
        }
        catch (OverflowException) { return false; }
    }

    /// <summary>Writes a decimal in invariant form, without exponent nor trailing zeros ("-0" as "0").</summary>
    public static int FormatNumber(decimal value, Span<char> destination)
    {
        if (!value.TryFormat(destination, out var n, default, CultureInfo.InvariantCulture)) return -1;
        if (destination[..n].IndexOf('.') >= 0)
        {
            while (destination[n - 1] == '0') n--;
            if (destination[n - 1] == '.') n--;
        }
        if (n == 2 && destination[0] == '-' && destination[1] == '0') { destination[0] = '0'; n = 1; }
        return n;
    }

    /// <summary>An Excel serial day number (what a date cell without date formatting holds) as a date.</summary>
    public static bool TryParseExcelSerial(ReadOnlySpan<char> s, out DateTime date)
    {
        date = default;
        if (s.IsEmpty || !char.IsAsciiDigit(s[0])) return false;
        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial)) return false;
        // 3653 is 1910-01-01 (below, a number is more likely a year than a day: 2021 is not 1905-07-13); 2958465 is 9999-12-31.
        if (serial < 3653 || serial >= 2958466) return false;
        date = DateTime.FromOADate(serial);
        return true;
    }
}
