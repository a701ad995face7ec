using Socle.Validation.Tests;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Socle.Validation.Dialect;
using Socle.Validation.Sources;

namespace Socle.Validation.Tests.Sources;

public sealed class ExcelSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A minimal .xlsx written by hand: typed cells, styles for dates and times, two sheets.</summary>
    private string Workbook(string name = "w.xlsx")
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        static string S(string r, string text) => $"<c r=\"{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>";
        static string N(string r, string v, int style = 0) => $"<c r=\"{r}\"{(style > 0 ? $" s=\"{style}\"" : "")}><v>{v}</v></c>";
        static string B(string r, bool v) => $"<c r=\"{r}\" t=\"b\"><v>{(v ? 1 : 0)}</v></c>";
        var rows = new[]
        {
            $"<row r=\"1\">{S("A1", "id")}{S("B1", "nom")}{S("C1", "montant")}{S("D1", "date")}{S("E1", "quand")}{S("F1", "heure")}{S("G1", "actif")}<c r=\"I1\" s=\"1\"/></row>",
            $"<row r=\"2\">{N("A2", "1")}{S("B2", "Lyon")}{N("C2", "1.5")}{N("D2", "45292", 1)}{N("E2", "45292.5", 2)}{N("F2", "0.4375", 3)}{B("G2", true)}</row>",
            $"<row r=\"3\">{N("A3", "2")}{S("B3", "Saint-Étienne")}{N("C3", "3")}{N("D3", "45293", 4)}<c r=\"E3\" t=\"e\"><v>#N/A</v></c>{B("G3", false)}</row>",
            "<row r=\"4\"/>",
            $"<row r=\"5\">{N("A5", "3")}</row>",
            $"<row r=\"6\">{N("A6", "4")}{S("B6", "x")}{S("H6", "extra")}</row>",
            $"<row r=\"7\">{N("A7", "1E+20")}{N("B7", "-1.5E-05")}{N("C7", "123456789012")}{N("D7", "-0")}{S("E7", " ")}{N("F7", "0.7500000001", 3)}</row>",
            "<row r=\"8\"><c r=\"A8\" s=\"1\"/></row>",
            "<row r=\"9\"/>",
        };
        var files = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""",
            ["_rels/.rels"] = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
            ["xl/workbook.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Données" sheetId="1" r:id="rId1"/><sheet name="Autre feuille" sheetId="2" r:id="rId2"/></sheets></workbook>""",
            ["xl/_rels/workbook.xml.rels"] = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""",
            ["xl/styles.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="21" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>""",
            ["xl/worksheets/sheet1.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{string.Concat(rows)}</sheetData></worksheet>""",
            ["xl/worksheets/sheet2.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData><row r="1">{S("A1", "seule")}</row></sheetData></worksheet>""",
        };
        var path = Path.Combine(_temp.Path, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, content) in files)
        {
            using var w = new StreamWriter(zip.CreateEntry(entry).Open(), new UTF8Encoding(false));
            w.Write(content);
        }
        return path;
    }

    [Fact]
    public void TypedCellsBecomeCsvText()
    {
        var rows = ExcelSource.ReadRows(Workbook()).ToList();
        string[][] expected =
        [
            ["id", "nom", "montant", "date", "quand", "heure", "actif"],
            ["1", "Lyon", "1.5", "2024-01-01", "2024-01-01T12:00:00", "10:30:00", "true"],
            ["2", "Saint-Étienne", "3", "2024-01-02", "", "", "false"],
            ["", "", "", "", "", "", ""], // an empty row between data rows: a blank row
            ["3", "", "", "", "", "", ""], // a short row is padded to the header's width
            ["4", "x", "", "", "", "", "", "extra"], // a real extra cell is kept
            ["1E+20", "-1.5E-05", "123456789012", "0", " ", "18:00:00", ""],
            // rows 8 and 9 (empty, formatting only) are dropped at the end of the sheet
        ];
        Assert.Equal(expected, rows.ToArray());
    }

    [Fact]
    public void SheetByNameOrPosition()
    {
        var path = Workbook();
        Assert.Equal(["Données", "Autre feuille"], ExcelSource.SheetNames(path));
        Assert.Equal([["seule"]], ExcelSource.ReadRows(path, "Autre feuille").ToArray());
        Assert.Equal([["seule"]], ExcelSource.ReadRows(path, " autre FEUILLE ").ToArray());
        Assert.Equal([["seule"]], ExcelSource.ReadRows(path, "2").ToArray());
        Assert.Equal("id", ExcelSource.ReadRows(path, "Données").First()[0]);
    }

    [Fact]
    public void MissingSheetIsAClearErrorBeforeAnyRow()
    {
        var path = Workbook();
        var e = Assert.Throws<SourceException>(() => ExcelSource.ReadRows(path, "Feuil3"));
        Assert.Equal("source.sheet-not-found", e.Key);
        Assert.Equal(["Feuil3", "w.xlsx", "« Données », « Autre feuille »"], e.Args);
        Assert.Equal("source.sheet-not-found", Assert.Throws<SourceException>(() => ExcelSource.ReadRows(path, "3")).Key);
        // The file is not left open: it can be deleted (Windows) or rewritten.
        File.WriteAllText(path, "x");
    }

    [Fact]
    public void UnreadableWorkbook()
    {
        var path = _temp.File("broken.xlsx", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal("source.excel-unreadable", Assert.Throws<SourceException>(() => ExcelSource.ReadRows(path)).Key);
        Assert.Equal("source.unreadable", Assert.Throws<SourceException>(() => ExcelSource.ReadRows(Path.Combine(_temp.Path, "none.xlsx"))).Key);
    }

    [Fact]
    public void IsExcel()
    {
        var xlsx = Workbook();
        Assert.True(ExcelSource.IsExcel(xlsx, File.ReadAllBytes(xlsx)));
        Assert.True(ExcelSource.IsExcel("renamed.csv", File.ReadAllBytes(xlsx))); // content wins
        ReadOnlySpan<byte> ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        Assert.True(ExcelSource.IsExcel("a.xls", ole));
        Assert.True(ExcelSource.IsExcel("a.bin", ole));
        Assert.False(ExcelSource.IsExcel("a.doc", ole));
        Assert.False(ExcelSource.IsExcel("export.xls", "a;b\n1;2\n"u8)); // a CSV named .xls
        Assert.False(ExcelSource.IsExcel("a.zip", [(byte)'P', (byte)'K', 3, 4, .. "data.csv"u8]));
        Assert.True(ExcelSource.IsExcel("a.xlsx", [(byte)'P', (byte)'K', 3, 4, .. "[Content_Types].xml"u8]));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData(12.0, "12")]
    [InlineData(-0.0, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.081183, "1.081183")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e20, "1E+20")]
    [InlineData(true, "true")]
    [InlineData("  texte ", "  texte ")]
    public void CellText(object? value, string text) => Assert.Equal(text, ExcelSource.CellText(value));

    [Fact]
    public void CellTextDatesAndTimes()
    {
        Assert.Equal("2024-03-05", ExcelSource.CellText(new DateTime(2024, 3, 5)));
        Assert.Equal("2024-03-05T08:09:10", ExcelSource.CellText(new DateTime(2024, 3, 5, 8, 9, 10)));
        Assert.Equal("2024-03-05T08:09:10", ExcelSource.CellText(new DateTime(2024, 3, 5, 8, 9, 9).AddMilliseconds(999.6)));
        Assert.Equal("10:30:00", ExcelSource.CellText(DateTime.FromOADate(0.4375)));
        Assert.Equal("26:00:00", ExcelSource.CellText(TimeSpan.FromHours(26)));
        Assert.Equal("42", ExcelSource.CellText(42m));
        Assert.Equal("1.5", ExcelSource.CellText(1.5m));
    }

    /// <summary>The Excel examples of the shared schemas, against the CSV example beside them.</summary>
    [Fact]
    public void SharedSchemaExamplesMatchTheirCsv()
    {
        var root = TestPaths.SharedOrSkip("schemas");
        var workbooks = Directory.EnumerateFiles(root, "*.xls*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(workbooks);
        var compared = 0;
        foreach (var path in workbooks)
        {
            var head = File.ReadAllBytes(path);
            Assert.True(ExcelSource.IsExcel(path, head), path);
            Assert.False(ExcelSource.IsExcel(Path.ChangeExtension(path, ".csv"), File.Exists(Path.ChangeExtension(path, ".csv")) ? File.ReadAllBytes(Path.ChangeExtension(path, ".csv")) : []));
            var rows = ExcelSource.ReadRows(path).ToList();
            Assert.NotEmpty(rows);
            var csvPath = Path.ChangeExtension(path, ".csv");
            if (!File.Exists(csvPath)) continue;
            using var csv = CsvText.Open(csvPath);
            var expected = csv.Records().ToList();
            Assert.Equal(expected[0], rows[0]); // same header
            Assert.Equal(expected.Count, rows.Count);
            for (var r = 1; r < rows.Count; r++)
            {
                Assert.Equal(expected[r].Length, rows[r].Length);
                for (var c = 0; c < rows[r].Length; c++)
                    Assert.True(SameValue(expected[r][c], rows[r][c]),
                        $"{Path.GetFileName(path)} row {r + 1} column {expected[0][c]}: CSV '{expected[r][c]}', Excel '{rows[r][c]}'");
            }
            compared++;
        }
        Assert.True(compared > 0);
    }

    /// <summary>Equal text, or equal numbers: Excel keeps numbers, so a phone number "0476544254" typed in a cell is 476544254.</summary>
    private static bool SameValue(string csv, string excel) =>
        csv == excel
        || (decimal.TryParse(csv, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(excel, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b);
}
