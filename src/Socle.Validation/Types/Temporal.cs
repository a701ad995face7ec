using System.Globalization;
using System.Runtime.CompilerServices;
using Socle.Validation.Schema;

namespace Socle.Validation.Types;

/// <summary>The three ways frictionless reads date, time and datetime cells.</summary>
internal enum TemporalFormat : byte { Default, Any, Pattern }

internal abstract class TemporalReader : TypeReader
{
    protected readonly TemporalFormat Mode;
    protected readonly Strptime? Pattern;

    protected TemporalReader(Field field) : base(field)
    {
        Mode = field.Format switch
        {
            "default" => TemporalFormat.Default,
            "any" => TemporalFormat.Any,
            _ => TemporalFormat.Pattern,
        };
        if (Mode == TemporalFormat.Pattern) Pattern = Strptime.Compile(field.Format);
    }

    public override bool TryReadPy(object? value, out CellValue result) => TryReadString(value, out result);

    /// <summary>The formats other than default: dateutil's parser for "any", the strptime pattern otherwise.</summary>
    protected bool TryParseAnyOrPattern(ReadOnlySpan<char> cell, out PyDateTime dt) =>
        Mode == TemporalFormat.Any ? DateUtilParser.TryParse(cell, out dt) : Pattern!.TryParse(cell, out dt);

    /// <summary>Dates, times and datetimes order by <see cref="CellValue.Long"/>.</summary>
    public override int Compare(in CellValue a, in CellValue b) => a.Long.CompareTo(b.Long);
}

/// <summary>
/// Type <c>date</c>: default <c>strptime(cell, "%Y-%m-%d")</c> (so 1- or 2-digit month and day, "2020-1-5"), any =
/// dateutil's parser, otherwise the strptime pattern; the result's date part. Value: <see cref="CellValue.Long"/> =
/// day number (0001-01-01 is 0).
/// </summary>
internal sealed class DateReader : TemporalReader
{
    private static readonly Strptime IsoDate = Strptime.Compile("%Y-%m-%d");

    public DateReader(Field field) : base(field) { }

    public override ValueKind Kind => ValueKind.Date;

    // Compiled fully optimised at once (see IntegerReader.TryRead).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        // Fast path, format default: exactly ASCII dddd-dd-dd, which strptime("%Y-%m-%d") reads as these numbers.
        if (Mode == TemporalFormat.Default && cell.Length == 10 && cell[4] == '-' && cell[7] == '-')
        {
            var y = D4(cell, 0);
            var m = D2(cell, 5);
            var d = D2(cell, 8);
            if ((y | m | d) >= 0)
            {
                // As PyDateTime.IsValidDate.
                if (y == 0 || (uint)(m - 1) >= 12 || d == 0 || d > DaysInMonth(y, m)) { value = default; return false; }
                value = new CellValue { Kind = ValueKind.Date, Long = DayNumber(y, m, d), Length = -1 };
                return true;
            }
        }
        return ReadGeneral(cell, out value);
    }

    /// <summary>The general reader: strptime, dateutil's parser or the format's pattern.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal bool ReadGeneral(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        var ok = Mode == TemporalFormat.Default ? IsoDate.TryParse(cell, out var dt) : TryParseAnyOrPattern(cell, out dt);
        if (!ok) return false;
        value = new CellValue { Kind = ValueKind.Date, Long = dt.DayNumber, Length = -1 };
        return true;
    }

    private static readonly int[] DaysBeforeMonth = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    private static ReadOnlySpan<byte> MonthDays => [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private static bool IsLeap(int y) => (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);

    /// <summary><c>DateTime.DaysInMonth(y, m)</c> for 1 ≤ m ≤ 12.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DaysInMonth(int y, int m) => m == 2 && IsLeap(y) ? 29 : MonthDays[m];

    /// <summary><c>new DateOnly(y, m, d).DayNumber</c> of a valid date, without its checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DayNumber(int y, int m, int d)
    {
        var py = y - 1;
        var days = py * 365 + py / 4 - py / 100 + py / 400 + DaysBeforeMonth[m] + d - 1;
        if (m > 2 && IsLeap(y)) days++;
        return days;
    }

    internal static int D2(ReadOnlySpan<char> s, int i)
    {
        var a = (uint)(s[i] - '0');
        var b = (uint)(s[i + 1] - '0');
        return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
    }

    internal static int D4(ReadOnlySpan<char> s, int i)
    {
        var a = D2(s, i);
        var b = D2(s, i + 2);
        return a >= 0 && b >= 0 ? a * 100 + b : -1;
    }

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) =>
        "\u0001D:" + value.Long.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Type <c>datetime</c>: default = dateutil's isoparse, only for texts of 19+ characters with ':' at index 16 (as
