using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Socle.Validation.Types;

/// <summary>
/// Small re-implementations of the CPython built-ins that frictionless-py relies on to read cells
/// (<c>str.strip</c>, <c>int()</c>, <c>float()</c>, <c>str()</c>/<c>repr()</c> of JSON values), on spans and without
/// allocating on the common paths.
/// </summary>
internal static class Py
{
    /// <summary><c>str.isspace()</c>: .NET white space plus the four ASCII separators U+001C..U+001F.</summary>
    public static bool IsSpace(char c) =>
        c <= ' ' ? c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f') : c >= '\x85' && char.IsWhiteSpace(c);

    /// <summary>The white space <c>int()</c> skips: C <c>isspace</c> for ASCII, <c>str.isspace</c> beyond.</summary>
    public static bool IsIntSpace(char c) =>
        c < 128 ? c == ' ' || (c >= '\t' && c <= '\r') : char.IsWhiteSpace(c);

    /// <summary><c>str.strip()</c>.</summary>
    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> s)
    {
        var a = 0;
        var b = s.Length;
        while (a < b && IsSpace(s[a])) a++;
        while (b > a && IsSpace(s[b - 1])) b--;
        return s[a..b];
    }

    /// <summary>Value of a decimal digit as Python's <c>\d</c> and <c>int()</c> see it (Unicode category Nd), or -1.</summary>
    public static int Digit(char c)
    {
        var d = (uint)(c - '0');
        if (d <= 9) return (int)d;
        if (c < 128 || !char.IsDigit(c)) return -1;
        return CharUnicodeInfo.GetDecimalDigitValue(c);
    }

    public static bool IsDigit(char c) => Digit(c) >= 0;

    public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

    private static readonly SearchValues<char> Surrogates =
        SearchValues.Create(Enumerable.Range(0xD800, 0x800).Select(c => (char)c).ToArray());

    /// <summary>Python <c>len()</c> of a string: code points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CodePoints(ReadOnlySpan<char> s)
    {
        // Only a surrogate pair counts differently: skip (vectorised) to the first surrogate, if any.
        var first = s.IndexOfAny(Surrogates);
        if (first < 0) return s.Length;
        var n = s.Length;
        for (var i = first; i < s.Length - 1; i++)
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1])) { n--; i++; }
        return n;
    }

    /// <summary>
    /// <c>int(s)</c> in base 10: surrounding white space, one sign, Unicode digits, single underscores between digits.
    /// Sets <paramref name="big"/> when the value does not fit a long.
    /// </summary>
    public static bool TryParseInt(ReadOnlySpan<char> s, out long value, out BigInteger? big)
    {
        value = 0;
        big = null;
        var a = 0;
        var b = s.Length;
        while (a < b && IsIntSpace(s[a])) a++;
        while (b > a && IsIntSpace(s[b - 1])) b--;
        if (a == b) return false;
        var negative = false;
        if (s[a] is '+' or '-') { negative = s[a] == '-'; a++; }
        if (a == b) return false;
        ulong acc = 0;
        var overflow = false;
        var lastWasDigit = false;
        var digits = 0;
        for (var i = a; i < b; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                if (!lastWasDigit || i + 1 >= b || Digit(s[i + 1]) < 0) return false;
                lastWasDigit = false;
                continue;
            }
            var d = Digit(c);
            if (d < 0) return false;
            lastWasDigit = true;
            digits++;
            if (!overflow)
            {
                if (acc > (ulong.MaxValue - (ulong)d) / 10) overflow = true;
                else acc = acc * 10 + (ulong)d;
            }
        }
        if (digits == 0) return false;
        if (!overflow)
        {
            if (!negative && acc <= long.MaxValue) { value = (long)acc; return true; }
            if (negative && acc <= (ulong)long.MaxValue + 1) { value = (long)(0 - acc); return true; }
        }
        var sb = new StringBuilder(b - a + 1);
        if (negative) sb.Append('-');
        for (var i = a; i < b; i++)
            if (s[i] != '_') sb.Append((char)('0' + Digit(s[i])));
        big = BigInteger.Parse(sb.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        value = big.Value.Sign;
        return true;
    }

    /// <summary><c>int(s)</c> for a short slice (dateutil's isoparser slices bytes); false when it fails or is huge.</summary>
    public static bool TryIntSlice(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (!TryParseInt(s, out var v, out var big) || big is not null || v is < int.MinValue or > int.MaxValue) return false;
        value = (int)v;
        return true;
    }

    /// <summary>
    /// <c>float(s)</c>: white space, sign, digits with PEP 515 underscores, optional fraction and exponent,
    /// or inf/infinity/nan in any case.
    /// </summary>
    public static bool TryParseFloat(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        s = Strip(s);
        if (s.IsEmpty) return false;
        Span<char> buf = s.Length <= 128 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        var i = 0;
        if (s[0] is '+' or '-') buf[n++] = s[i++];
        var rest = s[i..];
        if (rest.Equals("inf", StringComparison.OrdinalIgnoreCase) || rest.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = n > 0 && buf[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (rest.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        // digitpart: digit (["_"] digit)*
        var mantissaDigits = 0;
        if (!CopyDigitPart(s, ref i, buf, ref n, ref mantissaDigits)) return false;
        if (i < s.Length && s[i] == '.')
        {
            buf[n++] = '.';
            i++;
            if (!CopyDigitPart(s, ref i, buf, ref n, ref mantissaDigits)) return false;
        }
        if (mantissaDigits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            buf[n++] = 'e';
            i++;
            if (i < s.Length && s[i] is '+' or '-') buf[n++] = s[i++];
            var expDigits = 0;
            if (!CopyDigitPart(s, ref i, buf, ref n, ref expDigits) || expDigits == 0) return false;
        }
        if (i != s.Length) return false;
        return double.TryParse(buf[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool CopyDigitPart(ReadOnlySpan<char> s, ref int i, Span<char> buf, ref int n, ref int count)
    {
        var last = false;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '_')
            {
                if (!last || i + 1 >= s.Length || Digit(s[i + 1]) < 0) return false;
                last = false;
                i++;
                continue;
            }
            var d = Digit(c);
            if (d < 0) break;
            buf[n++] = (char)('0' + d);
            count++;
            last = true;
            i++;
        }
        return true;
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, exponent form below 1e-4 and from 1e16.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // Shortest round-trip digits.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var neg = shortest.StartsWith('-');
        if (neg) shortest = shortest[1..];
        string digits;
        int exp10; // value = 0.digits * 10^exp10 ... we use: d = digits[0].digits[1..] * 10^exp10
        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mant = ePos >= 0 ? shortest[..ePos] : shortest;
        var e = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], CultureInfo.InvariantCulture) : 0;
        var dot = mant.IndexOf('.');
        var intPart = dot >= 0 ? mant[..dot] : mant;
        var fracPart = dot >= 0 ? mant[(dot + 1)..] : "";
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        digits = all.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        exp10 = intPart.Length - 1 - leadingZeros + e;
        string body;
        if (exp10 < -4 || exp10 >= 16)
        {
            body = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            body += "e" + (exp10 < 0 ? "-" : "+") + Math.Abs(exp10).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (exp10 < 0)
            body = "0." + new string('0', -exp10 - 1) + digits;
        else if (digits.Length <= exp10 + 1)
            body = digits + new string('0', exp10 + 1 - digits.Length) + ".0";
        else
            body = digits[..(exp10 + 1)] + "." + digits[(exp10 + 1)..];
        return neg ? "-" + body : body;
    }

    /// <summary>Python's <c>repr(str)</c>.</summary>
    public static string StrRepr(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2);
        sb.Append(quote);
        foreach (var c in s)
        {
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < ' ' || c == '\x7f') sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else if (c >= '\x80' && c <= '\xa0' || c == '\xad') sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        sb.Append(quote);
        return sb.ToString();
    }

    /// <summary>
    /// Python's <c>str()</c> of a value loaded by <c>json.loads</c> (what frictionless prints in a constraint note:
    /// <c>2</c>, <c>2.5</c>, <c>True</c>, <c>abc</c>, <c>['a', 'b']</c>).
    /// </summary>
    public static string Str(object? value) => value is string s ? s : Repr(value);

    public static string Repr(object? value) => value switch
    {
        null or PyJson.NullValue => "None",
        bool b => b ? "True" : "False",
        string s => StrRepr(s),
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger bi => bi.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        OrderedDictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(kv => StrRepr(kv.Key) + ": " + Repr(kv.Value))) + "}",
        _ => value.ToString() ?? "",
    };
}
