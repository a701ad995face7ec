using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ExcelDataReader;
using Socle.Tabular.Export;

namespace Socle.Tabular.Tests.Export;

public class TableWriterTests
{
    private static readonly string[] Columns =
        ["__id", "texte", "entier", "grand", "nombre", "montant", "vrai", "jour", "instant", "heure", "lat", "lon", "point"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- CSV ----

    [Fact]
    public async Task CsvReadsBackWithFormulaCellsDefused()
    {
        using var duck = new Duck();
        var bytes = await duck.ExportAsync(ExportFormat.Csv, Samples.Sql);
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no BOM");
        var rows = StrictCsv.Parse(Encoding.UTF8.GetString(bytes)); // strict: CRLF, quotes
        Assert.Equal(Columns, rows[0]);
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal(Columns.Length, r.Length));
        string Cell(int id, string column) => rows[id][Array.IndexOf(Columns, column)];

        Assert.Equal("Émilie, \"la\" grande", Cell(1, "texte"));
        Assert.Equal("'=SUM(A1)", Cell(2, "texte"));
        Assert.Equal("'+33 6 12 34 56 78", Cell(3, "texte"));
        Assert.Equal("-3.5", Cell(4, "texte")); // a number as text: left as it is
        Assert.Equal("'@x", Cell(5, "texte"));
        Assert.Equal("ligne 1\nligne 2", Cell(6, "texte"));
        Assert.Equal("'\ttab", Cell(7, "texte"));
        Assert.Equal("'-", Cell(8, "texte"));
        Assert.Equal("", Cell(9, "texte"));

        // Numbers, dates and booleans are never prefixed, even negative.
        Assert.Equal("-2", Cell(2, "entier"));
        Assert.Equal("-1E+20", Cell(4, "nombre"));
        Assert.Equal("-3.25", Cell(4, "montant"));
        Assert.Equal("9007199254740993", Cell(1, "grand"));
        Assert.Equal("NaN", Cell(2, "nombre"));
        Assert.Equal("12.50", Cell(1, "montant"));
        Assert.Equal("true", Cell(1, "vrai"));
        Assert.Equal("false", Cell(2, "vrai"));
        Assert.Equal("2024-03-05", Cell(1, "jour"));
        Assert.Equal("2024-03-05T12:34:56", Cell(1, "instant"));
        Assert.Equal("2024-03-05T12:34:56.25", Cell(2, "instant"));
        Assert.Equal("08:30:00", Cell(1, "heure"));
        Assert.Equal("23:59:59.5", Cell(2, "heure"));
        Assert.Equal("", Cell(3, "entier"));
        Assert.Equal("2.3522, 48.8566", Cell(1, "point"));
    }

    [Fact]
    public async Task CsvHeaderNamesAreDefusedAndQuotedToo()
    {
        using var duck = new Duck();
        var text = await duck.ExportTextAsync(ExportFormat.Csv, """SELECT 1 AS "=cmd", 2 AS "a,b", 3 AS "-1" """);
        Assert.Equal("'=cmd,\"a,b\",-1\r\n1,2,3\r\n", text);
    }

    [Theory]
    [InlineData("=1+1", true)]
    [InlineData("+33612345678", false)]
    [InlineData("+33 6 12", true)]
    [InlineData("-3.5", false)]
    [InlineData("-.5", false)]
    [InlineData("-1e5", false)]
    [InlineData("-1e", true)]
    [InlineData("-Infinity", true)]
    [InlineData("-", true)]
    [InlineData("@SUM(A1)", true)]
    [InlineData("\t=1", true)]
    [InlineData("\r=1", true)]
    [InlineData("a=1", false)]
    [InlineData("", false)]
    public void FormulaGuard(string text, bool guarded) => Assert.Equal(guarded, Socle.Catalog.Services.Csv.NeedsFormulaGuard(text));

    // ---- JSON, JSONL ----

