using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using Socle.Validation.Schema;

namespace Socle.Validation.Types;

/// <summary>Python's <c>decimal.Decimal(str)</c> grammar, parsed into a .NET decimal or, out of its range, a double.</summary>
internal static class PyDecimal
{
    public enum Special : byte { Finite, Infinity, NaN }

    /// <summary>
    /// Parses like <c>Decimal(s)</c>: surrounding white space, underscores anywhere (CPython drops them all),
    /// Unicode digits, sign, digits with optional point and exponent, or inf/infinity/nan/snan (+payload) in any case.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out CellValue value)
    {
        value = default;
        s = Py.Strip(s);
        if (s.IsEmpty) return false;
        Span<char> digits = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        if (!TryScan(s, digits, out var neg, out var special, out var n, out var exp)) return false;
        if (special == Special.Infinity)
        {
            value = new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = neg ? double.NegativeInfinity : double.PositiveInfinity, Length = -1 };
            return true;
        }
        if (special == Special.NaN)
        {
            value = new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = double.NaN, Length = -1 };
            return true;
        }
        value = Build(neg, digits[..n], exp);
        return true;
    }

    /// <summary>The value of a zero (Decimal("-0") keeps its sign).</summary>
    public static CellValue Zero(bool neg) => new() { Kind = ValueKind.Number, Decimal = neg ? -0.0m : 0m, Length = -1 };

    /// <summary>The value of ASCII <c>[+-]?\d+(P\d+)?</c> with at most 18 digits, P the decimal point
    /// (<paramref name="point"/>): exactly what <see cref="TryParse"/> builds for it (same decimal, same scale),
    /// without its buffers. False (nothing decided) for any other text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParsePlain(ReadOnlySpan<char> s, char point, out CellValue value)
    {
        value = default;
        var len = s.Length;
        if ((uint)(len - 1) >= 20) return false;
        var i = 0;
        var neg = false;
        if (s[0] is '-' or '+') { neg = s[0] == '-'; i = 1; }
        ulong acc = 0;
        var digits = 0;
        var dot = -1;
        for (; i < len; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d <= 9) { acc = acc * 10 + d; digits++; continue; }
            if (s[i] == point && dot < 0 && digits > 0) { dot = digits; continue; }
            return false;
        }
        // "1." and "+" are left to the general reader; so are 19+ digits.
        if (digits is 0 or > 18 || dot == digits) return false;
        if (acc == 0) { value = Zero(neg); return true; }
        // As Build: trailing zeros leave the scale (never below 0), so 1.50 is 1.5 and 100 stays 100.
        var scale = dot < 0 ? 0 : digits - dot;
        while (scale > 0 && acc % 10 == 0) { acc /= 10; scale--; }
        value = new CellValue
        {
            Kind = ValueKind.Number, Length = -1,
            Decimal = new decimal((int)(uint)acc, (int)(uint)(acc >> 32), 0, neg, (byte)scale),
        };
        return true;
    }

    /// <summary>The value from significant digits and a power of ten.</summary>
    public static CellValue Build(bool neg, ReadOnlySpan<char> digits, long exp)
    {
        var a = 0;
        while (a < digits.Length && digits[a] == '0') a++;
        var b = digits.Length;
        while (b > a && digits[b - 1] == '0') { b--; exp++; }
        var sig = b - a;
        if (sig == 0) return Zero(neg);
        if (sig <= 28 && exp >= -28 && exp <= 28 - sig)
        {
            UInt128 m = 0;
            for (var i = a; i < b; i++) m = m * 10 + (uint)(digits[i] - '0');
            byte scale = 0;
            if (exp > 0) for (var i = 0; i < exp; i++) m *= 10;
            else scale = (byte)(-exp);
            var d = new decimal((int)(uint)m, (int)(uint)(m >> 32), (int)(uint)(m >> 64), neg, scale);
            return new CellValue { Kind = ValueKind.Number, Decimal = d, Length = -1 };
        }
        // Beyond System.Decimal: keep the nearest double (comparisons and keys re-read the text when exactness matters).
        Span<char> buf = stackalloc char[Math.Min(sig, 400) + 32];
        var k = 0;
        if (neg) buf[k++] = '-';
        var take = Math.Min(sig, 400);
        digits.Slice(a, take).CopyTo(buf[k..]);
        k += take;
        buf[k++] = 'e';
        exp += sig - take;
        exp = Math.Clamp(exp, -100000, 100000);
        exp.TryFormat(buf[k..], out var w, default, CultureInfo.InvariantCulture);
        k += w;
        var dbl = double.Parse(buf[..k], NumberStyles.Float, CultureInfo.InvariantCulture);
        return new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = dbl, Length = -1 };
    }

    /// <summary>A run of digits (any Unicode decimal digit, underscores skipped) appended as ASCII; returns how many.</summary>
    private static int ScanDigits(ReadOnlySpan<char> s, ref int i, Span<char> digits, ref int n)
    {
        var count = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '_') { i++; continue; }
            var d = Py.Digit(c);
            if (d < 0) break;
            digits[n++] = (char)('0' + d);
            count++;
            i++;
        }
        return count;
    }

    /// <summary>Scans the Decimal grammar; <paramref name="digits"/> receives the ASCII mantissa digits.</summary>
    public static bool TryScan(ReadOnlySpan<char> s, Span<char> digits, out bool neg, out Special special, out int n, out long exp)
    {
        neg = false;
        special = Special.Finite;
        n = 0;
        exp = 0;
        var i = 0;
        SkipUnderscores(s, ref i);
        if (i < s.Length && s[i] is '+' or '-') { neg = s[i] == '-'; i++; }
        SkipUnderscores(s, ref i);
        if (i < s.Length && (s[i] | 0x20) is 'i' or 'n' or 's') return ScanSpecial(s[i..], ref special);
        var intDigits = ScanDigits(s, ref i, digits, ref n);
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fracDigits = ScanDigits(s, ref i, digits, ref n);
        }
        if (intDigits + fracDigits == 0) return false;
        long e = 0;
        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            SkipUnderscores(s, ref i);
            var eneg = false;
            if (i < s.Length && s[i] is '+' or '-') { eneg = s[i] == '-'; i++; }
            var ed = 0;
            while (i < s.Length)
            {
                var c = s[i];
                if (c == '_') { i++; continue; }
                var d = Py.Digit(c);
                if (d < 0) break;
                if (e < 1_000_000_000_000L) e = e * 10 + d;
                ed++;
                i++;
            }
            if (ed == 0) return false;
            if (eneg) e = -e;
        }
        if (i != s.Length) return false;
        exp = e - fracDigits;
        return true;
    }

    private static void SkipUnderscores(ReadOnlySpan<char> s, ref int i)
    {
        while (i < s.Length && s[i] == '_') i++;
    }

    private static bool ScanSpecial(ReadOnlySpan<char> s, ref Special special)
    {
        Span<char> w = stackalloc char[Math.Min(s.Length, 64)];
        var k = 0;
        foreach (var c in s)
        {
            if (c == '_') continue;
            if (k == w.Length) return false;
            w[k++] = char.ToLowerInvariant(c);
        }
        var word = w[..k];
        if (word is "inf" or "infinity") { special = Special.Infinity; return true; }
        var rest = word.StartsWith("snan") ? word[4..] : word.StartsWith("nan") ? word[3..] : default;
        if (!word.StartsWith("nan") && !word.StartsWith("snan")) return false;
        foreach (var c in rest)
            if (Py.Digit(c) < 0) return false;
        special = Special.NaN;
        return true;
    }

    /// <summary>The exact key of a Decimal text (used when the value did not fit System.Decimal).</summary>
    public static string ExactKey(ReadOnlySpan<char> s)
    {
        s = Py.Strip(s);
        var digits = new char[Math.Max(s.Length, 1)];
        if (!TryScan(s, digits, out var neg, out var special, out var n, out var exp)) return NumberKeys.Unique();
        return special switch
        {
            Special.Infinity => neg ? NumberKeys.NegativeInfinity : NumberKeys.PositiveInfinity,
            Special.NaN => NumberKeys.Unique(),
            _ => NumberKeys.OfDigits(neg, digits.AsSpan(0, n), exp),
        };
    }
}

