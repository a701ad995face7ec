using System.Globalization;

namespace Socle.Validation.Types;

/// <summary>
/// An approximation of dateutil's <c>parser.parse</c> (the <c>any</c> format of date, time and datetime): ISO 8601
/// texts, numeric dates with '-', '/' or '.' (month first unless the first number cannot be a month; a 4-digit or
/// &gt;31 number is the year), English month and weekday names, ordinal suffixes (1st, 10th), times H:M[:S[.f]],
/// am/pm, Z/UTC/GMT and ±HH[:]MM offsets. Missing date parts are today's, missing time parts zero; a text with a
/// word dateutil would not know is refused, "10h30" is 10:30. Deviation: dateutil's full heuristics (fuzzy words,
/// compact 6/12/14-digit stamps, every ordering rule) are not all reproduced.
/// </summary>
internal static class DateUtilParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] MonthsFull = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tues", "wednes", "thur", "thurs"];
    private static readonly string[] Jump = ["at", "on", "and", "ad", "m", "t", "of", "st", "nd", "rd", "th", "the"];

    private enum K : byte { Num, Word, Sep }

    private readonly record struct Tok(K Kind, int Start, int Length);

    public static bool TryParse(ReadOnlySpan<char> text, out PyDateTime result)
    {
        result = default;
        if (IsoParser.TryParseDateTime(Py.Strip(text), out result) && Py.Strip(text).Length >= 10) return true;
        var s = text.ToString().ToLowerInvariant();
        var toks = Tokenize(s);
        if (toks is null || toks.Count == 0) return false;

        var ymd = new List<(int Value, int Digits, bool IsMonth)>();
        int? hour = null, minute = null, second = null, micro = null;
        long? offset = null;
        var any = false;
        for (var i = 0; i < toks.Count; i++)
        {
            var t = toks[i];
            var v = s.AsSpan(t.Start, t.Length);
            if (t.Kind == K.Sep)
            {
                if (v[0] is '+' or '-' && hour is not null && i + 1 < toks.Count && toks[i + 1].Kind == K.Num)
                {
                    // Offset after a time: +HH, +HHMM, +HH:MM
                    var n1 = s.AsSpan(toks[i + 1].Start, toks[i + 1].Length);
                    int oh, om = 0;
                    if (n1.Length == 4) { oh = int.Parse(n1[..2], CultureInfo.InvariantCulture); om = int.Parse(n1[2..], CultureInfo.InvariantCulture); i++; }
                    else if (n1.Length <= 2)
                    {
                        oh = int.Parse(n1, CultureInfo.InvariantCulture);
                        i++;
                        if (i + 2 < toks.Count && s[toks[i + 1].Start] == ':' && toks[i + 2].Kind == K.Num)
                        {
                            om = int.Parse(s.AsSpan(toks[i + 2].Start, toks[i + 2].Length), CultureInfo.InvariantCulture);
                            i += 2;
                        }
                    }
                    else return false;
                    offset = (v[0] == '-' ? -1 : 1) * (oh * 60L + om) * TimeSpan.TicksPerMinute;
                    continue;
                }
                continue;
            }
            if (t.Kind == K.Word)
            {
                var w = v.ToString();
                var mi = Array.IndexOf(Months, w);
                if (mi < 0) mi = Array.IndexOf(MonthsFull, w);
                if (mi < 0 && w == "sept") mi = 8;
                if (mi >= 0) { ymd.Add((mi + 1, 0, true)); any = true; continue; }
                if (Array.IndexOf(Weekdays, w) >= 0) continue;
                if (w is "am" or "pm" or "a" or "p")
                {
                    if (hour is null || hour > 12) return false;
                    if (w[0] == 'p' && hour < 12) hour += 12;
                    else if (w[0] == 'a' && hour == 12) hour = 0;
                    continue;
                }
                if (w is "z" or "utc" or "gmt") { offset = 0; continue; }
                if (Array.IndexOf(Jump, w) >= 0) continue;
                return false;
            }
            // Number
            var next = i + 1 < toks.Count ? toks[i + 1] : default;
            var nextIsColon = i + 1 < toks.Count && next.Kind == K.Sep && s[next.Start] == ':';
            if (nextIsColon && hour is null)
            {
                if (!TryInt(v, out var h)) return false;
                hour = h;
                minute = 0;
                i += 2;
                if (i >= toks.Count || toks[i].Kind != K.Num) return false;
                if (!TryInt(s.AsSpan(toks[i].Start, toks[i].Length), out var mm)) return false;
                minute = mm;
                if (i + 2 < toks.Count && toks[i + 1].Kind == K.Sep && s[toks[i + 1].Start] == ':' && toks[i + 2].Kind == K.Num)
                {
                    i += 2;
                    var secText = s.AsSpan(toks[i].Start, toks[i].Length);
                    if (!TryInt(secText, out var ss)) return false;
                    second = ss;
                    if (i + 2 < toks.Count && toks[i + 1].Kind == K.Sep && s[toks[i + 1].Start] is '.' or ',' && toks[i + 2].Kind == K.Num)
                    {
                        i += 2;
                        var f = s.AsSpan(toks[i].Start, toks[i].Length);
                        var us = 0;
                        for (var k = 0; k < 6; k++) us = us * 10 + (k < f.Length ? f[k] - '0' : 0);
                        micro = us;
                    }
                }
                any = true;
                continue;
            }
            if (!TryInt(v, out var num)) return false;
            // "10h30", "10h"
            if (hour is null && i + 1 < toks.Count && next.Kind == K.Word && s.AsSpan(next.Start, next.Length) is "h")
            {
                hour = num;
                i++;
                if (i + 1 < toks.Count && toks[i + 1].Kind == K.Num && TryInt(s.AsSpan(toks[i + 1].Start, toks[i + 1].Length), out var hm))
                {
                    minute = hm;
                    i++;
                }
                any = true;
                continue;
            }
            if (v.Length == 8 && ymd.Count == 0)
            {
                ymd.Add((num / 10000, 4, false));
                ymd.Add((num / 100 % 100, 2, false));
                ymd.Add((num % 100, 2, false));
                any = true;
                continue;
            }
            // "9 am"
            if (i + 1 < toks.Count && next.Kind == K.Word && s.AsSpan(next.Start, next.Length) is "am" or "pm" or "a" or "p" && hour is null)
            {
                hour = num;
                any = true;
                continue;
            }
            if (ymd.Count >= 3)
            {
                if (hour is null) { hour = num; any = true; continue; }
                return false;
            }
            ymd.Add((num, v.Length, false));
            any = true;
        }
        if (!any) return false;

        var today = DateTime.Today;
        if (!ResolveYmd(ymd, today.Year, out var y, out var m, out var d)) return false;
        result = new PyDateTime
        {
            Year = y ?? today.Year, Month = m ?? today.Month, Day = d ?? today.Day, Hour = hour ?? 0, Minute = minute ?? 0,
            Second = second ?? 0, Microsecond = micro ?? 0, HasOffset = offset is not null, OffsetTicks = offset ?? 0,
        };
        return result.IsValid;
    }

    private static bool TryInt(ReadOnlySpan<char> v, out int n) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out n);

    private static List<Tok>? Tokenize(string s)
    {
        var list = new List<Tok>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (Py.IsSpace(c)) { i++; continue; }
            var start = i;
            if (Py.IsAsciiDigit(c))
            {
                while (i < s.Length && Py.IsAsciiDigit(s[i])) i++;
                list.Add(new Tok(K.Num, start, i - start));
                // ordinal suffixes
                if (i + 1 < s.Length && s.AsSpan(i, 2) is "st" or "nd" or "rd" or "th" && (i + 2 >= s.Length || !char.IsLetter(s[i + 2]))) i += 2;
                continue;
            }
            if (char.IsLetter(c))
            {
                while (i < s.Length && char.IsLetter(s[i])) i++;
                list.Add(new Tok(K.Word, start, i - start));
                continue;
            }
            if (c is '-' or '/' or '.' or ':' or ',' or '+' or ';' or '\'')
            {
                list.Add(new Tok(K.Sep, start, 1));
                i++;
                continue;
            }
            return null;
        }
        return list;
    }

    private static int FullYear(int value, int digits, int thisYear)
    {
        if (digits > 2 || value >= 100) return value;
        var century = thisYear / 100 * 100;
        var y = value + century;
        if (y >= thisYear + 50) y -= 100;
        else if (y < thisYear - 50) y += 100;
        return y;
    }

    private static bool ResolveYmd(List<(int Value, int Digits, bool IsMonth)> ymd, int thisYear, out int? y, out int? m, out int? d)
    {
        y = m = d = null;
        var monthIdx = ymd.FindIndex(e => e.IsMonth);
        if (ymd.Count(e => e.IsMonth) > 1) return false;
        bool IsYear((int Value, int Digits, bool IsMonth) e) => !e.IsMonth && (e.Digits >= 3 || e.Value > 31);
        switch (ymd.Count)
        {
            case 0: return true;
            case 1:
                if (monthIdx == 0) m = ymd[0].Value;
                else if (IsYear(ymd[0])) y = ymd[0].Value;
                else d = ymd[0].Value;
                return true;
            case 2:
                if (monthIdx >= 0)
                {
                    m = ymd[monthIdx].Value;
                    var other = ymd[1 - monthIdx];
                    if (IsYear(other)) y = FullYear(other.Value, other.Digits, thisYear);
                    else d = other.Value;
                    return true;
                }
                if (IsYear(ymd[0])) { y = ymd[0].Value; m = ymd[1].Value; return true; }
                if (IsYear(ymd[1])) { m = ymd[0].Value; y = ymd[1].Value; return true; }
                if (ymd[0].Value > 12) { d = ymd[0].Value; m = ymd[1].Value; }
                else { m = ymd[0].Value; d = ymd[1].Value; }
                return true;
            case 3:
                if (monthIdx >= 0)
                {
                    m = ymd[monthIdx].Value;
                    var rest = ymd.Where((_, k) => k != monthIdx).ToList();
                    if (monthIdx == 0 || (monthIdx == 1 && !IsYear(rest[0])))
                    {
                        // "jan 10 1969", "10 jan 1969"
                        if (IsYear(rest[0]) && !IsYear(rest[1])) { y = rest[0].Value; d = rest[1].Value; }
                        else { d = rest[0].Value; y = FullYear(rest[1].Value, rest[1].Digits, thisYear); }
                    }
                    else
                    {
                        y = FullYear(rest[0].Value, rest[0].Digits, thisYear);
                        d = rest[1].Value;
                    }
                    return true;
                }
                if (IsYear(ymd[0])) { y = ymd[0].Value; m = ymd[1].Value; d = ymd[2].Value; return true; }
                if (ymd[0].Value > 12) { d = ymd[0].Value; m = ymd[1].Value; }
                else { m = ymd[0].Value; d = ymd[1].Value; }
                y = FullYear(ymd[2].Value, ymd[2].Digits, thisYear);
                return true;
            default: return false;
        }
    }
}
