using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using Socle.Validation.Schema;

namespace Socle.Validation.Types;

internal static class StringReaders
{
    public static TypeReader Create(Field field) => field.Format switch
    {
        "email" => new StringReader(field, EmailFormat.IsValid),
        "uri" => new StringReader(field, UriFormat.IsValid),
        "uuid" => new StringReader(field, UuidFormat.IsValid),
        "binary" => new StringReader(field, Base64Format.IsValid),
        "wkt" => new StringReader(field, WktFormat.IsValid),
        // default, and formats frictionless does not check: every text is valid. (v5 refuses a schema whose string
        // format is not one of default/email/uri/binary/uuid/wkt; Socle accepts it as the brief asks.)
        _ => new StringReader(field, null),
    };
}

/// <summary>Type <c>string</c>: any text, checked by its format's validator when it has one.</summary>
internal sealed class StringReader(Field field, StringReader.Validator? validator) : TypeReader(field, acceptsAnything: validator is null)
{
    public delegate bool Validator(ReadOnlySpan<char> s);

    private readonly Validator? _validator = validator;

    public override ValueKind Kind => ValueKind.Text;
    public override bool KeyIsText => true;

    // Compiled fully optimised at once (see IntegerReader.TryRead).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        if (_validator is not null && !_validator(cell)) { value = default; return false; }
        value = new CellValue { Kind = ValueKind.Text, Length = Py.CodePoints(cell) };
        return true;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        if (value is string s && (_validator is null || _validator(s)))
        {
            result = new CellValue { Kind = ValueKind.Text, Object = s, Length = Py.CodePoints(s) };
            return true;
        }
        result = default;
        return false;
    }

    public override int Compare(in CellValue a, in CellValue b) =>
        string.CompareOrdinal(a.Object as string, b.Object as string);

    public override bool ValueEquals(in CellValue a, in CellValue b) =>
        string.Equals(a.Object as string, b.Object as string, StringComparison.Ordinal);

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) => cell.ToString();
}

/// <summary>
/// python-validators' <c>email()</c>: one '@', local part ≤ 64 and domain ≤ 253 characters, the local part a
/// dot-atom or a quoted string, the domain (IDNA-encoded) a dotted name whose last label ends with a letter, no
/// white space and no "__" anywhere.
/// </summary>
internal static class EmailFormat
{
    private const string AtomChars = "-!#$%&'*+/=?^_`{}|~";
    private const string LettersDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly SearchValues<char> UserChars = SearchValues.Create(LettersDigits + AtomChars + ".");
    private static readonly SearchValues<char> DomainChars = SearchValues.Create(LettersDigits + "-.");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsValid(ReadOnlySpan<char> value) => IsPlainValid(value) || IsValidGeneral(value);

    /// <summary>
    /// Fast path: the common form, checked with vectorised scans. A dot-atom of ASCII atom characters (at most 64),
    /// '@', then at least two dot-separated labels of ASCII letters, digits and inner hyphens (1 to 63 each, 253 in
    /// all), the last of 2+ characters ending with a letter. Every such text passes the general check; false means
    /// "not this form" (the general check decides).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsPlainValid(ReadOnlySpan<char> s)
    {
        var at = s.IndexOfAnyExcept(UserChars);
        if (at is <= 0 or > 64 || s[at] != '@') return false;
        var user = s[..at];
        if (user[0] == '.' || user[^1] == '.' || user.Contains("..", StringComparison.Ordinal)) return false;
        var domain = s[(at + 1)..];
        if (domain.Length is < 4 or > 253 || domain.ContainsAnyExcept(DomainChars)) return false;
        var labels = 0;
        while (true)
        {
            var dot = domain.IndexOf('.');
            var label = dot < 0 ? domain : domain[..dot];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            labels++;
            if (dot < 0) break;
            domain = domain[(dot + 1)..];
        }
        // domain is now the last label.
        return labels >= 2 && domain.Length >= 2 && char.IsAsciiLetter(domain[^1]);
    }

    /// <summary>The general check.</summary>
    internal static bool IsValidGeneral(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return false;
        var at = value.IndexOf('@');
        if (at < 0 || value[(at + 1)..].Contains('@')) return false;
        var user = value[..at];
        var domain = value[(at + 1)..];
        if (Py.CodePoints(user) > 64 || Py.CodePoints(domain) > 253) return false;
        if (!UserOk(user)) return false;
        return DomainOk(domain);
    }

    private static bool UserOk(ReadOnlySpan<char> u)
    {
        // Python's $ also matches before a final newline.
        var body = u.Length > 0 && u[^1] == '\n' ? u[..^1] : u;
        if (DotAtom(body)) return true;
        return Quoted(body);
    }

    private static bool AtomChar(char c) => c < 128 && (char.IsAsciiLetterOrDigit(c) || AtomChars.Contains(c));