/// <summary>Shared ordering and keys of numeric values (integer, number, year, boolean).</summary>
internal static class NumericValues
{
    public static bool IsNaN(in CellValue v) => v.IsDouble && double.IsNaN(v.Double);

    /// <summary>Orders two numeric values of any layout; NaN sorts first (callers treat it apart).</summary>
    public static int Compare(in CellValue a, in CellValue b)
    {
        if (a.Kind is ValueKind.Integer or ValueKind.Year or ValueKind.Boolean && b.Kind is ValueKind.Integer or ValueKind.Year or ValueKind.Boolean)
        {
            if (a.Object is null && b.Object is null) return a.Long.CompareTo(b.Long);
            return Big(a).CompareTo(Big(b));
        }
        if (!a.IsDouble && !b.IsDouble && a.Object is null && b.Object is null)
            return AsDecimal(a).CompareTo(AsDecimal(b));
        return AsDouble(a).CompareTo(AsDouble(b));
    }

    private static BigInteger Big(in CellValue v) => v.Object is BigInteger b ? b : new BigInteger(v.Long);

    private static decimal AsDecimal(in CellValue v) => v.Kind == ValueKind.Number ? v.Decimal : v.Long;

    private static double AsDouble(in CellValue v) => v.Kind switch
    {
        ValueKind.Number => v.IsDouble ? v.Double : (double)v.Decimal,
        _ => v.Object is BigInteger b ? (double)b : v.Long,
    };

