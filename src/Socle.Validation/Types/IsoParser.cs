namespace Socle.Validation.Types;

/// <summary>
/// dateutil's <c>isoparser().isoparse</c> (what frictionless uses for datetime and time in the default format):
/// ASCII only; date YYYY, YYYY-MM, YYYYMMDD, YYYY-MM-DD, and the uncommon week (YYYY-Www[-D]) and ordinal
/// (YYYY-DDD) forms; any one character between date and time; time HH[:MM[:SS[.ffffff…]]] (also with ','),
/// hour 24 only as 24:00:00 (next day); offset Z/z, ±HH, ±HHMM, ±HH:MM. Slices are read with Python's int(),
/// which also takes a sign, white space and underscores, as dateutil does.
/// </summary>
internal static class IsoParser
{
    private static ReadOnlySpan<char> Slice(ReadOnlySpan<char> s, int start, int length)
    {
        if (start >= s.Length) return default;
        return s.Slice(start, Math.Min(length, s.Length - start));
    }

    private static bool IsAscii(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (c >= 128) return false;
        return true;
    }

    /// <summary><c>isoparse(s)</c>; false when dateutil raises (or the datetime is invalid).</summary>
    public static bool TryParseDateTime(ReadOnlySpan<char> s, out PyDateTime result)
    {
        result = default;
        if (!IsAscii(s)) return false;
        if (!TryDate(s, out var y, out var m, out var d, out var pos)) return false;
        var t = new TimeParts();
        if (s.Length > pos && !TryTime(s[(pos + 1)..], ref t)) return false;
        return Finish(y, m, d, t, out result);
    }

    /// <summary>The time part alone, as <c>isoparse("2000-01-01T" + s).timetz()</c>.</summary>
    public static bool TryParseTime(ReadOnlySpan<char> s, out PyDateTime result)
    {
        result = default;
        if (!IsAscii(s)) return false;
        var t = new TimeParts();
        if (!TryTime(s, ref t)) return false;
        return Finish(2000, 1, 1, t, out result);
    }

    private struct TimeParts
    {
        public int Hour, Minute, Second, Micro;
        public bool HasOffset;
        public long OffsetTicks;
    }

    private static bool Finish(int y, int m, int d, in TimeParts t, out PyDateTime result)
    {
        result = new PyDateTime
        {
            Year = y, Month = m, Day = d, Hour = t.Hour == 24 ? 0 : t.Hour, Minute = t.Minute, Second = t.Second,
            Microsecond = t.Micro, HasOffset = t.HasOffset, OffsetTicks = t.OffsetTicks,
        };
        if (!result.IsValid) return false;
        if (t.Hour == 24)
        {
            var dn = result.DayNumber + 1;
            if (dn > DateOnly.MaxValue.DayNumber) return false;
            var next = DateOnly.FromDayNumber(dn);
            result.Year = next.Year;
            result.Month = next.Month;
            result.Day = next.Day;
        }
        return true;
    }

    private static bool TryDate(ReadOnlySpan<char> s, out int y, out int m, out int d, out int pos)
    {
        if (TryDateCommon(s, out y, out m, out d, out pos)) return true;
        return TryDateUncommon(s, out y, out m, out d, out pos);
    }

    private static bool TryDateCommon(ReadOnlySpan<char> s, out int y, out int m, out int d, out int pos)
    {
        m = d = 1;
        pos = 0;
        y = 0;
        if (s.Length < 4) return false;
        if (!Py.TryIntSlice(s[..4], out y)) return false;
        pos = 4;
        if (pos >= s.Length) return true;
        var hasSep = s[pos] == '-';
        if (hasSep) pos++;
        if (s.Length - pos < 2) return false;
        if (!Py.TryIntSlice(s.Slice(pos, 2), out m)) return false;
        pos += 2;
        if (pos >= s.Length) return hasSep;
        if (hasSep)
        {
            if (s[pos] != '-') return false;
            pos++;
        }
        if (s.Length - pos < 2) return false;
        if (!Py.TryIntSlice(s.Slice(pos, 2), out d)) return false;
        pos += 2;
        return true;
    }