    [Fact]
    public async Task JsonIsAnArrayOfTypedObjects()
    {
        using var duck = new Duck();
        var text = await duck.ExportTextAsync(ExportFormat.Json, Samples.Sql);
        Assert.DoesNotContain("\n", text.Replace("\\n", "")); // not indented
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(9, rows.Count);
        AssertRows(rows);
    }

    [Fact]
    public async Task JsonlIsOneObjectPerLine()
    {
        using var duck = new Duck();
        var text = await duck.ExportTextAsync(ExportFormat.Jsonl, Samples.Sql);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\r", text);
        var lines = text.Split('\n')[..^1];
        Assert.Equal(9, lines.Length);
        var docs = lines.Select(l => JsonDocument.Parse(l)).ToList();
        AssertRows(docs.Select(d => d.RootElement).ToList());
        docs.ForEach(d => d.Dispose());
    }

    private static void AssertRows(List<JsonElement> rows)
    {
        var first = rows[0];
        Assert.Equal(Columns, first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, first.GetProperty("__id").GetInt64());
        Assert.Equal("Émilie, \"la\" grande", first.GetProperty("texte").GetString());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("entier").ValueKind);
        Assert.Equal(9007199254740993, first.GetProperty("grand").GetInt64()); // exact, not through a double
        Assert.Equal(3.5, first.GetProperty("nombre").GetDouble());
        Assert.Equal(12.50m, first.GetProperty("montant").GetDecimal());
        Assert.Equal(JsonValueKind.True, first.GetProperty("vrai").ValueKind);
        Assert.Equal("2024-03-05", first.GetProperty("jour").GetString());
        Assert.Equal("2024-03-05T12:34:56", first.GetProperty("instant").GetString());
        Assert.Equal("08:30:00", first.GetProperty("heure").GetString());
        Assert.Equal(48.8566, first.GetProperty("lat").GetDouble());

        var second = rows[1];
        Assert.Equal("=SUM(A1)", second.GetProperty("texte").GetString()); // JSON is data, not a spreadsheet
        Assert.Equal(JsonValueKind.Null, second.GetProperty("grand").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nombre").ValueKind); // NaN
        Assert.Equal(JsonValueKind.False, second.GetProperty("vrai").ValueKind);
        Assert.Equal("2024-03-05T12:34:56.25", second.GetProperty("instant").GetString());
        Assert.Equal(-1e20, rows[3].GetProperty("nombre").GetDouble());
        Assert.Equal("ligne 1\nligne 2", rows[5].GetProperty("texte").GetString());
        Assert.All(Columns.Skip(2), c => Assert.Equal(JsonValueKind.Null, rows[4].GetProperty(c).ValueKind)); // row 5: all null
        Assert.Equal(JsonValueKind.Null, rows[8].GetProperty("texte").ValueKind);
    }

    [Fact]
    public async Task JsonOfNoRowsIsAnEmptyArray()
    {
        using var duck = new Duck();
        Assert.Equal("[]", await duck.ExportTextAsync(ExportFormat.Json, "SELECT 1 AS a WHERE false"));
        Assert.Equal("", await duck.ExportTextAsync(ExportFormat.Jsonl, "SELECT 1 AS a WHERE false"));
        Assert.Equal("a\r\n", await duck.ExportTextAsync(ExportFormat.Csv, "SELECT 1 AS a WHERE false"));
    }

    // ---- GeoJSON ----

    [Fact]
    public async Task GeoJsonFromLatitudeAndLongitudeColumns()
    {
        using var duck = new Duck();
        var features = await Features(duck, Samples.Sql, GeoColumns.LatLon("lat", "lon"));
        Assert.Equal(9, features.Count);
        Assert.Equal([2.3522, 48.8566], Point(features[0])); // [lon, lat]
        Assert.Equal([1.4442, 43.6047], Point(features[1]));
        Assert.Null(Coordinates(features[2])); // lat null
        Assert.Null(Coordinates(features[3])); // lat 95
        Assert.Null(Coordinates(features[5])); // lon null

        var first = features[0];
        Assert.Equal("Feature", first.GetProperty("type").GetString());
        Assert.Equal(1, first.GetProperty("id").GetInt64());
        var properties = first.GetProperty("properties");
        Assert.Equal(Columns, properties.EnumerateObject().Select(p => p.Name)); // every column, coordinates too
        Assert.Equal("Émilie, \"la\" grande", properties.GetProperty("texte").GetString());
        Assert.Equal(48.8566, properties.GetProperty("lat").GetDouble());
        Assert.Equal("2024-03-05", properties.GetProperty("jour").GetString());
    }