    public static bool Equal(in CellValue a, in CellValue b) => !IsNaN(a) && !IsNaN(b) && Compare(a, b) == 0;
}

/// <summary>
/// Type <c>integer</c>: Python <c>int()</c> of the stripped cell (sign, underscores between digits, Unicode digits,
/// any size); with <c>bareNumber: false</c>, leading non-digits other than '-' and trailing non-digits are dropped first.
/// </summary>
internal sealed class IntegerReader(Field field) : TypeReader(field)
{
    private readonly bool _bare = field.BareNumber;

    public override ValueKind Kind => ValueKind.Integer;

    // Compiled fully optimised at once: a validation spends most of its time here, often less than the runtime's
    // tier-up delay (its tier-0 code is several times slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        if (TryParsePlain(cell, out var l))
        {
            value = new CellValue { Kind = ValueKind.Integer, Long = l, Length = -1 };
            return true;
        }
        return ReadGeneral(cell, out value);
    }

    /// <summary>ASCII <c>[+-]?\d{1,18}</c>: the value Python's int() gives (and bareNumber's clean-up leaves alone).
    /// False (nothing decided) for any other text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParsePlain(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        var len = s.Length;
        if ((uint)(len - 1) >= 19) return false;
        var i = 0;
        var neg = false;
        if (s[0] is '-' or '+') { neg = s[0] == '-'; i = 1; }
        if (i == len || len - i > 18) return false;
        long acc = 0;
        for (; i < len; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9) return false;
            acc = acc * 10 + d;
        }
        value = neg ? -acc : acc;
        return true;
    }

    /// <summary>The general reader: Python's int() after frictionless' clean-up.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal bool ReadGeneral(ReadOnlySpan<char> cell, out CellValue value)
    {
        var s = Py.Strip(cell);
        if (!_bare) s = BareNumber.Strip(s);
        return Make(s, out value);
    }

    private static bool Make(ReadOnlySpan<char> s, out CellValue value)
    {
        value = default;
        if (!Py.TryParseInt(s, out var l, out var big)) return false;
        value = new CellValue { Kind = ValueKind.Integer, Long = l, Object = big, Length = -1 };
        return true;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        switch (value)
        {
            case string s: return TryRead(s, out result);
            case long l: result = new CellValue { Kind = ValueKind.Integer, Long = l, Length = -1 }; return true;
            case BigInteger b: result = new CellValue { Kind = ValueKind.Integer, Long = b.Sign, Object = b, Length = -1 }; return true;
            case double d when double.IsFinite(d) && Math.Floor(d) == d:
                if (Math.Abs(d) < 9e18) result = new CellValue { Kind = ValueKind.Integer, Long = (long)d, Length = -1 };
                else result = new CellValue { Kind = ValueKind.Integer, Long = Math.Sign(d), Object = new BigInteger(d), Length = -1 };
                return true;
            default: return false;
        }
    }

    public override int Compare(in CellValue a, in CellValue b) => NumericValues.Compare(a, b);
    public override bool ValueEquals(in CellValue a, in CellValue b) => NumericValues.Equal(a, b);

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) =>
        value.Object is BigInteger b ? NumberKeys.OfBig(b) : NumberKeys.OfLong(value.Long);
}