/// frictionless guards it); any = dateutil's parser; otherwise the strptime pattern. Value: <see cref="CellValue.Long"/>
/// = ticks since 0001-01-01, UTC when <see cref="CellValue.IsAware"/>.
/// </summary>
internal sealed class DateTimeReader : TemporalReader
{
    public DateTimeReader(Field field) : base(field) { }

    public override ValueKind Kind => ValueKind.DateTime;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        PyDateTime dt;
        if (Mode == TemporalFormat.Default)
        {
            if (cell.Length < 19 || cell[16] != ':') return false;
            if (!TryFast(cell, out dt) && !IsoParser.TryParseDateTime(cell, out dt)) return false;
        }
        else if (!TryParseAnyOrPattern(cell, out dt)) return false;
        value = new CellValue { Kind = ValueKind.DateTime, Long = dt.InstantTicks, IsAware = dt.HasOffset, Length = -1 };
        return true;
    }

    /// <summary>YYYY-MM-DDTHH:MM:SS, optionally followed by Z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFast(ReadOnlySpan<char> s, out PyDateTime dt)
    {
        dt = default;
        if (s.Length is not (19 or 20) || s[4] != '-' || s[7] != '-' || s[13] != ':') return false;
        if (s.Length == 20 && s[19] is not ('Z' or 'z')) return false;
        if (s[10] >= 128) return false;
        int y = DateReader.D4(s, 0), mo = DateReader.D2(s, 5), d = DateReader.D2(s, 8);
        int h = DateReader.D2(s, 11), mi = DateReader.D2(s, 14), se = DateReader.D2(s, 17);
        if ((y | mo | d | h | mi | se) < 0 || h == 24) return false;
        dt = new PyDateTime { Year = y, Month = mo, Day = d, Hour = h, Minute = mi, Second = se, HasOffset = s.Length == 20 };
        return dt.IsValid;
    }

    public override bool ValueEquals(in CellValue a, in CellValue b) => a.IsAware == b.IsAware && a.Long == b.Long;

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) =>
        (value.IsAware ? "\u0001TZ:" : "\u0001T:") + value.Long.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Type <c>time</c>: default = isoparse of "2000-01-01T" + cell, only for texts of 8+ characters with ':' at index 5
/// (so HH:MM:SS with optional fraction and offset); any = dateutil's parser; otherwise the strptime pattern; the
/// result's time with its offset. Value: <see cref="CellValue.Long"/> = ticks of the day, minus the offset when aware.
/// </summary>
internal sealed class TimeReader : TemporalReader
{
    public TimeReader(Field field) : base(field) { }

    public override ValueKind Kind => ValueKind.Time;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        PyDateTime dt;
        switch (Mode)
        {
            case TemporalFormat.Default:
                if (cell.Length < 8 || cell[5] != ':') return false;
                if (cell.Length == 8 && cell[2] == ':')
                {
                    int h = DateReader.D2(cell, 0), m = DateReader.D2(cell, 3), s = DateReader.D2(cell, 6);
                    if ((h | m | s) >= 0 && h < 24 && m < 60 && s < 60)
                    {
                        value = new CellValue
                        {
                            Kind = ValueKind.Time, Length = -1,
                            Long = h * TimeSpan.TicksPerHour + m * TimeSpan.TicksPerMinute + s * TimeSpan.TicksPerSecond,
                        };
                        return true;
                    }
                }
                if (!IsoParser.TryParseTime(cell, out dt)) return false;
                break;
            default:
                if (!TryParseAnyOrPattern(cell, out dt)) return false;
                break;
        }
        value = new CellValue
        {
            Kind = ValueKind.Time, Long = dt.TimeOfDayTicks - (dt.HasOffset ? dt.OffsetTicks : 0), IsAware = dt.HasOffset, Length = -1,
        };
        return true;
    }

    public override bool ValueEquals(in CellValue a, in CellValue b) => a.IsAware == b.IsAware && a.Long == b.Long;

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) =>
        (value.IsAware ? "\u0001tZ:" : "\u0001t:") + value.Long.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Type <c>year</c>: exactly 4 characters read by Python's int() (so " 199" and "+199" pass), 0..9999.</summary>