    [Fact]
    public async Task GeoJsonFromGeoPointColumn()
    {
        using var duck = new Duck();
        var features = await Features(duck, Samples.Sql, GeoColumns.GeoPoint("point"));
        Assert.Equal([2.3522, 48.8566], Point(features[0])); // "lon, lat"
        Assert.Equal([1.4442, 43.6047], Point(features[1])); // "[lon, lat]"
        Assert.Null(Coordinates(features[2])); // not a point
        Assert.Null(Coordinates(features[3])); // longitude 200
        Assert.Null(Coordinates(features[4])); // null
        Assert.Equal([4.8357, 45.764], Point(features[5])); // spaces around
    }

    [Fact]
    public async Task GeoJsonFromTextColumns()
    {
        using var duck = new Duck();
        const string sql = """
            SELECT * FROM (VALUES ('48,85', '2,35', '{"lon": 2.35, "lat": 48.85}'), ('abc', '2', '{"lat": 1}'),
                                  (' -33.9 ', '151.2', '1,2,3'), ('1e1', '2', '[2, 10]'))
            t(latitude, longitude, pt)
            """;
        var features = await Features(duck, sql, GeoColumns.LatLon("LATITUDE", "longitude"));
        Assert.Equal([2.35, 48.85], Point(features[0])); // decimal comma
        Assert.Null(Coordinates(features[1]));
        Assert.Equal([151.2, -33.9], Point(features[2]));
        Assert.Equal([2.0, 10.0], Point(features[3]));
        Assert.False(features[0].TryGetProperty("id", out _)); // no __id, no id

        features = await Features(duck, sql, GeoColumns.GeoPoint("pt"));
        Assert.Equal([2.35, 48.85], Point(features[0])); // object format
        Assert.Null(Coordinates(features[1]));
        Assert.Null(Coordinates(features[2]));
        Assert.Equal([2.0, 10.0], Point(features[3]));
    }

