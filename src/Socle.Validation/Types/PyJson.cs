using System.Globalization;
using System.Numerics;
using System.Text;

namespace Socle.Validation.Types;

/// <summary>
/// A JSON reader with the semantics of Python's <c>json.loads</c> (what frictionless uses for object, array,
/// geojson and geopoint cells): NaN/Infinity/-Infinity literals, integers of any size, duplicate keys (the last
/// wins, at the first one's place), only space/tab/CR/LF as white space, no control characters inside strings.
/// Values: <see cref="Null"/>, bool, long, BigInteger, double, string, <c>List&lt;object?&gt;</c>,
/// <c>OrderedDictionary&lt;string, object?&gt;</c>.
/// </summary>
internal static class PyJson
{
    public sealed class NullValue
    {
        public override string ToString() => "None";
    }

    public static readonly NullValue Null = new();

    private const int MaxDepth = 900; // Python's recursion limit makes deeper documents fail.

    public static bool TryParse(ReadOnlySpan<char> s, out object? value)
    {
        value = null;
        var i = 0;
        SkipWs(s, ref i);
        if (!TryValue(s, ref i, 0, out value)) return false;
        SkipWs(s, ref i);
        return i == s.Length;
    }

    /// <summary>Cheap pre-check: a JSON object/array text must start with '{' or '['.</summary>
    public static char FirstNonWs(ReadOnlySpan<char> s)
    {
        var i = 0;
        SkipWs(s, ref i);
        return i < s.Length ? s[i] : '\0';
    }

    private static void SkipWs(ReadOnlySpan<char> s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r') i++;
    }

    private static bool TryValue(ReadOnlySpan<char> s, ref int i, int depth, out object? value)
    {
        value = null;
        if (i >= s.Length || depth > MaxDepth) return false;
        var c = s[i];
        switch (c)
        {
            case '"':
                i++;
                if (!TryString(s, ref i, out var str)) return false;
                value = str;
                return true;
            case '{':
            {
                i++;
                var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                SkipWs(s, ref i);
                if (i < s.Length && s[i] == '}') { i++; value = dict; return true; }
                while (true)
                {
                    SkipWs(s, ref i);
                    if (i >= s.Length || s[i] != '"') return false;
                    i++;
                    if (!TryString(s, ref i, out var key)) return false;
                    SkipWs(s, ref i);
                    if (i >= s.Length || s[i] != ':') return false;
                    i++;
                    SkipWs(s, ref i);
                    if (!TryValue(s, ref i, depth + 1, out var item)) return false;
                    dict[key] = item;
                    SkipWs(s, ref i);
                    if (i >= s.Length) return false;
                    if (s[i] == ',') { i++; continue; }
                    if (s[i] == '}') { i++; value = dict; return true; }
                    return false;
                }
            }
            case '[':
            {
                i++;
                var list = new List<object?>();
                SkipWs(s, ref i);
                if (i < s.Length && s[i] == ']') { i++; value = list; return true; }
                while (true)
                {
                    SkipWs(s, ref i);
                    if (!TryValue(s, ref i, depth + 1, out var item)) return false;
                    list.Add(item);
                    SkipWs(s, ref i);
                    if (i >= s.Length) return false;
                    if (s[i] == ',') { i++; continue; }
                    if (s[i] == ']') { i++; value = list; return true; }
                    return false;
                }
            }
            case 'n':
                if (!s[i..].StartsWith("null")) return false;
                i += 4; value = Null; return true;
            case 't':
                if (!s[i..].StartsWith("true")) return false;
                i += 4; value = true; return true;
            case 'f':
                if (!s[i..].StartsWith("false")) return false;
                i += 5; value = false; return true;
            case 'N':
                if (!s[i..].StartsWith("NaN")) return false;
                i += 3; value = double.NaN; return true;
            case 'I':
                if (!s[i..].StartsWith("Infinity")) return false;
                i += 8; value = double.PositiveInfinity; return true;
            case '-' when s[(i + 1)..].StartsWith("Infinity"):
                i += 9; value = double.NegativeInfinity; return true;
            default:
                return TryNumber(s, ref i, out value);
        }
    }