internal sealed class YearReader(Field field) : TypeReader(field)
{
    public override ValueKind Kind => ValueKind.Year;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        if (Py.CodePoints(cell) != 4) return false;
        int y;
        var fast = DateReader.D4(cell, 0);
        if (fast >= 0) y = fast;
        else
        {
            if (!Py.TryParseInt(cell, out var l, out var big) || big is not null) return false;
            if (l is < 0 or > 9999) return false;
            y = (int)l;
        }
        value = new CellValue { Kind = ValueKind.Year, Long = y, Length = -1 };
        return true;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        long y;
        switch (value)
        {
            case string s: return TryRead(s, out result);
            case bool b: y = b ? 1 : 0; break;
            case long l: y = l; break;
            default: return false;
        }
        if (y is < 0 or > 9999) return false;
        result = new CellValue { Kind = ValueKind.Year, Long = y, Length = -1 };
        return true;
    }

    public override int Compare(in CellValue a, in CellValue b) => a.Long.CompareTo(b.Long);

    // An int: equal to the integer (and number) of the same value.
    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) => NumberKeys.OfLong(value.Long);
}

/// <summary>
/// Type <c>yearmonth</c>: <c>year, month = cell.split("-")</c> (exactly one '-'), both read by Python's int(), month
/// 1..12. Value: <see cref="CellValue.Long"/> = year * 12 + month - 1.
/// </summary>
internal sealed class YearMonthReader(Field field) : TypeReader(field)
{
    public override ValueKind Kind => ValueKind.YearMonth;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        var dash = cell.IndexOf('-');
        if (dash < 0 || cell[(dash + 1)..].Contains('-')) return false;
        if (!Py.TryParseInt(cell[..dash], out var y, out var by) || by is not null) return false;
        if (!Py.TryParseInt(cell[(dash + 1)..], out var m, out var bm) || bm is not null) return false;
        if (m is < 1 or > 12) return false;
        if (Math.Abs(y) > long.MaxValue / 12 - 1) return false;
        value = new CellValue { Kind = ValueKind.YearMonth, Long = y * 12 + m - 1, Length = -1 };
        return true;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        if (value is string s) return TryRead(s, out result);
        // A [year, month] list is taken as is (frictionless does not check it).
        if (value is List<object?> { Count: 2 } l && l[0] is long y && l[1] is long m && Math.Abs(y) < long.MaxValue / 24)
        {
            result = new CellValue { Kind = ValueKind.YearMonth, Long = y * 12 + m - 1, Length = -1 };
            return true;
        }
        return false;
    }

    public override int Compare(in CellValue a, in CellValue b) => a.Long.CompareTo(b.Long);

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) =>
        "\u0001YM:" + value.Long.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A duration as isodate returns it: a timedelta, or a Duration with (possibly fractional) years/months.</summary>
internal sealed record DurationValue(decimal Months, long Microseconds) : IComparable<DurationValue>
{
    /// <summary>
    /// Python cannot order durations with months; for minimum/maximum (a Socle extension) a month counts as
    /// 30.436875 days (the Gregorian average) when the month parts differ.
    /// </summary>
    public int CompareTo(DurationValue? other)
    {
        if (other is null) return 1;
        if (Months == other.Months) return Microseconds.CompareTo(other.Microseconds);
        const decimal usPerMonth = 30.436875m * 86_400_000_000m;
        return (Months * usPerMonth + Microseconds).CompareTo(other.Months * usPerMonth + other.Microseconds);
    }
}