/// <summary>frictionless' <c>bareNumber: false</c> clean-up: <c>re.sub(r"((^[^-\d]*)|(\D*$))", "", cell)</c>.</summary>
internal static class BareNumber
{
    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> s)
    {
        var i = 0;
        while (i < s.Length && s[i] != '-' && !Py.IsDigit(s[i])) i++;
        var j = s.Length;
        while (j > i && !Py.IsDigit(s[j - 1])) j--;
        return s[i..j];
    }
}

/// <summary>
/// Type <c>number</c>: Python <c>Decimal()</c> (or <c>float()</c> with <c>floatNumber</c>) of the stripped cell, after
/// frictionless' processing: bareNumber clean-up, groupChar removed, a '.' refused when decimalChar is another
/// character, decimalChar turned into '.'.
/// </summary>
internal sealed class NumberReader : TypeReader
{
    private readonly bool _bare;
    private readonly bool _float;
    private readonly string _group;
    private readonly string _decimal;
    private readonly bool _plain;
    // The decimal point of the fast path, '\0' when it is off: ASCII [+-]?digits(point digits)? reads, after every
    // clean-up below, as the same text with '.' for the point (see the constructor).
    private readonly char _fastPoint;

    public NumberReader(Field field) : base(field)
    {
        _bare = field.BareNumber;
        _float = field.FloatNumber;
        _group = field.GroupChar;
        _decimal = field.DecimalChar;
        _plain = _bare && _group.Length == 0 && _decimal == ".";
        // Such a text has no white space; bareNumber's clean-up drops a leading '+' at most (same value); the group
        // character, when it is none of the text's characters, removes nothing; the point becomes '.'.
        if (!_float && _decimal.Length == 1 && FastSafe(_decimal[0], '\0') && !Py.IsSpace(_decimal[0])
            && _group.All(c => FastSafe(c, _decimal[0])))
            _fastPoint = _decimal[0];
    }

    /// <summary>A character that is neither a digit, a sign, NUL nor <paramref name="point"/>.</summary>
    private static bool FastSafe(char c, char point) => !Py.IsDigit(c) && c is not ('+' or '-' or '\0') && c != point;