    private static bool DotAtom(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        var run = 0;
        foreach (var c in s)
        {
            if (c == '.')
            {
                if (run == 0) return false;
                run = 0;
                continue;
            }
            if (!AtomChar(c)) return false;
            run++;
        }
        return run > 0;
    }

    private static bool Quoted(ReadOnlySpan<char> s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return false;
        var inner = s[1..^1];
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\')
            {
                if (i + 1 >= inner.Length) return false;
                var e = inner[++i];
                if (!(e is >= '\x01' and <= '\x09' || e is '\x0b' or '\x0c' || e is >= '\x0e' and <= '\x7f')) return false;
                continue;
            }
            if (!(c is >= '\x01' and <= '\x08' || c is '\x0b' or '\x0c' || c is >= '\x0e' and <= '\x1f'
                  || c == '!' || c is >= '#' and <= '[' || c is >= ']' and <= '\x7f')) return false;
        }
        return true;
    }

    private static bool DomainOk(ReadOnlySpan<char> d)
    {
        var isAscii = true;
        for (var i = 0; i < d.Length; i++)
        {
            var c = d[i];
            if (Py.IsSpace(c)) return false;
            if (c == '_' && i + 1 < d.Length && d[i + 1] == '_') return false;
            if (c >= 128) isAscii = false;
        }
        if (!isAscii)
        {
            string ascii;
            try { ascii = new IdnMapping { AllowUnassigned = true, UseStd3AsciiRules = false }.GetAscii(d.ToString()); }
            catch (ArgumentException) { return false; }
            return DomainRegex(ascii);
        }
        // Python's idna codec refuses empty or over-long labels (a final dot aside).
        var body = d.Length > 1 && d[^1] == '.' ? d[..^1] : d;
        foreach (var range in body.Split('.'))
            if (body[range].Length is 0 or > 63) return false;
        return DomainRegex(d);
    }

    /// <summary><c>^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-_]{0,61}[a-z]$</c>, ignoring case.</summary>
    private static bool DomainRegex(ReadOnlySpan<char> s)
    {
        var t = s.Length > 0 && s[^1] == '\n' ? s[..^1] : s;
        var lastDot = t.LastIndexOf('.');
        if (lastDot <= 0) return false;
        foreach (var range in t[..lastDot].Split('.'))
        {
            var p = t[..lastDot][range];
            if (p.Length is 0 or > 63) return false;
            if (!char.IsAsciiLetterOrDigit(p[0]) || !char.IsAsciiLetterOrDigit(p[^1])) return false;
            foreach (var c in p)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        var tld = t[(lastDot + 1)..];
        if (tld.Length is < 2 or > 63) return false;
        if (!char.IsAsciiLetterOrDigit(tld[0]) || !char.IsAsciiLetter(tld[^1])) return false;
        for (var i = 1; i < tld.Length - 1; i++)
            if (!(char.IsAsciiLetterOrDigit(tld[i]) || tld[i] is '-' or '_')) return false;
        return true;
    }
}

/// <summary>rfc3986's <c>uri_reference</c> + a validator requiring a scheme: the text starts with <c>[a-zA-Z][a-zA-Z0-9+.-]*:</c>.</summary>
internal static class UriFormat
{
    public static bool IsValid(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0])) return false;
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':') return true;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-')) return false;
        }
        return false;
    }
}

/// <summary>
/// python-validators' <c>uuid()</c>, i.e. Python's <c>uuid.UUID(s)</c>: "urn:" and "uuid:" removed, braces stripped,
/// hyphens removed, 32 characters left that <c>int(x, 16)</c> reads as a value in [0, 2^128).
/// </summary>
internal static class UuidFormat
{
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return false;
        // Fast path: the canonical 8-4-4-4-12 form.
        if (value.Length == 36 && value[8] == '-' && value[13] == '-' && value[18] == '-' && value[23] == '-')
        {
            var ok = true;
            for (var i = 0; i < 36 && ok; i++)
                if (i is not (8 or 13 or 18 or 23)) ok = char.IsAsciiHexDigit(value[i]);
            if (ok) return true;
        }
        var hex = value.ToString().Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        if (Py.CodePoints(hex) != 32) return false;
        return HexInt(hex);
    }

    /// <summary>Python's int(s, 16) accepts it and the value is not negative (or is zero).</summary>
    private static bool HexInt(string s)
    {
        var a = 0;
        var b = s.Length;
        while (a < b && Py.IsIntSpace(s[a])) a++;
        while (b > a && Py.IsIntSpace(s[b - 1])) b--;
        if (a == b) return false;
        var neg = false;
        if (s[a] is '+' or '-') { neg = s[a] == '-'; a++; }
        if (b - a >= 2 && s[a] == '0' && s[a + 1] is 'x' or 'X')
        {
            a += 2;
            if (a < b && s[a] == '_') a++;
        }
        if (a == b) return false;
        var last = false;
        var nonZero = false;
        for (var i = a; i < b; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                if (!last || i + 1 >= b) return false;
                last = false;
                continue;
            }
            var d = Py.Digit(c);
            if (d < 0)
            {
                if (c is >= 'a' and <= 'f') d = c - 'a' + 10;
                else if (c is >= 'A' and <= 'F') d = c - 'A' + 10;
                else return false;
            }
            if (d != 0) nonZero = true;
            last = true;
        }
        return !neg || !nonZero;
    }
}