/// <summary>
/// Type <c>duration</c>: isodate's <c>parse_duration</c>: <c>^[+-]?P(?!\b)(nY)?(nM)?(nW)?(nD)?(T(nH)?(nM)?(nS)?)?$</c>
/// with n = <c>[0-9]+([,.][0-9]+)?</c> ("PT" alone passes; a final newline too, as Python's $ allows). The
/// alternative "PYYYY-MM-DDThh:mm:ss" form is not read (deviation).
/// </summary>
internal sealed class DurationReader(Field field) : TypeReader(field)
{
    private const decimal MaxDays = 999_999_999m;

    public override ValueKind Kind => ValueKind.Duration;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        if (!TryParse(cell, out var d)) return false;
        value = new CellValue { Kind = ValueKind.Duration, Object = d, Length = -1 };
        return true;
    }

    public static bool TryParse(ReadOnlySpan<char> s, out DurationValue result)
    {
        result = new DurationValue(0, 0);
        var end = s.Length;
        if (end > 0 && s[end - 1] == '\n') end--;
        var i = 0;
        var neg = false;
        if (i < end && s[i] is '+' or '-') { neg = s[i] == '-'; i++; }
        if (i >= s.Length || s[i] != 'P') return false;
        i++;
        // (?!\b): the next character must be a word character.
        if (i >= s.Length || !(char.IsLetterOrDigit(s[i]) || s[i] == '_')) return false;
        decimal years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
        Part(s, ref i, 'Y', ref years);
        Part(s, ref i, 'M', ref months);
        Part(s, ref i, 'W', ref weeks);
        Part(s, ref i, 'D', ref days);
        if (i < end && s[i] == 'T')
        {
            i++;
            Part(s, ref i, 'H', ref hours);
            Part(s, ref i, 'M', ref minutes);
            Part(s, ref i, 'S', ref seconds);
        }
        if (i != end) return false;
        decimal totalUs;
        try
        {
            var totalDays = weeks * 7 + days + hours / 24 + minutes / 1440 + seconds / 86400;
            if (totalDays > MaxDays + 1) return false;
            totalUs = Math.Round(((weeks * 7 + days) * 86400m + hours * 3600m + minutes * 60m + seconds) * 1_000_000m, MidpointRounding.ToEven);
        }
        catch (OverflowException) { return false; }
        if (totalUs / 86_400_000_000m > MaxDays) return false;
        var us = (long)totalUs;
        var mo = years * 12 + months;
        result = neg ? new DurationValue(-mo, -us) : new DurationValue(mo, us);
        return true;
    }

    private static void Part(ReadOnlySpan<char> s, ref int i, char designator, ref decimal target)
    {
        var j = i;
        while (j < s.Length && Py.IsAsciiDigit(s[j])) j++;
        if (j == i) return;
        var intEnd = j;
        if (j + 1 < s.Length && s[j] is ',' or '.' && Py.IsAsciiDigit(s[j + 1]))
        {
            j++;
            while (j < s.Length && Py.IsAsciiDigit(s[j])) j++;
        }
        if (j >= s.Length || s[j] != designator) return;
        Span<char> buf = stackalloc char[Math.Min(j - i, 60)];
        var text = s[i..j];
        if (text.Length > 60) text = text[..60];
        text.CopyTo(buf);
        if (intEnd - i < buf.Length) buf[intEnd - i] = '.';
        if (!decimal.TryParse(buf[..text.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v))
            v = decimal.MaxValue / 1_000_000_000_000m;
        target = v;
        i = j + 1;
    }

    public override bool TryReadPy(object? value, out CellValue result) => TryReadString(value, out result);

    public override int Compare(in CellValue a, in CellValue b) =>
        ((DurationValue)a.Object!).CompareTo((DurationValue)b.Object!);

    public override bool ValueEquals(in CellValue a, in CellValue b) =>
        a.Object is DurationValue x && b.Object is DurationValue y && x.Months == y.Months && x.Microseconds == y.Microseconds;

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value)
    {
        var d = (DurationValue)value.Object!;
        return "\u0001P:" + NumberKeys.OfDecimal(d.Months) + ":" + d.Microseconds.ToString(CultureInfo.InvariantCulture);
    }
}