    public override ValueKind Kind => ValueKind.Number;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        if (_fastPoint != '\0' && PyDecimal.TryParsePlain(cell, _fastPoint, out value)) return true;
        return ReadGeneral(cell, out value);
    }

    /// <summary>The general reader: frictionless' clean-up, then Decimal() or float().</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal bool ReadGeneral(ReadOnlySpan<char> cell, out CellValue value)
    {
        if (_plain) return Parse(cell, out value);
        var s = Py.Strip(cell);
        if (!_bare) s = BareNumber.Strip(s);
        var cap = s.Length * Math.Max(1, _decimal.Length == 0 ? 2 : 1) + 2;
        Span<char> a = cap <= 256 ? stackalloc char[cap] : new char[cap];
        var n = Replace(s, _group, "", a);
        if (n < 0) { value = default; return false; }
        var t = a[..n];
        if (_decimal != "." && t.Contains('.')) { value = default; return false; }
        if (_decimal != ".")
        {
            Span<char> b = cap * 2 <= 512 ? stackalloc char[cap * 2] : new char[cap * 2];
            var m = Replace(t, _decimal, ".", b);
            if (m < 0) { value = default; return false; }
            return Parse(b[..m], out value);
        }
        return Parse(t, out value);
    }

    private bool Parse(ReadOnlySpan<char> s, out CellValue value)
    {
        if (_float)
        {
            if (Py.TryParseFloat(s, out var d))
            {
                value = new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = d, Length = -1 };
                return true;
            }
            value = default;
            return false;
        }
        return PyDecimal.TryParse(s, out value);
    }

    /// <summary>Python <c>str.replace(old, new)</c> into a buffer; -1 when it does not fit.</summary>
    private static int Replace(ReadOnlySpan<char> s, string old, string replacement, Span<char> dst)
    {
        var n = 0;
        if (old.Length == 0)
        {
            if (replacement.Length == 0) { if (s.Length > dst.Length) return -1; s.CopyTo(dst); return s.Length; }
            // "ab".replace("", ".") == ".a.b."
            for (var i = 0; i <= s.Length; i++)
            {
                if (n + replacement.Length + 1 > dst.Length) return -1;
                replacement.AsSpan().CopyTo(dst[n..]);
                n += replacement.Length;
                if (i < s.Length) dst[n++] = s[i];
            }
            return n;
        }
        var k = 0;
        while (k < s.Length)
        {
            var hit = s[k..].IndexOf(old.AsSpan());
            var chunk = hit < 0 ? s[k..] : s.Slice(k, hit);
            if (n + chunk.Length + replacement.Length > dst.Length) return -1;
            chunk.CopyTo(dst[n..]);
            n += chunk.Length;
            if (hit < 0) break;
            replacement.AsSpan().CopyTo(dst[n..]);
            n += replacement.Length;
            k += hit + old.Length;
        }
        return n;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        switch (value)
        {
            case string s: return TryRead(s, out result);
            case bool: return false;
            case long l:
                result = _float
                    ? new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = l, Length = -1 }
                    : new CellValue { Kind = ValueKind.Number, Decimal = l, Length = -1 };
                return true;
            case BigInteger b:
                var text = b.ToString(CultureInfo.InvariantCulture);
                result = PyDecimal.TryParse(text, out var r) ? r : default;
                return r.Kind == ValueKind.Number;
            case double d:
                if (_float) { result = new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = d, Length = -1 }; return true; }
                // Decimal(str(float)): the float's shortest repr.
                return PyDecimal.TryParse(Py.FloatRepr(d), out result);
            default: return false;
        }
    }

    public override int Compare(in CellValue a, in CellValue b) => NumericValues.Compare(a, b);
    public override bool ValueEquals(in CellValue a, in CellValue b) => NumericValues.Equal(a, b);

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value)
    {
        if (!value.IsDouble) return NumberKeys.OfDecimal(value.Decimal);
        if (double.IsNaN(value.Double) || double.IsInfinity(value.Double) || _float) return NumberKeys.OfDouble(value.Double);
        // Out of System.Decimal's range: the exact value from the text.
        if (_plain) return PyDecimal.ExactKey(cell);
        var s = Py.Strip(cell);
        if (!_bare) s = BareNumber.Strip(s);
        var t = s.ToString();
        if (_group.Length > 0) t = t.Replace(_group, "", StringComparison.Ordinal);
        if (_decimal != ".") t = _decimal.Length == 0 ? t : t.Replace(_decimal, ".", StringComparison.Ordinal);
        return PyDecimal.ExactKey(t);
    }
}

/// <summary>Type <c>boolean</c>: exact match with one of trueValues, then falseValues.</summary>
internal sealed class BooleanReader : TypeReader
{
    // trueValues then falseValues, in order: the first equal one decides (a text in both lists is true).
    private readonly string[] _values;
    private readonly int _trueCount;

    public BooleanReader(Field field) : base(field)
    {
        _values = [.. field.TrueValues, .. field.FalseValues];
        _trueCount = field.TrueValues.Count;
    }

    public override ValueKind Kind => ValueKind.Boolean;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        var values = _values;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v.Length == cell.Length && cell.SequenceEqual(v))
            {
                value = new CellValue { Kind = ValueKind.Boolean, Long = i < _trueCount ? 1 : 0, Length = -1 };
                return true;
            }
        }
        value = default;
        return false;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        if (value is bool b) { result = new CellValue { Kind = ValueKind.Boolean, Long = b ? 1 : 0, Length = -1 }; return true; }
        return TryReadString(value, out result);
    }

    public override int Compare(in CellValue a, in CellValue b) => a.Long.CompareTo(b.Long);

    // True == 1 in Python: the key is the number's.
    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) => NumberKeys.OfLong(value.Long);
}