    private static bool TryDateUncommon(ReadOnlySpan<char> s, out int y, out int m, out int d, out int pos)
    {
        m = d = 1;
        pos = 0;
        y = 0;
        if (s.Length < 4) return false;
        if (!Py.TryIntSlice(s[..4], out y)) return false;
        var hasSep = s.Length > 4 && s[4] == '-';
        pos = 4 + (hasSep ? 1 : 0);
        DateOnly date;
        if (pos < s.Length && s[pos] == 'W')
        {
            pos++;
            if (!Py.TryIntSlice(Slice(s, pos, 2), out var week)) return false;
            pos += 2;
            var dayNo = 1;
            if (s.Length > pos)
            {
                if ((s[pos] == '-') != hasSep) return false;
                if (hasSep) pos++;
                if (!Py.TryIntSlice(Slice(s, pos, 1), out dayNo)) return false;
                pos++;
            }
            if (week is <= 0 or >= 54 || dayNo is <= 0 or >= 8) return false;
            if (!PyDateTime.IsValidDate(y, 1, 4)) return false;
            var jan4 = new DateOnly(y, 1, 4);
            var week1 = jan4.DayNumber - ((int)jan4.DayOfWeek + 6) % 7;
            var dn = (long)week1 + (week - 1) * 7 + (dayNo - 1);
            if (dn < 0 || dn > DateOnly.MaxValue.DayNumber) return false;
            date = DateOnly.FromDayNumber((int)dn);
        }
        else
        {
            if (s.Length - pos < 3) return false;
            if (!Py.TryIntSlice(s.Slice(pos, 3), out var ordinal)) return false;
            pos += 3;
            if (!PyDateTime.IsValidDate(y, 1, 1)) return false;
            if (ordinal < 1 || ordinal > (DateTime.IsLeapYear(y) ? 366 : 365)) return false;
            var dn = new DateOnly(y, 1, 1).DayNumber + ordinal - 1;
            if (dn > DateOnly.MaxValue.DayNumber) return false;
            date = DateOnly.FromDayNumber(dn);
        }
        y = date.Year;
        m = date.Month;
        d = date.Day;
        return true;
    }

    private static bool TryTime(ReadOnlySpan<char> s, ref TimeParts t)
    {
        var len = s.Length;
        var pos = 0;
        var comp = -1;
        if (len < 2) return false;
        var hasSep = false;
        Span<int> parts = [0, 0, 0, 0];
        while (pos < len && comp < 5)
        {
            comp++;
            if (s[pos] is '-' or '+' or 'Z' or 'z')
            {
                if (!TryOffset(s[pos..], ref t)) return false;
                pos = len;
                break;
            }
            if (comp == 1 && s[pos] == ':')
            {
                hasSep = true;
                pos++;
            }
            else if (comp == 2 && hasSep)
            {
                if (s[pos] != ':') return false;
                pos++;
            }
            if (comp < 3)
            {
                if (!Py.TryIntSlice(Slice(s, pos, 2), out parts[comp])) return false;
                pos += 2;
            }
            if (comp == 3)
            {
                // [\.,]([0-9]+)
                if (pos < len && s[pos] is '.' or ',' && pos + 1 < len && Py.IsAsciiDigit(s[pos + 1]))
                {
                    var k = pos + 1;
                    while (k < len && Py.IsAsciiDigit(s[k])) k++;
                    var digits = s[(pos + 1)..k];
                    var us = 0;
                    var take = Math.Min(6, digits.Length);
                    for (var i = 0; i < take; i++) us = us * 10 + (digits[i] - '0');
                    for (var i = take; i < 6; i++) us *= 10;
                    parts[3] = us;
                    pos = k;
                }
            }
        }
        if (pos < len) return false;
        if (parts[0] == 24 && (parts[1] != 0 || parts[2] != 0 || parts[3] != 0)) return false;
        t.Hour = parts[0];
        t.Minute = parts[1];
        t.Second = parts[2];
        t.Micro = parts[3];
        return parts[0] >= 0 && parts[1] >= 0 && parts[2] >= 0;
    }

    private static bool TryOffset(ReadOnlySpan<char> z, ref TimeParts t)
    {
        t.HasOffset = true;
        if (z is "Z" or "z") { t.OffsetTicks = 0; return true; }
        if (z.Length is not (3 or 5 or 6)) return false;
        int mult;
        if (z[0] == '-') mult = -1;
        else if (z[0] == '+') mult = 1;
        else return false;
        if (!Py.TryIntSlice(z.Slice(1, 2), out var hours)) return false;
        var minutes = 0;
        if (z.Length != 3 && !Py.TryIntSlice(z[3] == ':' ? z[4..] : z[3..], out minutes)) return false;
        if (hours == 0 && minutes == 0) { t.OffsetTicks = 0; return true; }
        if (minutes > 59 || hours > 23) return false;
        t.OffsetTicks = mult * (hours * 60L + minutes) * TimeSpan.TicksPerMinute;
        return true;
    }
}
