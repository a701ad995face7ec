namespace Socle.Validation.Types;

/// <summary>A date and time as Python's datetime holds it (naive, or aware with a UTC offset).</summary>
internal struct PyDateTime
{
    public int Year, Month, Day, Hour, Minute, Second, Microsecond;
    public bool HasOffset;
    /// <summary>UTC offset in ticks (100 ns), when <see cref="HasOffset"/>.</summary>
    public long OffsetTicks;

    public const long TicksPerMicrosecond = 10;

    /// <summary>Python's date(year, month, day) rules.</summary>
    public static bool IsValidDate(int y, int m, int d) =>
        y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);

    public readonly bool IsValid =>
        IsValidDate(Year, Month, Day) && Hour is >= 0 and <= 23 && Minute is >= 0 and <= 59 && Second is >= 0 and <= 59
        && Microsecond is >= 0 and <= 999_999 && (!HasOffset || Math.Abs(OffsetTicks) < TimeSpan.TicksPerDay);

    /// <summary>Day number as DateOnly counts (0001-01-01 is 0; Python's ordinal is this plus one).</summary>
    public readonly int DayNumber => new DateOnly(Year, Month, Day).DayNumber;

    public readonly long TimeOfDayTicks =>
        Hour * TimeSpan.TicksPerHour + Minute * TimeSpan.TicksPerMinute + Second * TimeSpan.TicksPerSecond + Microsecond * TicksPerMicrosecond;

    /// <summary>Wall-clock ticks since 0001-01-01, minus the offset when aware (so aware values compare as instants).</summary>
    public readonly long InstantTicks => DayNumber * TimeSpan.TicksPerDay + TimeOfDayTicks - (HasOffset ? OffsetTicks : 0);

    public static PyDateTime FromDayNumber(int dayNumber)
    {
        var d = DateOnly.FromDayNumber(dayNumber);
        return new PyDateTime { Year = d.Year, Month = d.Month, Day = d.Day };
    }
}

/// <summary>
/// CPython's <c>datetime.strptime</c> (Lib/_strptime.py) on spans: each directive matches what its regex in
/// <c>TimeRE</c> matches (alternatives tried in the same order, with backtracking, e.g. <c>%m</c> takes one or two
/// digits, <c>%d</c> also " 5"), literals match case-insensitively, white space in the format matches one or more
/// white space characters, the first match must end at the end of the text, then the values are checked as
/// datetime() checks them. C locale names (English months, weekdays, am/pm; time zones utc/gmt).
/// An unusable format (unknown directive, stray %, a directive used twice) reads no cell, as in frictionless.
/// </summary>
internal sealed class Strptime
{
    private enum Tok : byte
    {
        Literal, Space, d, f, H, I, G, j, m, M, S, U, W, w, u, V, y, Y, z, A, a, B, b, p, Z,
    }

    private readonly Tok[] _toks;
    private readonly char[] _lits;