    [Fact]
    public async Task GeoJsonNeedsGeoColumns()
    {
        using var duck = new Duck();
        await Assert.ThrowsAsync<InvalidOperationException>(() => duck.ExportAsync(ExportFormat.GeoJson, "SELECT 1 AS a"));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            duck.ExportAsync(ExportFormat.GeoJson, "SELECT 1 AS a", GeoColumns.LatLon("lat", "lon")));
    }

    [Theory]
    [InlineData("2.35,48.85", false, 2.35, 48.85)]
    [InlineData(" 2.35 , 48.85 ", false, 2.35, 48.85)]
    [InlineData("[2.35, 48.85]", false, 2.35, 48.85)]
    [InlineData("{\"lat\": 48.85, \"lon\": \"2.35\"}", false, 2.35, 48.85)]
    [InlineData("48.85, 2.35", true, 2.35, 48.85)]
    [InlineData("{\"lat\": 48.85, \"lon\": 2.35}", true, 2.35, 48.85)] // the object names its parts
    public void GeoPointFormats(string text, bool latFirst, double lon, double lat)
    {
        Assert.True(GeoPoint.TryRead(text, latFirst, out var x, out var y));
        Assert.Equal((lon, lat), (x, y));
    }

    [Theory]
    [InlineData("2.35")]
    [InlineData("2.35;48.85")]
    [InlineData("1,2,3")]
    [InlineData("a, b")]
    [InlineData("[1]")]
    [InlineData("{\"lat\": 1}")]
    [InlineData("{oops")]
    [InlineData("NaN, 1")]
    public void GeoPointRefusals(string text) => Assert.False(GeoPoint.TryRead(text, false, out _, out _));

    private static async Task<List<JsonElement>> Features(Duck duck, string sql, GeoColumns geo)
    {
        var doc = JsonDocument.Parse(await duck.ExportAsync(ExportFormat.GeoJson, sql, geo));
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
        return doc.RootElement.GetProperty("features").EnumerateArray().ToList();
    }

    private static double[] Point(JsonElement feature) => Coordinates(feature) ?? throw new Xunit.Sdk.XunitException("geometry is null");

    private static double[]? Coordinates(JsonElement feature)
    {
        var g = feature.GetProperty("geometry");
        if (g.ValueKind == JsonValueKind.Null) return null;
        Assert.Equal("Point", g.GetProperty("type").GetString());
        return g.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray();
    }

    // ---- XLSX ----

    [Fact]
    public async Task XlsxHoldsTypedValuesAndPlainText()
    {
        using var duck = new Duck();
        var bytes = await duck.ExportAsync(ExportFormat.Xlsx, Samples.Sql);

        using (var zip = new ZipArchive(new MemoryStream(bytes)))
        {
            var sheet = Entry(zip, "xl/worksheets/sheet1.xml");
            Assert.Contains("=SUM(A1)", sheet);
            Assert.DoesNotContain("'=SUM(A1)", sheet);
            Assert.DoesNotContain("<f>", sheet); // values, never formulas
            Assert.Contains("name=\"data\"", Entry(zip, "xl/workbook.xml"));
            Assert.Contains("<b", Entry(zip, "xl/styles.xml")); // the bold header
        }

        var rows = ReadXlsx(bytes);
        Assert.Equal(10, rows.Count);
        Assert.Equal(Columns, rows[0].Cast<string>());
        object? Cell(int id, string column) => rows[id][Array.IndexOf(Columns, column)];

        Assert.Equal(1.0, Cell(1, "__id"));
        Assert.Equal("Émilie, \"la\" grande", Cell(1, "texte"));
        Assert.Equal("=SUM(A1)", Cell(2, "texte"));
        Assert.Equal("-3.5", Cell(4, "texte"));
        Assert.Equal("ligne 1\nligne 2", Cell(6, "texte"));
        Assert.Equal(-2.0, Cell(2, "entier"));
        Assert.Equal("9007199254740993", Cell(1, "grand")); // beyond Excel's 15 digits: text, not rounded
        Assert.Equal(-5.0, Cell(3, "grand"));
        Assert.Equal(3.5, Cell(1, "nombre"));
        Assert.Equal("NaN", Cell(2, "nombre"));
        Assert.Equal(0.1, Cell(3, "nombre"));
        Assert.Equal(12.5, Cell(1, "montant"));
        Assert.Equal(true, Cell(1, "vrai"));
        Assert.Equal(false, Cell(2, "vrai"));
        Assert.Equal(new DateTime(2024, 3, 5), Cell(1, "jour"));
        Assert.Equal(new DateTime(2024, 3, 5, 12, 34, 56), Cell(1, "instant"));
        Assert.Equal("1850-06-01", Cell(4, "jour")); // before Excel's first date: text
        Assert.Equal(new TimeSpan(8, 30, 0), TimeOfDay(Cell(1, "heure")));
        Assert.Null(Cell(3, "entier"));
        Assert.Null(Cell(9, "texte"));
    }

    [Fact]
    public async Task XlsxKeepsWhitespaceAndDropsWhatXmlCannotHold()
    {
        using var duck = new Duck();
        var rows = ReadXlsx(await duck.ExportAsync(ExportFormat.Xlsx,
            "SELECT ' 75001 ' AS a, 'a' || chr(1) || 'b' || chr(65535) || 'c' || chr(128512) AS b, repeat('x', 40000) AS c"));
        Assert.Equal(" 75001 ", rows[1][0]);
        Assert.Equal("abc😀", rows[1][1]);
        Assert.Equal(32_767, ((string)rows[1][2]!).Length); // Excel's most for a cell
    }

    /// <summary>The first sheet's cells as ExcelDataReader sees them (double, bool, DateTime, string or null).</summary>
    private static List<object?[]> ReadXlsx(byte[] bytes)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // ExcelDataReader asks for code page 1252
        using var excel = ExcelReaderFactory.CreateReader(new MemoryStream(bytes));
        var rows = new List<object?[]>();
        while (excel.Read())
        {
            var row = new object?[excel.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = excel.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static TimeSpan TimeOfDay(object? cell) => cell switch
    {
        DateTime d => d.TimeOfDay,
        double d => TimeSpan.FromDays(d),
        _ => throw new InvalidOperationException($"not a time: {cell}"),
    };

    private static string Entry(ZipArchive zip, string name)
    {
        using var r = new StreamReader(zip.GetEntry(name)!.Open());
        return r.ReadToEnd();
    }

    [Fact]
    public async Task XlsxStopsPastExcelsRowLimit()
    {
        using var duck = new Duck();
        using var ok = duck.Query($"SELECT i FROM range({TableWriter.XlsxMaxRows}) t(i)");
        await TableWriter.WriteAsync(ExportFormat.Xlsx, ok, null, new CountingStream(), Ct);
        using var tooMany = duck.Query($"SELECT i FROM range({TableWriter.XlsxMaxRows + 1}) t(i)");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TableWriter.WriteAsync(ExportFormat.Xlsx, tooMany, null, new CountingStream(), Ct));
    }

    // ---- streaming ----

    [Fact]
    public async Task StreamsLargeResultsInChunks()
    {
        using var duck = new Duck();
        const string sql = "SELECT i AS __id, 'ligne ' || i AS texte, i * 0.5 AS nombre, DATE '2024-01-01' + i::INTEGER % 365 AS jour FROM range(200000) t(i)";

        var csv = new CountingStream();
        using (var reader = duck.Query(sql)) await TableWriter.WriteAsync(ExportFormat.Csv, reader, null, csv, Ct);
        Assert.Equal(200_001, csv.NewLines); // header + rows
        Assert.True(csv.Bytes > 5_000_000);
        Assert.True(csv.LargestWrite < 256 * 1024, $"a write of {csv.LargestWrite} bytes");
        Assert.True(csv.Flushes >= 200_000 / 4096);

        var jsonl = new CountingStream();
        using (var reader = duck.Query(sql)) await TableWriter.WriteAsync(ExportFormat.Jsonl, reader, null, jsonl, Ct);
        Assert.Equal(200_000, jsonl.NewLines);
        Assert.True(jsonl.LargestWrite < 256 * 1024, $"a write of {jsonl.LargestWrite} bytes");
    }

    /// <summary>Every format writes asynchronously only, as an ASP.NET Core response body requires.</summary>
    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Json)]
    [InlineData(ExportFormat.Jsonl)]
    [InlineData(ExportFormat.GeoJson)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task WritesAsynchronouslyOnly(ExportFormat format)
    {
        using var duck = new Duck();
        using var reader = duck.Query(Samples.Sql);
        var output = new CountingStream();
        await TableWriter.WriteAsync(format, reader, GeoColumns.LatLon("lat", "lon"), output, Ct);
        Assert.True(output.Bytes > 0);
        Assert.True(output.Flushes > 0);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Json)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task HonoursCancellation(ExportFormat format)
    {
        using var duck = new Duck();
        using var reader = duck.Query("SELECT i FROM range(100000) t(i)");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TableWriter.WriteAsync(format, reader, null, new CountingStream(), cts.Token));
    }

    [Fact]
    public async Task ParquetIsNotWrittenHere()
    {
        using var duck = new Duck();
        await Assert.ThrowsAsync<NotSupportedException>(() => duck.ExportAsync(ExportFormat.Parquet, "SELECT 1 AS a"));
    }
}
