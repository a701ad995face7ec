using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using DuckDB.NET.Native;

namespace Socle.Tabular.Export;

/// <summary>
/// The one place that turns a value read from DuckDB.NET into JSON or text. What DuckDB.NET 1.5.6 returns from
/// <c>GetValue</c>: BOOLEAN bool; TINYINT sbyte, SMALLINT short, INTEGER int, BIGINT long, UTINYINT byte,
/// USMALLINT ushort, UINTEGER uint, UBIGINT ulong, HUGEINT and UHUGEINT BigInteger; FLOAT float, DOUBLE double,
/// DECIMAL decimal; VARCHAR string; DATE DateOnly; TIMESTAMP (and _S, _MS, _NS) DateTime (Kind Unspecified);
/// TIMESTAMPTZ DateTime in UTC (Kind Unspecified too); TIME TimeOnly; TIMETZ DateTimeOffset on 0001-01-02;
/// INTERVAL TimeSpan; UUID Guid; BLOB a Stream; LIST a List&lt;T&gt;; STRUCT and MAP a Dictionary; NULL DBNull.
/// Infinite dates and timestamps, and those outside .NET's range, throw from <c>GetValue</c>, as does a list of
/// numbers holding a NULL: <see cref="Read"/> reads them as DuckDB.NET's own <see cref="DuckDBDateOnly"/> /
/// <see cref="DuckDBTimestamp"/>, and as List&lt;int?&gt;.
/// </summary>
/// <remarks>
/// Text forms: dates "yyyy-MM-dd", timestamps "yyyy-MM-ddTHH:mm:ss" with fractional seconds only when non-zero, times
/// "HH:mm:ss" (same rule), numbers in the invariant culture (doubles shortest round-trip), booleans true/false.
/// In JSON, NaN and infinities are null (JSON has no such numbers); in text they are Table Schema's NaN, INF, -INF.
/// </remarks>
internal static class CellValues
{
    /// <summary>Room that <see cref="TryFormat"/> needs for any value it formats.</summary>
    internal const int MaxScalarChars = 128;

    private const string DateFormat = "yyyy-MM-dd";
    // F digits vanish, with their dot, when the fraction is zero.
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF";
    private const string TimeFormat = "HH:mm:ss.FFFFFFF";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The value of column <paramref name="i"/> (DBNull for null), also when it is an infinite or out-of-range date.</summary>
    public static object Read(DbDataReader reader, int i)
    {
        try { return reader.GetValue(i); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            // DuckDB.NET refuses to turn ±infinity or years outside 1..9999 into .NET dates; its own structs hold them.
            return reader.GetProviderSpecificValue(i);
        }
        catch (InvalidCastException) when (WithNullableItems(reader.GetFieldType(i)) is { } type)
        {
            // A LIST of numbers holding a NULL: DuckDB.NET builds List<int> and fails; List<int?> reads it.
            return GetFieldValue.MakeGenericMethod(type).Invoke(reader, [i])!;
        }
    }

    private static readonly System.Reflection.MethodInfo GetFieldValue =
        typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;