    private static readonly string[] FullWeekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] AbbrWeekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly string[] FullMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    private static readonly string[] AbbrMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] AmPm = ["am", "pm"];
    private static readonly string[] Zones = ["utc", "gmt"];

    private Strptime(Tok[] toks, char[] lits, bool valid)
    {
        _toks = toks;
        _lits = lits;
        IsValid = valid;
    }

    /// <summary>False when Python would refuse the format itself.</summary>
    public bool IsValid { get; }

    /// <summary>Compiles a format once (readers cache the result).</summary>
    public static Strptime Compile(string format)
    {
        var toks = new List<Tok>();
        var lits = new List<char>();
        var seen = new HashSet<Tok>();
        var ok = Add(format, toks, lits, seen);
        return new Strptime([.. toks], [.. lits], ok);
    }

    private const string RegexSpecial = "\\.^$*+?(){}[]|";

    private static bool Add(string format, List<Tok> toks, List<char> lits, HashSet<Tok> seen)
    {
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (Py.IsSpace(c))
            {
                while (i + 1 < format.Length && Py.IsSpace(format[i + 1])) i++;
                toks.Add(Tok.Space);
                lits.Add(' ');
                continue;
            }
            if (c != '%')
            {
                toks.Add(Tok.Literal);
                lits.Add(c);
                continue;
            }
            if (i + 1 >= format.Length) return false; // stray %
            var dch = format[++i];
            if (Py.IsSpace(dch) || RegexSpecial.Contains(dch)) return false; // Python sees '\' as the directive
            switch (dch)
            {
                case '%':
                    toks.Add(Tok.Literal);
                    lits.Add('%');
                    continue;
                case 'c':
                    if (!Add("%a %b %d %H:%M:%S %Y", toks, lits, seen)) return false;
                    continue;
                case 'x':
                    if (!Add("%m/%d/%y", toks, lits, seen)) return false;
                    continue;
                case 'X':
                    if (!Add("%H:%M:%S", toks, lits, seen)) return false;
                    continue;
            }
            Tok t;
            switch (dch)
            {
                case 'd': t = Tok.d; break;
                case 'f': t = Tok.f; break;
                case 'H': t = Tok.H; break;
                case 'I': t = Tok.I; break;
                case 'G': t = Tok.G; break;
                case 'j': t = Tok.j; break;
                case 'm': t = Tok.m; break;
                case 'M': t = Tok.M; break;
                case 'S': t = Tok.S; break;
                case 'U': t = Tok.U; break;
                case 'W': t = Tok.W; break;
                case 'w': t = Tok.w; break;
                case 'u': t = Tok.u; break;
                case 'V': t = Tok.V; break;
                case 'y': t = Tok.y; break;
                case 'Y': t = Tok.Y; break;
                case 'z': t = Tok.z; break;
                case 'A': t = Tok.A; break;
                case 'a': t = Tok.a; break;
                case 'B': t = Tok.B; break;
                case 'b': t = Tok.b; break;
                case 'p': t = Tok.p; break;
                case 'Z': t = Tok.Z; break;
                default: return false; // bad directive
            }
            if (!seen.Add(t)) return false; // re.error: redefinition of group name
            toks.Add(t);
            lits.Add('\0');
        }
        return true;
    }

    /// <summary>Parses a text; false when Python's strptime raises.</summary>
    public bool TryParse(ReadOnlySpan<char> s, out PyDateTime result)
    {
        result = default;
        if (!IsValid) return false;
        var n = _toks.Length;
        Span<int> starts = n <= 64 ? stackalloc int[n] : new int[n];
        Span<int> lens = n <= 64 ? stackalloc int[n] : new int[n];
        if (!Match(0, 0, s, starts, lens, out var end)) return false;
        if (end != s.Length) return false; // unconverted data remains
        return Convert(s, starts, lens, out result);
    }

    private bool Match(int t, int pos, ReadOnlySpan<char> s, Span<int> starts, Span<int> lens, out int end)
    {
        if (t == _toks.Length) { end = pos; return true; }
        Span<int> cand = stackalloc int[16];
        var count = Candidates(_toks[t], _lits[t], s, pos, cand);
        var tried = 0u;
        for (var k = 0; k < count; k++)
        {
            var len = cand[k];
            if (len < 32)
            {
                if ((tried & (1u << len)) != 0) continue;
                tried |= 1u << len;
            }
            starts[t] = pos;
            lens[t] = len;
            if (Match(t + 1, pos + len, s, starts, lens, out end)) return true;
        }
        end = 0;
        return false;
    }

    private static bool D(ReadOnlySpan<char> s, int i) => i < s.Length && Py.IsDigit(s[i]);
    private static bool R(ReadOnlySpan<char> s, int i, char lo, char hi) => i < s.Length && s[i] >= lo && s[i] <= hi;

    private static int Candidates(Tok tok, char lit, ReadOnlySpan<char> s, int p, Span<int> c)
    {
        var n = 0;
        switch (tok)
        {
            case Tok.Literal:
                if (p < s.Length && EqualsIgnoreCase(s[p], lit)) c[n++] = 1;
                break;
            case Tok.Space:
            {
                var r = 0;
                while (p + r < s.Length && Py.IsSpace(s[p + r])) r++;
                // Greedy \s+: longest first (a long run is tried only for its few last lengths).
                for (var k = r; k >= 1 && n < c.Length; k--) c[n++] = k;
                break;
            }
            case Tok.d:
                if (R(s, p, '3', '3') && R(s, p + 1, '0', '1')) c[n++] = 2;
                if (R(s, p, '1', '2') && D(s, p + 1)) c[n++] = 2;
                if (R(s, p, '0', '0') && R(s, p + 1, '1', '9')) c[n++] = 2;
                if (R(s, p, '1', '9')) c[n++] = 1;
                if (R(s, p, ' ', ' ') && R(s, p + 1, '1', '9')) c[n++] = 2;
                break;
            case Tok.f:
            {
                var r = 0;
                while (r < 6 && R(s, p + r, '0', '9')) r++;
                for (var k = r; k >= 1; k--) c[n++] = k;
                break;
            }
            case Tok.H:
                if (R(s, p, '2', '2') && R(s, p + 1, '0', '3')) c[n++] = 2;
                if (R(s, p, '0', '1') && D(s, p + 1)) c[n++] = 2;
                if (D(s, p)) c[n++] = 1;
                break;
            case Tok.I:
            case Tok.m:
                if (R(s, p, '1', '1') && R(s, p + 1, '0', '2')) c[n++] = 2;
                if (R(s, p, '0', '0') && R(s, p + 1, '1', '9')) c[n++] = 2;
                if (R(s, p, '1', '9')) c[n++] = 1;
                break;
            case Tok.G:
            case Tok.Y:
                if (D(s, p) && D(s, p + 1) && D(s, p + 2) && D(s, p + 3)) c[n++] = 4;
                break;
            case Tok.y:
                if (D(s, p) && D(s, p + 1)) c[n++] = 2;
                break;
            case Tok.j:
                if (R(s, p, '3', '3') && R(s, p + 1, '6', '6') && R(s, p + 2, '0', '6')) c[n++] = 3;
                if (R(s, p, '3', '3') && R(s, p + 1, '0', '5') && D(s, p + 2)) c[n++] = 3;
                if (R(s, p, '1', '2') && D(s, p + 1) && D(s, p + 2)) c[n++] = 3;
                if (R(s, p, '0', '0') && R(s, p + 1, '1', '9') && D(s, p + 2)) c[n++] = 3;
                if (R(s, p, '0', '0') && R(s, p + 1, '0', '0') && R(s, p + 2, '1', '9')) c[n++] = 3;
                if (R(s, p, '1', '9') && D(s, p + 1)) c[n++] = 2;
                if (R(s, p, '0', '0') && R(s, p + 1, '1', '9')) c[n++] = 2;
                if (R(s, p, '1', '9')) c[n++] = 1;
                break;
            case Tok.M:
                if (R(s, p, '0', '5') && D(s, p + 1)) c[n++] = 2;
                if (D(s, p)) c[n++] = 1;
                break;
            case Tok.S:
                if (R(s, p, '6', '6') && R(s, p + 1, '0', '1')) c[n++] = 2;
                if (R(s, p, '0', '5') && D(s, p + 1)) c[n++] = 2;
                if (D(s, p)) c[n++] = 1;
                break;
            case Tok.U:
            case Tok.W:
                if (R(s, p, '5', '5') && R(s, p + 1, '0', '3')) c[n++] = 2;
                if (R(s, p, '0', '4') && D(s, p + 1)) c[n++] = 2;
                if (D(s, p)) c[n++] = 1;
                break;
            case Tok.w:
                if (R(s, p, '0', '6')) c[n++] = 1;
                break;
            case Tok.u:
                if (R(s, p, '1', '7')) c[n++] = 1;
                break;
            case Tok.V:
                if (R(s, p, '5', '5') && R(s, p + 1, '0', '3')) c[n++] = 2;
                if (R(s, p, '0', '0') && R(s, p + 1, '1', '9')) c[n++] = 2;
                if (R(s, p, '1', '4') && D(s, p + 1)) c[n++] = 2;
                if (D(s, p)) c[n++] = 1;
                break;
            case Tok.z:
                n = OffsetCandidates(s, p, c);
                break;
            case Tok.A: n = Names(FullWeekdays, s, p, c); break;
            case Tok.a: n = Names(AbbrWeekdays, s, p, c); break;
            case Tok.B: n = Names(FullMonths, s, p, c); break;
            case Tok.b: n = Names(AbbrMonths, s, p, c); break;
            case Tok.p: n = Names(AmPm, s, p, c); break;
            case Tok.Z: n = Names(Zones, s, p, c); break;
        }
        return n;
    }

    private static bool EqualsIgnoreCase(char a, char b) =>
        a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b) || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);

    /// <summary>Names sorted longest first, as <c>TimeRE.__seqToRE</c> orders them.</summary>
    private static int Names(string[] names, ReadOnlySpan<char> s, int p, Span<int> c)
    {
        var n = 0;
        var rest = s[p..];
        for (var len = 9; len >= 2 && n < c.Length; len--)
            foreach (var name in names)
                if (name.Length == len && rest.Length >= len && rest[..len].Equals(name, StringComparison.OrdinalIgnoreCase))
                    c[n++] = len;
        return n;
    }

    /// <summary><c>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z)</c>, alternatives in regex order.</summary>
    private static int OffsetCandidates(ReadOnlySpan<char> s, int p, Span<int> c)
    {
        var n = 0;
        if (p < s.Length && s[p] is '+' or '-' && D(s, p + 1) && D(s, p + 2))
        {
            var q0 = p + 3;
            for (var colon1 = 1; colon1 >= 0; colon1--)
            {
                if (colon1 == 1 && !(q0 < s.Length && s[q0] == ':')) continue;
                var q = q0 + colon1;
                if (!(R(s, q, '0', '5') && D(s, q + 1))) continue;
                q += 2;
                // optional seconds group, tried first
                for (var colon2 = 1; colon2 >= 0; colon2--)
                {
                    if (colon2 == 1 && !(q < s.Length && s[q] == ':')) continue;
                    var r = q + colon2;
                    if (!(R(s, r, '0', '5') && D(s, r + 1))) continue;
                    r += 2;
                    if (r < s.Length && s[r] == '.')
                    {
                        var k = 0;
                        while (k < 6 && D(s, r + 1 + k)) k++;
                        for (var j = k; j >= 1 && n < c.Length - 2; j--) c[n++] = r + 1 + j - p;
                    }
                    if (n < c.Length - 1) c[n++] = r - p;
                }
                if (n < c.Length) c[n++] = q - p;
            }
        }
        if (p < s.Length && s[p] == 'Z' && n < c.Length) c[n++] = 1;
        return n;
    }

    private static int Num(ReadOnlySpan<char> s)
    {
        var v = 0;
        foreach (var ch in s) v = v * 10 + Py.Digit(ch);
        return v;
    }

    private bool Convert(ReadOnlySpan<char> s, ReadOnlySpan<int> starts, ReadOnlySpan<int> lens, out PyDateTime r)
    {
        r = default;
        int? year = null, isoYear = null, weekday = null, julian = null, weekOfYear = null, isoWeek = null;
        var weekStartsMonday = false;
        int month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0;
        long? gmtoffTicks = null;
        var hasI = false;
        var iHour = 0;
        var ampm = -1;
        for (var t = 0; t < _toks.Length; t++)
        {
            var tok = _toks[t];
            if (tok is Tok.Literal or Tok.Space) continue;
            var g = s.Slice(starts[t], lens[t]);
            switch (tok)
            {
                case Tok.y:
                    var yy = Num(g);
                    year = yy <= 68 ? yy + 2000 : yy + 1900;
                    break;
                case Tok.Y: year = Num(g); break;
                case Tok.G: isoYear = Num(g); break;
                case Tok.m: month = Num(g); break;
                case Tok.B: month = IndexOf(FullMonths, g) + 1; break;
                case Tok.b: month = IndexOf(AbbrMonths, g) + 1; break;
                case Tok.d: day = Num(g.Trim(' ')); break;
                case Tok.H: hour = Num(g); break;
                case Tok.I: hasI = true; iHour = Num(g); break;
                case Tok.p: ampm = IndexOf(AmPm, g); break;
                case Tok.M: minute = Num(g); break;
                case Tok.S: second = Num(g); break;
                case Tok.f:
                    fraction = Num(g);
                    for (var k = g.Length; k < 6; k++) fraction *= 10;
                    break;
                case Tok.A: weekday = IndexOf(FullWeekdays, g); break;
                case Tok.a: weekday = IndexOf(AbbrWeekdays, g); break;
                case Tok.w:
                    var w = Num(g);
                    weekday = w == 0 ? 6 : w - 1;
                    break;
                case Tok.u: weekday = Num(g) - 1; break;
                case Tok.j: julian = Num(g); break;
                case Tok.U: weekOfYear = Num(g); weekStartsMonday = false; break;
                case Tok.W: weekOfYear = Num(g); weekStartsMonday = true; break;
                case Tok.V: isoWeek = Num(g); break;
                case Tok.z:
                    if (!ParseOffset(g, out var off)) return false;
                    gmtoffTicks = off;
                    break;
                case Tok.Z: break; // sets only tm_isdst: the datetime stays naive
            }
        }
        if (hasI)
        {
            hour = iHour;
            if (ampm <= 0) { if (hour == 12) hour = 0; }
            else if (hour != 12) hour += 12;
        }

        if (year is null && isoYear is not null)
        {
            if (isoWeek is null || weekday is null) return false;
            if (julian is not null) return false;
        }
        else if (weekOfYear is null && isoWeek is not null) return false;

        var y = year ?? 1900;
        var leapFix = year is null && month == 2 && day == 29;
        if (leapFix) y = 1904;

        if (julian is null && weekday is not null)
        {
            if (weekOfYear is not null)
            {
                if (!PyDateTime.IsValidDate(y, 1, 1)) return false;
                julian = JulianFromUW(y, weekOfYear.Value, weekday.Value, weekStartsMonday);
            }
            else if (isoYear is not null && isoWeek is not null)
            {
                if (!JulianFromV(isoYear.Value, isoWeek.Value, weekday.Value + 1, out y, out var jj)) return false;
                julian = jj;
            }
            if (julian is not null && julian <= 0)
            {
                y -= 1;
                if (y < 1) return false;
                julian += DateTime.IsLeapYear(y) ? 366 : 365;
            }
        }

        if (julian is null)
        {
            if (!PyDateTime.IsValidDate(y, month, day)) return false;
        }
        else
        {
            if (!PyDateTime.IsValidDate(y, 1, 1)) return false;
            var dn = (long)julian.Value - 1 + new DateOnly(y, 1, 1).DayNumber;
            if (dn < 0 || dn > DateOnly.MaxValue.DayNumber) return false;
            var d = DateOnly.FromDayNumber((int)dn);
            y = d.Year;
            month = d.Month;
            day = d.Day;
        }
        if (leapFix) y = 1900;

        r = new PyDateTime
        {
            Year = y, Month = month, Day = day, Hour = hour, Minute = minute, Second = second, Microsecond = fraction,
            HasOffset = gmtoffTicks is not null, OffsetTicks = gmtoffTicks ?? 0,
        };
        return r.IsValid;
    }

    private static int IndexOf(string[] names, ReadOnlySpan<char> g)
    {
        for (var i = 0; i < names.Length; i++)
            if (g.Equals(names[i], StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The %z value: 'Z', or ±HH[:]MM[[:]SS[.ffffff]] with consistent colons.</summary>
    private static bool ParseOffset(ReadOnlySpan<char> z, out long ticks)
    {
        ticks = 0;
        if (z.Length == 1) return true; // 'Z'
        var neg = z[0] == '-';
        var hasColon1 = z[3] == ':';
        var i = hasColon1 ? 4 : 3;
        var hours = Num(z.Slice(1, 2));
        var minutes = Num(z.Slice(i, 2));
        i += 2;
        var seconds = 0;
        long micro = 0;
        if (i < z.Length)
        {
            var hasColon2 = z[i] == ':';
            if (hasColon1 != hasColon2) return false; // Inconsistent use of :, or int(":5") fails
            if (hasColon2) i++;
            seconds = Num(z.Slice(i, 2));
            i += 2;
            if (i < z.Length)
            {
                var frac = z[(i + 1)..];
                micro = Num(frac);
                for (var k = frac.Length; k < 6; k++) micro *= 10;
            }
        }
        ticks = hours * TimeSpan.TicksPerHour + minutes * TimeSpan.TicksPerMinute + seconds * TimeSpan.TicksPerSecond + micro * 10;
        if (neg) ticks = -ticks;
        return true;
    }

    private static int JulianFromUW(int year, int weekOfYear, int dayOfWeek, bool weekStartsMonday)
    {
        var firstWeekday = (int)(new DateOnly(year, 1, 1).DayOfWeek + 6) % 7; // Monday = 0
        if (!weekStartsMonday)
        {
            firstWeekday = (firstWeekday + 1) % 7;
            dayOfWeek = (dayOfWeek + 1) % 7;
        }
        var week0Length = (7 - firstWeekday) % 7;
        if (weekOfYear == 0) return 1 + dayOfWeek - firstWeekday;
        var daysToWeek = week0Length + 7 * (weekOfYear - 1);
        return 1 + daysToWeek + dayOfWeek;
    }

    private static bool JulianFromV(int isoYear, int isoWeek, int isoWeekday, out int year, out int ordinal)
    {
        year = isoYear;
        ordinal = 0;
        if (!PyDateTime.IsValidDate(isoYear, 1, 4)) return false;
        var jan4 = new DateOnly(isoYear, 1, 4);
        var correction = ((int)jan4.DayOfWeek + 6) % 7 + 1 + 3;
        ordinal = isoWeek * 7 + isoWeekday - correction;
        if (ordinal < 1)
        {
            ordinal += new DateOnly(isoYear, 1, 1).DayNumber + 1;
            year = isoYear - 1;
            if (year < 1) return false;
            ordinal -= new DateOnly(year, 1, 1).DayNumber + 1;
        }
        return true;
    }
}
