using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SpreadCheetah;
using SpreadCheetah.Styling;

namespace Socle.Tabular.Export;

/// <summary>
/// Streams a query's rows (a DuckDB reader) as CSV, JSON, JSONL, GeoJSON or XLSX. Rows are encoded into a small
/// buffer handed to the output by asynchronous writes only (ASP.NET Core forbids synchronous ones) whenever it
/// fills, and the output is flushed every <see cref="FlushRows"/> rows: memory stays flat whatever the size.
/// </summary>
internal static class TableWriter
{
    /// <summary>Data rows an XLSX sheet holds: Excel's 1,048,576 rows less the header.</summary>
    public const int XlsxMaxRows = 1_048_575;

    private const int ChunkBytes = 64 * 1024;
    private const int FlushRows = 4096;
    // Excel's limit for one cell's text; more makes the file unreadable to it.
    private const int XlsxMaxText = 32_767;
    // Integers Excel holds exactly (15 significant digits); larger ones go as text rather than rounded.
    private const long XlsxMaxExact = 999_999_999_999_999;

    // Readable accents (as the API's JSON); no validation cost: the writers below only write well-formed JSON.
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true,
    };

    public static async Task WriteAsync(ExportFormat format, DbDataReader reader, GeoColumns? geo, Stream output,
        CancellationToken ct)
    {
        switch (format)
        {
            case ExportFormat.Csv: await WriteCsvAsync(reader, output, ct); break;
            case ExportFormat.Json: await WriteJsonAsync(reader, output, lines: false, ct); break;
            case ExportFormat.Jsonl: await WriteJsonAsync(reader, output, lines: true, ct); break;
            case ExportFormat.GeoJson:
                await WriteGeoJsonAsync(reader, geo ?? throw new InvalidOperationException("GeoJSON needs the table's geo columns."), output, ct);
                break;
            case ExportFormat.Xlsx: await WriteXlsxAsync(reader, output, ct); break;
            case ExportFormat.Parquet: throw new NotSupportedException("Parquet is written by DuckDB's COPY.");
            default: throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    // ---- CSV ----

    private static readonly SearchValues<char> CsvQuoted = SearchValues.Create(",\"\r\n");

    private static async Task WriteCsvAsync(DbDataReader reader, Stream output, CancellationToken ct)
    {
        var sink = new Sink(output, ct);
        var n = reader.FieldCount;
        for (var i = 0; i < n; i++)
        {
            if (i > 0) sink.Buffer.Write(","u8);
            CsvString(sink.Buffer, reader.GetName(i));
        }
        sink.Buffer.Write("\r\n"u8);
        while (reader.Read())
        {
            for (var i = 0; i < n; i++)
            {
                if (i > 0) sink.Buffer.Write(","u8);
                CsvValue(sink.Buffer, CellValues.Read(reader, i));
            }
            sink.Buffer.Write("\r\n"u8);
            await sink.EndRowAsync(null);
        }
        await sink.FinishAsync(null);
    }

    private static void CsvValue(ArrayBufferWriter<byte> b, object value)
    {
        switch (value)
        {
            case DBNull: return;
            case string s: CsvString(b, s); return;
        }
        Span<char> buf = stackalloc char[CellValues.MaxScalarChars];
        if (CellValues.TryFormat(value, buf, out var n)) Utf8(b, buf[..n]); // never holds a comma, quote or newline
        else CsvText(b, CellValues.Text(value), guard: false);
    }

    private static void CsvString(ArrayBufferWriter<byte> b, string s) => CsvText(b, s, guard: Socle.Catalog.Services.Csv.NeedsFormulaGuard(s));

    private static void CsvText(ArrayBufferWriter<byte> b, ReadOnlySpan<char> s, bool guard)
    {
        var quote = s.ContainsAny(CsvQuoted);
        if (!quote && !guard) { Utf8(b, s); return; }
        if (quote) b.Write("\""u8);
        if (guard) b.Write("'"u8);
        if (quote)
        {
            int k;
            while ((k = s.IndexOf('"')) >= 0)
            {
                Utf8(b, s[..(k + 1)]);
                b.Write("\""u8);
                s = s[(k + 1)..];
            }
        }
        Utf8(b, s);
        if (quote) b.Write("\""u8);
    }

    private static void Utf8(ArrayBufferWriter<byte> b, ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return;
        // Lone surrogates become U+FFFD (Encoding.UTF8's replacement), as everywhere else in .NET.
        var n = Encoding.UTF8.GetBytes(s, b.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length)));
        b.Advance(n);
    }

    // ---- JSON, JSONL ----

    private static async Task WriteJsonAsync(DbDataReader reader, Stream output, bool lines, CancellationToken ct)
    {
        var sink = new Sink(output, ct);
        var names = JsonNames(reader);
        await using var w = new Utf8JsonWriter(sink.Buffer, JsonOptions);
        if (!lines) w.WriteStartArray();
        while (reader.Read())
        {
            WriteRow(w, reader, names);
            if (lines)
            {
                // JSONL: the writer's validation would refuse a second top-level value, hence its reset per line.
                w.Flush();
                sink.Buffer.Write("\n"u8);
                w.Reset(sink.Buffer);
            }
            await sink.EndRowAsync(w);
        }
        if (!lines) w.WriteEndArray();
        await sink.FinishAsync(w);
    }

    private static JsonEncodedText[] JsonNames(DbDataReader reader)
    {
        var names = new JsonEncodedText[reader.FieldCount];
        for (var i = 0; i < names.Length; i++) names[i] = JsonEncodedText.Encode(reader.GetName(i), JsonOptions.Encoder);
        return names;
    }

    private static void WriteRow(Utf8JsonWriter w, DbDataReader reader, JsonEncodedText[] names)
    {
        w.WriteStartObject();
        for (var i = 0; i < names.Length; i++)
        {
            w.WritePropertyName(names[i]);
            CellValues.WriteJson(w, CellValues.Read(reader, i));
        }
        w.WriteEndObject();
    }

    // ---- GeoJSON ----

    /// <summary>
    /// A FeatureCollection of Points, [lon, lat] (RFC 7946). The properties are the row's columns, all of them,
    /// coordinate columns included (a map popup shows the row as the table does, and nothing is lost when a
    /// coordinate does not read); when the row has an <c>__id</c> it is also the feature's <c>id</c>. A row whose
    /// coordinates are missing, unreadable or out of range has <c>"geometry": null</c>, as RFC 7946 allows.
    /// </summary>
    private static async Task WriteGeoJsonAsync(DbDataReader reader, GeoColumns geo, Stream output, CancellationToken ct)
    {
        int lat = -1, lon = -1, point = -1;
        if (geo.Latitude is not null && geo.Longitude is not null)
        {
            lat = Ordinal(reader, geo.Latitude);
            lon = Ordinal(reader, geo.Longitude);
        }
        else if (geo.Point is not null) point = Ordinal(reader, geo.Point);
        else throw new InvalidOperationException("GeoColumns names neither latitude and longitude nor a point column.");
        var id = FindOrdinal(reader, "__id");

        var sink = new Sink(output, ct);
        var names = JsonNames(reader);
        var row = new object[names.Length];
        await using var w = new Utf8JsonWriter(sink.Buffer, JsonOptions);
        w.WriteStartObject();
        w.WriteString("type"u8, "FeatureCollection"u8);
        w.WriteStartArray("features"u8);
        while (reader.Read())
        {
            for (var i = 0; i < row.Length; i++) row[i] = CellValues.Read(reader, i);
            w.WriteStartObject();
            w.WriteString("type"u8, "Feature"u8);
            if (id >= 0 && row[id] is not DBNull)
            {
                w.WritePropertyName("id"u8);
                CellValues.WriteJson(w, row[id]);
            }
            w.WritePropertyName("geometry"u8);
            // A Table Schema geopoint is "lon, lat"; OpenDataSoft's geo_point_2d (GeoColumns.PointLatFirst) is "lat, lon".
            var found = point >= 0
                ? GeoPoint.TryRead(row[point], latFirst: geo.PointLatFirst, out var x, out var y)
                : GeoPoint.TryNumber(row[lon], out x) & GeoPoint.TryNumber(row[lat], out y);
            if (found && GeoPoint.InRange(x, y))
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "Point"u8);
                w.WriteStartArray("coordinates"u8);
                w.WriteNumberValue(x);
                w.WriteNumberValue(y);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else w.WriteNullValue();
            w.WriteStartObject("properties"u8);
            for (var i = 0; i < row.Length; i++)
            {
                w.WritePropertyName(names[i]);
                CellValues.WriteJson(w, row[i]);
            }
            w.WriteEndObject();
            w.WriteEndObject();
            await sink.EndRowAsync(w);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await sink.FinishAsync(w);
    }

    private static int Ordinal(DbDataReader reader, string name) => FindOrdinal(reader, name) is var i and >= 0
        ? i : throw new InvalidOperationException($"The result has no column {name}.");

    private static int FindOrdinal(DbDataReader reader, string name)
    {
        var loose = -1;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var n = reader.GetName(i);
            if (n == name) return i;
            if (loose < 0 && string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) loose = i;
        }
        return loose;
    }

    // ---- XLSX ----

    private static async Task WriteXlsxAsync(DbDataReader reader, Stream output, CancellationToken ct)
    {
        // SpreadCheetah's zip writes some parts synchronously (entry trailers, the central directory): it writes into
        // the sink's buffer, which goes to the output asynchronously between rows and at the end.
        var sink = new Sink(output, ct);
        var options = new SpreadCheetahOptions
        {
            CompressionLevel = SpreadCheetahCompressionLevel.Fastest,
            PreserveStringWhitespace = true, // " 75001" keeps its space
        };
        await using (var book = await Spreadsheet.CreateNewAsync(new BufferStream(sink.Buffer), options, ct))
        {
            await book.StartWorksheetAsync("data", token: ct);
            var bold = book.AddStyle(new Style { Font = { Bold = true } });
            var styles = new XlsxStyles(
                book.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd") }),
                book.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd hh:mm:ss") }),
                book.AddStyle(new Style { Format = NumberFormat.Custom("hh:mm:ss") }));

            var n = reader.FieldCount;
            var header = new string[n];
            for (var i = 0; i < n; i++) header[i] = reader.GetName(i);
            await book.AddHeaderRowAsync(header, bold, ct);

            var cells = new Cell[n];
            var rows = 0L;
            while (reader.Read())
            {
                if (++rows > XlsxMaxRows)
                    throw new InvalidOperationException($"An XLSX sheet holds at most {XlsxMaxRows} rows.");
                for (var i = 0; i < n; i++) cells[i] = XlsxCell(CellValues.Read(reader, i), styles);
                await book.AddRowAsync(cells, ct);
                await sink.EndRowAsync(null);
            }
            await book.FinishAsync(ct);
        }
        await sink.FinishAsync(null);
    }

    private sealed record XlsxStyles(StyleId Date, StyleId DateTime, StyleId Time);

    // Excel's 1900 date system starts on 1900-01-01 (and misreads the two months after); older dates go as text.
    private static readonly DateTime XlsxFirstDate = new(1900, 3, 1);

    /// <summary>
    /// Numbers and booleans as such, dates and times as Excel serial numbers with a date format, text as text
    /// (a cell of an XLSX is a value, never a formula, so no guard against formula injection is needed here).
    /// </summary>
    private static Cell XlsxCell(object value, XlsxStyles styles)
    {
        switch (Type.GetTypeCode(value.GetType()))
        {
            case TypeCode.DBNull: return default;
            case TypeCode.String: return XlsxText((string)value);
            case TypeCode.Int64: return XlsxInteger((long)value);
            case TypeCode.Int32: return new Cell((int)value);
            case TypeCode.Double:
                var d = (double)value;
                return double.IsFinite(d) ? new Cell(d) : XlsxText(CellValues.Text(d));
            case TypeCode.Boolean: return new Cell((bool)value);
            case TypeCode.Decimal:
                var m = (decimal)value;
                return Math.Abs(m) <= XlsxMaxExact ? new Cell(m) : XlsxText(CellValues.Text(m));
            case TypeCode.DateTime:
                var t = (DateTime)value;
                return t >= XlsxFirstDate ? new Cell(t, styles.DateTime) : XlsxText(CellValues.Text(t));
            case TypeCode.Int16: return new Cell((short)value);
            case TypeCode.SByte: return new Cell((sbyte)value);
            case TypeCode.Byte: return new Cell((byte)value);
            case TypeCode.UInt16: return new Cell((ushort)value);
            case TypeCode.UInt32: return new Cell((long)(uint)value);
            case TypeCode.UInt64:
                var u = (ulong)value;
                return u <= XlsxMaxExact ? new Cell((long)u) : XlsxText(CellValues.Text(u));
            case TypeCode.Single:
                var f = (float)value;
                // Through its shortest text, so 0.1f stays 0.1 rather than 0.100000001490116.
                return float.IsFinite(f) ? new Cell(double.Parse(CellValues.Text(f), CultureInfo.InvariantCulture)) : XlsxText(CellValues.Text(f));
        }
        switch (value)
        {
            case DateOnly date:
                var dt = date.ToDateTime(TimeOnly.MinValue);
                return dt >= XlsxFirstDate ? new Cell(dt, styles.Date) : XlsxText(CellValues.Text(date));
            case TimeOnly time: return new Cell(time.ToTimeSpan().TotalDays, styles.Time);
            case BigInteger b:
                return BigInteger.Abs(b) <= XlsxMaxExact ? new Cell((long)b) : XlsxText(CellValues.Text(b));
        }
        return XlsxText(CellValues.Text(value));
    }

    private static Cell XlsxInteger(long v) =>
        v is >= -XlsxMaxExact and <= XlsxMaxExact ? new Cell(v) : XlsxText(CellValues.Text(v));

    private static Cell XlsxText(string s)
    {
        if (s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 || s.AsSpan().IndexOfAny('\uFFFE', '\uFFFF') >= 0)
            s = XmlChars(s);
        return new Cell(s.Length <= XlsxMaxText ? s : s[..XlsxMaxText]);
    }

    /// <summary>
    /// Drops what XML 1.0 cannot hold and SpreadCheetah lets through (U+FFFE, U+FFFF, lone surrogates), as it drops
    /// C0 controls itself: else the sheet is not well-formed and Excel refuses the file.
    /// </summary>
    private static string XmlChars(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) sb.Append(c).Append(s[++i]);
            else if (!char.IsSurrogate(c) && c is not '\uFFFE' and not '\uFFFF') sb.Append(c);
        }
        return sb.ToString();
    }

    // ---- output ----

    /// <summary>Holds encoded rows until a chunk is full, then hands it to the output asynchronously.</summary>
    private sealed class Sink(Stream output, CancellationToken ct)
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(ChunkBytes + 16 * 1024);
        private long _rows;

        public ValueTask EndRowAsync(Utf8JsonWriter? json)
        {
            ct.ThrowIfCancellationRequested();
            var flush = ++_rows % FlushRows == 0;
            if (!flush && Buffer.WrittenCount + (json?.BytesPending ?? 0) < ChunkBytes) return ValueTask.CompletedTask;
            return DrainAsync(json, flush);
        }

        public async Task FinishAsync(Utf8JsonWriter? json) => await DrainAsync(json, flush: true);

        private async ValueTask DrainAsync(Utf8JsonWriter? json, bool flush)
        {
            json?.Flush(); // into Buffer: memory only
            if (Buffer.WrittenCount > 0)
            {
                await output.WriteAsync(Buffer.WrittenMemory, ct);
                Buffer.ResetWrittenCount();
            }
            if (flush) await output.FlushAsync(ct);
        }
    }

    /// <summary>A write-only stream into a sink's buffer, for writers that also write synchronously.</summary>
    private sealed class BufferStream(ArrayBufferWriter<byte> buffer) : Stream
    {
        private long _position;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            buffer.Write(bytes);
            _position += bytes.Length;
        }

        public override void Write(byte[] bytes, int offset, int count) => Write(bytes.AsSpan(offset, count));
        public override void WriteByte(byte value) => Write([value]);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
        {
            Write(bytes.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] bytes, int offset, int count, CancellationToken ct)
        {
            Write(bytes.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
        public override int Read(byte[] bytes, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>Reads coordinates: numbers from lat/lon columns, or a Table Schema geopoint.</summary>
internal static class GeoPoint
{
    public static bool InRange(double lon, double lat) => lon is >= -180 and <= 180 && lat is >= -90 and <= 90;

    /// <summary>A coordinate from a numeric column, or from text (a column kept as text; "48,85" read as 48.85).</summary>
    public static bool TryNumber(object value, out double d)
    {
        d = value switch
        {
            double x => x,
            float x => x,
            decimal x => (double)x,
            long x => x,
            int x => x,
            short x => x,
            sbyte x => x,
            byte x => x,
            BigInteger x => (double)x,
            string s => Parse(s),
            _ => double.NaN,
        };
        return double.IsFinite(d);
    }

    /// <summary>
    /// A Table Schema geopoint, in any of its three formats: default "lon, lat" (one comma, spaces allowed),
    /// array "[lon, lat]", object {"lon": .., "lat": ..}. Longitude comes first in the specification (and in
    /// Socle.Validation); <paramref name="latFirst"/> reads the two numbers the other way round, as in
    /// OpenDataSoft's geo_point_2d text ("48.85, 2.35").
    /// </summary>
    public static bool TryRead(object value, bool latFirst, out double lon, out double lat)
    {
        lon = lat = double.NaN;
        if (value is not string text) return false;
        var s = text.AsSpan().Trim();
        if (s.StartsWith('{')) return TryObject(text, out lon, out lat);
        if (s.StartsWith('[') && s.EndsWith(']')) s = s[1..^1];
        var comma = s.IndexOf(',');
        if (comma < 0 || s[(comma + 1)..].Contains(',')) return false;
        var first = ParsePlain(s[..comma]);
        var second = ParsePlain(s[(comma + 1)..]);
        (lon, lat) = latFirst ? (second, first) : (first, second);
        return double.IsFinite(lon) && double.IsFinite(lat);
    }

    private static bool TryObject(string text, out double lon, out double lat)
    {
        lon = lat = double.NaN;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
            var root = doc.RootElement;
            return root.TryGetProperty("lon", out var x) && root.TryGetProperty("lat", out var y)
                && TryJsonNumber(x, out lon) && TryJsonNumber(y, out lat);
        }
        catch (JsonException) { return false; }
    }

    private static bool TryJsonNumber(JsonElement e, out double d)
    {
        d = e.ValueKind switch
        {
            JsonValueKind.Number => e.GetDouble(),
            JsonValueKind.String => ParsePlain(e.GetString()),
            _ => double.NaN,
        };
        return double.IsFinite(d);
    }

    private static double Parse(ReadOnlySpan<char> s)
    {
        s = s.Trim();
        if (s.Contains(',') && !s.Contains('.') && s.Length <= 64)
        {
            Span<char> copy = stackalloc char[s.Length];
            s.CopyTo(copy);
            copy.Replace(',', '.');
            return ParsePlain(copy);
        }
        return ParsePlain(s);
    }

    private static double ParsePlain(ReadOnlySpan<char> s) =>
        double.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
}