    /// <summary>List&lt;int&gt; → List&lt;int?&gt;, List&lt;List&lt;int&gt;&gt; → List&lt;List&lt;int?&gt;&gt;; null when nothing changes.</summary>
    private static Type? WithNullableItems(Type type)
    {
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(List<>)) return null;
        var item = type.GetGenericArguments()[0];
        var nullable = item.IsValueType && Nullable.GetUnderlyingType(item) is null
            ? typeof(Nullable<>).MakeGenericType(item)
            : WithNullableItems(item);
        return nullable is null ? null : typeof(List<>).MakeGenericType(nullable);
    }

    public static void WriteJson(Utf8JsonWriter w, object? value)
    {
        if (value is null) { w.WriteNullValue(); return; }
        switch (Type.GetTypeCode(value.GetType()))
        {
            case TypeCode.DBNull: w.WriteNullValue(); return;
            case TypeCode.String: w.WriteStringValue((string)value); return;
            case TypeCode.Int64: w.WriteNumberValue((long)value); return;
            case TypeCode.Int32: w.WriteNumberValue((int)value); return;
            case TypeCode.Double: WriteDouble(w, (double)value); return;
            case TypeCode.Boolean: w.WriteBooleanValue((bool)value); return;
            case TypeCode.Decimal: w.WriteNumberValue((decimal)value); return;
            case TypeCode.Int16: w.WriteNumberValue((short)value); return;
            case TypeCode.SByte: w.WriteNumberValue((sbyte)value); return;
            case TypeCode.Byte: w.WriteNumberValue((byte)value); return;
            case TypeCode.UInt16: w.WriteNumberValue((ushort)value); return;
            case TypeCode.UInt32: w.WriteNumberValue((uint)value); return;
            case TypeCode.UInt64: w.WriteNumberValue((ulong)value); return;
            case TypeCode.Single:
                var f = (float)value;
                if (float.IsFinite(f)) w.WriteNumberValue(f); else w.WriteNullValue();
                return;
        }
        switch (value)
        {
            case BigInteger b:
            {
                Span<char> digits = stackalloc char[MaxScalarChars];
                if (b.TryFormat(digits, out var n, default, Inv)) w.WriteRawValue(digits[..n], skipInputValidation: true);
                else w.WriteRawValue(b.ToString(Inv), skipInputValidation: true);
                return;
            }
            case Guid g: w.WriteStringValue(g); return;
            case Stream s: w.WriteBase64StringValue(Bytes(s)); return;
            case IDictionary d:
                w.WriteStartObject();
                foreach (DictionaryEntry e in d)
                {
                    w.WritePropertyName(Convert.ToString(e.Key, Inv) ?? "");
                    WriteJson(w, e.Value);
                }
                w.WriteEndObject();
                return;
            case IList l:
                w.WriteStartArray();
                foreach (var item in l) WriteJson(w, item);
                w.WriteEndArray();
                return;
        }
        Span<char> buf = stackalloc char[MaxScalarChars];
        if (TryFormat(value, buf, out var written)) w.WriteStringValue(buf[..written]);
        else w.WriteStringValue(value.ToString());
    }

    /// <summary>The invariant text of a value, as a CSV cell holds it: "" for null.</summary>
    public static string Text(object? value)
    {
        switch (value)
        {
            case null or DBNull: return "";
            case string s: return s;
            case Stream s: return Convert.ToBase64String(Bytes(s));
            case IList or IDictionary: return AsJson(value);
        }
        Span<char> buf = stackalloc char[MaxScalarChars];
        return TryFormat(value, buf, out var n) ? new string(buf[..n]) : value.ToString() ?? "";
    }

    /// <summary>
    /// Formats a number, boolean, date, time or uuid invariantly into <paramref name="dest"/> (give it
    /// <see cref="MaxScalarChars"/>); false for any other value (strings, nulls, lists, blobs).
    /// </summary>
    internal static bool TryFormat(object value, Span<char> dest, out int written)
    {
        switch (Type.GetTypeCode(value.GetType()))
        {
            case TypeCode.Int64: return ((long)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.Int32: return ((int)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.Double: return FormatDouble((double)value, dest, out written);
            case TypeCode.Boolean: return Copy((bool)value ? "true" : "false", dest, out written);
            case TypeCode.Decimal: return ((decimal)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.DateTime: return ((DateTime)value).TryFormat(dest, out written, DateTimeFormat, Inv);
            case TypeCode.Int16: return ((short)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.SByte: return ((sbyte)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.Byte: return ((byte)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.UInt16: return ((ushort)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.UInt32: return ((uint)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.UInt64: return ((ulong)value).TryFormat(dest, out written, default, Inv);
            case TypeCode.Single:
                var f = (float)value;
                return float.IsFinite(f) ? f.TryFormat(dest, out written, "R", Inv) : FormatDouble(f, dest, out written);
            case TypeCode.Object: break;
            default: written = 0; return false;
        }
        switch (value)
        {
            case DateOnly d: return d.TryFormat(dest, out written, DateFormat, Inv);
            case TimeOnly t: return t.TryFormat(dest, out written, TimeFormat, Inv);
            case BigInteger b: return b.TryFormat(dest, out written, default, Inv);
            case TimeSpan ts:
                // An INTERVAL: a time of day when it is one, else .NET's constant form "[-]d.hh:mm:ss[.fffffff]".
                return ts >= TimeSpan.Zero && ts < TimeSpan.FromDays(1)
                    ? TimeOnly.FromTimeSpan(ts).TryFormat(dest, out written, TimeFormat, Inv)
                    : ts.TryFormat(dest, out written, "c", Inv);
            case DateTimeOffset o:
                // TIMETZ comes as a DateTimeOffset on day 0001-01-02: only its time and offset mean something.
                return o.Year == 1
                    ? o.TryFormat(dest, out written, TimeFormat + "zzz", Inv)
                    : o.TryFormat(dest, out written, DateTimeFormat + "zzz", Inv);
            case Guid g: return g.TryFormat(dest, out written);
            case DuckDBDateOnly d: return FormatDuckDate(d, dest, out written);
            case DuckDBTimestamp ts: return FormatDuckTimestamp(ts, dest, out written);
            case DuckDBTimeOnly t: return ((TimeOnly)t).TryFormat(dest, out written, TimeFormat, Inv);
        }
        written = 0;
        return false;
    }

    private static void WriteDouble(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d)) w.WriteNumberValue(d); else w.WriteNullValue();
    }

    private static bool FormatDouble(double d, Span<char> dest, out int written)
    {
        if (double.IsFinite(d)) return d.TryFormat(dest, out written, "R", Inv);
        return Copy(double.IsNaN(d) ? "NaN" : d > 0 ? "INF" : "-INF", dest, out written);
    }

    // DuckDB's infinities keep DuckDB's own words; other dates use ISO 8601's signed, expanded years.
    private static bool FormatDuckDate(DuckDBDateOnly d, Span<char> dest, out int written)
    {
        if (d.IsPositiveInfinity) return Copy("infinity", dest, out written);
        if (d.IsNegativeInfinity) return Copy("-infinity", dest, out written);
        return dest.TryWrite(Inv, $"{(d.Year < 0 ? "-" : "")}{Math.Abs(d.Year):0000}-{d.Month:00}-{d.Day:00}", out written);
    }

    private static bool FormatDuckTimestamp(DuckDBTimestamp ts, Span<char> dest, out int written)
    {
        if (ts.IsPositiveInfinity) return Copy("infinity", dest, out written);
        if (ts.IsNegativeInfinity) return Copy("-infinity", dest, out written);
        if (!FormatDuckDate(ts.Date, dest, out var n)) { written = 0; return false; }
        dest[n++] = 'T';
        if (!((TimeOnly)ts.Time).TryFormat(dest[n..], out var m, TimeFormat, Inv)) { written = 0; return false; }
        written = n + m;
        return true;
    }

    private static bool Copy(string s, Span<char> dest, out int written)
    {
        written = s.TryCopyTo(dest) ? s.Length : 0;
        return written == s.Length;
    }

    private static byte[] Bytes(Stream s)
    {
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    private static string AsJson(object value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteJson(w, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