/// <summary>
/// Python's <c>base64.b64decode(s, validate=True)</c> (the strict check that the frictionless-py test cases assert:
/// "!!!!" is not binary), as CPython 3.11 applies it: only A-Z, a-z, 0-9, '+', '/' and final '=' padding completing
/// the last quantum; nothing after a completed padding; no data after a '='; no '=' first.
/// </summary>
internal static class Base64Format
{
    public static bool IsValid(ReadOnlySpan<char> s)
    {
        var quad = 0;
        var pads = 0;
        var padding = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '=')
            {
                if (i == 0) return false; // leading padding (after a full quantum, extra '=' are accepted)
                padding = true;
                if (quad >= 2 && quad + ++pads >= 4) return i + 1 == s.Length; // nothing may follow
                continue;
            }
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/')) return false;
            if (padding) return false; // discontinuous padding
            quad = (quad + 1) % 4;
        }
        return quad == 0;
    }
}

/// <summary>
/// Well-known text geometries (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON,
/// GEOMETRYCOLLECTION, with Z/M/ZM and EMPTY, any case). Approximation of frictionless' WKT grammar.
/// </summary>
internal static class WktFormat
{
    public static bool IsValid(ReadOnlySpan<char> s)
    {
        var i = 0;
        return Geometry(s, ref i) && SkipWs(s, ref i) == s.Length;
    }

    private static int SkipWs(ReadOnlySpan<char> s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        return i;
    }

    private static bool Word(ReadOnlySpan<char> s, ref int i, string w)
    {
        SkipWs(s, ref i);
        if (s.Length - i >= w.Length && s.Slice(i, w.Length).Equals(w, StringComparison.OrdinalIgnoreCase)
            && (i + w.Length == s.Length || !char.IsAsciiLetter(s[i + w.Length])))
        {
            i += w.Length;
            return true;
        }
        return false;
    }

    private static bool Geometry(ReadOnlySpan<char> s, ref int i)
    {
        string[] types = ["GEOMETRYCOLLECTION", "MULTIPOLYGON", "MULTILINESTRING", "MULTIPOINT", "POLYGON", "LINESTRING", "POINT"];
        foreach (var t in types)
        {
            var j = i;
            if (!Word(s, ref j, t)) continue;
            var dims = 2;
            if (Word(s, ref j, "ZM")) dims = 4;
            else if (Word(s, ref j, "Z") || Word(s, ref j, "M")) dims = 3;
            if (Word(s, ref j, "EMPTY")) { i = j; return true; }
            var ok = t switch
            {
                "POINT" => List(s, ref j, 1, dims),
                "LINESTRING" or "MULTIPOINT" => List(s, ref j, 2, dims) || (t == "MULTIPOINT" && List(s, ref j, 3, dims)),
                "POLYGON" or "MULTILINESTRING" => List(s, ref j, 3, dims),
                "MULTIPOLYGON" => List(s, ref j, 4, dims),
                _ => Collection(s, ref j),
            };
            if (ok) i = j;
            return ok;
        }
        return false;
    }

    private static bool Collection(ReadOnlySpan<char> s, ref int i)
    {
        SkipWs(s, ref i);
        if (i >= s.Length || s[i] != '(') return false;
        i++;
        do
        {
            if (!Geometry(s, ref i)) return false;
            SkipWs(s, ref i);
        } while (i < s.Length && s[i] == ',' && ++i > 0);
        if (i >= s.Length || s[i] != ')') return false;
        i++;
        return true;
    }

    /// <summary>depth 1: "(x y)"; depth 2: "(x y, x y)"; depth 3: "((x y, ...), ...)"; depth 4: one more level.</summary>
    private static bool List(ReadOnlySpan<char> s, ref int i, int depth, int dims)
    {
        var j = i;
        SkipWs(s, ref j);
        if (j >= s.Length || s[j] != '(') return false;
        j++;
        do
        {
            var ok = depth <= 2 ? Coordinates(s, ref j, dims) : List(s, ref j, depth - 1, dims);
            if (!ok) return false;
            SkipWs(s, ref j);
        } while (depth >= 2 && j < s.Length && s[j] == ',' && ++j > 0);
        if (j >= s.Length || s[j] != ')') return false;
        i = j + 1;
        return true;
    }

    private static bool Coordinates(ReadOnlySpan<char> s, ref int i, int dims)
    {
        for (var k = 0; k < dims; k++)
        {
            SkipWs(s, ref i);
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or '-' or '+' or 'e' or 'E')) i++;
            if (!double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return false;
        }
        return true;
    }
}