    private static bool TryNumber(ReadOnlySpan<char> s, ref int i, out object? value)
    {
        value = null;
        var start = i;
        if (i < s.Length && s[i] == '-') i++;
        if (i >= s.Length || !Py.IsAsciiDigit(s[i])) return false;
        if (s[i] == '0') i++;
        else while (i < s.Length && Py.IsAsciiDigit(s[i])) i++;
        var isFloat = false;
        if (i + 1 < s.Length && s[i] == '.' && Py.IsAsciiDigit(s[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < s.Length && Py.IsAsciiDigit(s[i])) i++;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-') j++;
            if (j < s.Length && Py.IsAsciiDigit(s[j]))
            {
                isFloat = true;
                i = j;
                while (i < s.Length && Py.IsAsciiDigit(s[i])) i++;
            }
        }
        var text = s[start..i];
        if (isFloat)
        {
            value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return true;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) value = l;
        else value = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool TryString(ReadOnlySpan<char> s, ref int i, out string value)
    {
        value = "";
        var start = i;
        // Fast path: no escapes.
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '"') { value = s[start..i].ToString(); i++; return true; }
            if (c == '\\') break;
            if (c < ' ') return false;
            i++;
        }
        var sb = new StringBuilder();
        sb.Append(s[start..i]);
        while (i < s.Length)
        {
            var c = s[i++];
            if (c == '"') { value = sb.ToString(); return true; }
            if (c < ' ') return false;
            if (c != '\\') { sb.Append(c); continue; }
            if (i >= s.Length) return false;
            var e = s[i++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (i + 4 > s.Length || !ushort.TryParse(s.Slice(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        return false;
                    i += 4;
                    sb.Append((char)code);
                    break;
                default: return false;
            }
        }
        return false;
    }

    /// <summary>True for Python numbers as JSON Schema "number" sees them (int or float, not bool).</summary>
    public static bool IsNumber(object? v) => v is long or BigInteger or double;

    /// <summary>JSON Schema draft-04 "integer" (Python jsonschema): int, not bool, not float.</summary>
    public static bool IsInteger(object? v) => v is long or BigInteger;

    /// <summary>Python's number value of bool/int/float, as an exact decimal key; null when not a number.</summary>
    public static string? NumberKey(object? v) => v switch
    {
        bool b => NumberKeys.OfLong(b ? 1 : 0),
        long l => NumberKeys.OfLong(l),
        BigInteger bi => NumberKeys.OfBig(bi),
        double d => NumberKeys.OfDouble(d),
        _ => null,
    };

    /// <summary>
    /// A canonical text such that two values give the same text exactly when Python's == holds for them
    /// (numbers by value, bool as 0/1, dicts regardless of key order). NaN never equals anything.
    /// </summary>
    public static void AppendKey(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null or NullValue: sb.Append('z'); break;
            case string s:
                sb.Append('s').Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                break;
            case List<object?> list:
                sb.Append('[');
                foreach (var item in list) { AppendKey(sb, item); sb.Append(','); }
                sb.Append(']');
                break;
            case OrderedDictionary<string, object?> dict:
                sb.Append('{');
                foreach (var kv in dict.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    AppendKey(sb, kv.Key);
                    sb.Append(':');
                    AppendKey(sb, kv.Value);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            default:
                sb.Append(NumberKey(v) ?? NumberKeys.Unique());
                break;
        }
    }

    public static string Key(object? v)
    {
        var sb = new StringBuilder();
        AppendKey(sb, v);
        return sb.ToString();
    }

    /// <summary>Parses the raw text of a schema value (enum item, bound) as Python would have loaded it.</summary>
    public static object? FromElement(System.Text.Json.JsonElement e) =>
        TryParse(e.GetRawText(), out var v) ? v : Null;

    public static int Count(object? v) => v switch
    {
        List<object?> l => l.Count,
        OrderedDictionary<string, object?> d => d.Count,
        string s => Py.CodePoints(s),
        _ => -1,
    };
}
