using Socle.Validation.Tests;
using System.Text;
using Socle.Validation.Dialect;
using Socle.Validation.Sources;

namespace Socle.Validation.Tests.Sources;

public sealed class CsvTextTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string French = "commune;libellé;montant\r\nÉvry;\"Gare à péage; nord\";12,5\r\nAix;Œuvre « sociale » €;3\r\n";

    private static readonly string[][] FrenchRecords =
        [["commune", "libellé", "montant"], ["Évry", "Gare à péage; nord", "12,5"], ["Aix", "Œuvre « sociale » €", "3"]];

    [Fact]
    public void Utf8WithBomSemicolon()
    {
        var path = _temp.File("a.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(French)]);
        using var csv = CsvText.Open(path);
        Assert.Equal(("utf-8", 3), (csv.Encoding.Name, csv.Encoding.BomLength));
        Assert.Equal(new CsvDialect(';', '"', true, "\r\n"), csv.Dialect);
        Assert.True(csv.UsesSep);
        Assert.Equal(FrenchRecords, csv.Records().ToArray());
        Assert.Equal(new FileInfo(path).Length, csv.Length);
        Assert.Equal(csv.Length, csv.BytesRead);
    }

    [Fact]
    public void Windows1252()
    {
        var path = _temp.File("b.csv", EncodingDetector.Windows1252.GetBytes(French));
        using var csv = CsvText.Open(path);
        Assert.Equal("windows-1252", csv.Encoding.Name);
        Assert.Equal(FrenchRecords, csv.Records().ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf16(bool bom)
    {
        byte[] bytes = bom ? [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(French)] : Encoding.Unicode.GetBytes(French);
        using var csv = CsvText.Open(new MemoryStream(bytes));
        Assert.Equal("utf-16le", csv.Encoding.Name);
        Assert.Equal(';', csv.Dialect.Delimiter);
        Assert.Equal(FrenchRecords, csv.Records().ToArray());
    }

    [Fact]
    public void SingleQuoteFileUsesTheFallbackReader()
    {
        var path = _temp.File("q.csv", "'id','nom'\n'1','l''école, rue'\n'2','Saint-Étienne'\n", Encoding.UTF8);
        using var csv = CsvText.Open(path);
        Assert.Equal('\'', csv.Dialect.Quote);
        Assert.False(csv.UsesSep);
        Assert.Throws<InvalidOperationException>(() => csv.CreateSepReader());
        Assert.Equal([["id", "nom"], ["1", "l'école, rue"], ["2", "Saint-Étienne"]], csv.Records().ToArray());
    }

    [Fact]
    public void OptionsWin()
    {
        var path = _temp.File("o.csv", "a;b,c\n1;2,3\n", Encoding.UTF8);
        using var csv = CsvText.Open(path, new CsvTextOptions { Delimiter = ',', Header = false, Encoding = "latin-1" });
        Assert.Equal((',', false, "iso-8859-1"), (csv.Dialect.Delimiter, csv.Dialect.Header, csv.Encoding.Name));
        Assert.Equal([["a;b", "c"], ["1;2", "3"]], csv.Records().ToArray());
    }

    [Fact]
    public void SepReaderFromCsvText()
    {
        var rows = string.Concat(Enumerable.Range(1, 50_000).Select(i => $"{i};Nîmes;{i},5\n"));
        var bytes = Encoding.UTF8.GetBytes("id;ville;valeur\n" + rows);
        using var csv = CsvText.Open(new MemoryStream(bytes));
        using var sep = csv.CreateSepReader();
        var count = 0;
        foreach (var row in sep)
        {
            if (count > 0) Assert.Equal("Nîmes", row[1].ToString());
            count++;
        }
        Assert.Equal(50_001, count);
        Assert.Equal(bytes.Length, csv.Length);
        Assert.Equal(bytes.Length, csv.BytesRead);
    }

    private string MixedFile()
    {
        var good = string.Concat(Enumerable.Range(1, 5000).Select(i => $"{i};Nîmes;{i},5\n"));
        byte[] bytes = [.. Encoding.UTF8.GetBytes("id;ville;valeur\n" + good), .. EncodingDetector.Windows1252.GetBytes("5001;Béziers;1\n5002;x;2\n")];
        return _temp.File("mixed.csv", bytes);
    }

    [Fact]
    public void MixedEncodingThroughSepThrows()
    {
        using var csv = CsvText.Open(MixedFile());
        Assert.Equal("utf-8", csv.Encoding.Name);
        using var sep = csv.CreateSepReader();
        var rows = 0;
        var error = Assert.Throws<EncodingErrorException>(() => { foreach (var _ in sep) rows++; });
        // Sep reads ahead: the exception comes when it refills its buffer, so only some of the rows before the bad
        // line were yielded.
        Assert.InRange(rows, 1, 5001);
        Assert.Equal((5002L, "E9"), (error.Where.Line, error.Where.Hex));
    }

    [Fact]
    public void MixedEncodingThroughSepStopsAfterTheRowsBeforeTheError()
    {
        using var csv = CsvText.Open(MixedFile(), new CsvTextOptions { OnInvalidBytes = InvalidBytesMode.Stop });
        using var sep = csv.CreateSepReader();
        var rows = 0;
        var last = "";
        foreach (var row in sep) { rows++; last = row[0].ToString(); }
        Assert.Equal(5001, rows); // header + 5000 rows: every complete line before the bad one
        Assert.Equal("5000", last);
        Assert.Equal((5002L, "E9"), (csv.Text.FirstInvalid!.Line, csv.Text.FirstInvalid.Hex));
    }

    [Fact]
    public void SourceErrors()
    {
        Assert.Equal("source.empty", Assert.Throws<SourceException>(() => CsvText.Open(_temp.File("e.csv", []))).Key);
        var png = Assert.Throws<SourceException>(() => CsvText.Open(_temp.File("p.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])));
        Assert.Equal(("source.binary-kind", "PNG"), (png.Key, png.Args[0]));
        var unknown = Assert.Throws<SourceException>(() => CsvText.Open(_temp.File("u.csv", "a\n", Encoding.UTF8), new CsvTextOptions { Encoding = "klingon" }));
        Assert.Equal("source.encoding-unknown", unknown.Key);
        Assert.Equal("source.unreadable", Assert.Throws<SourceException>(() => CsvText.Open(Path.Combine(_temp.Path, "missing.csv"))).Key);
    }

    [Fact]
    public void MessagesExistInBothLanguages()
    {
        string[] keys =
        [
            "source.empty", "source.binary", "source.binary-kind", "source.encoding-unknown", "source.encoding-invalid",
            "source.encoding-invalid-offset", "source.encoding-mixed", "source.excel-unreadable", "source.excel-no-sheet",
            "source.sheet-not-found", "source.unreadable", "source.excel-encrypted",
        ];
        foreach (var lang in new[] { "fr", "en" })
        {
            var path = Path.Combine(TestPaths.RepoRoot, "src/Socle.Validation/Resources/messages", $"sources.{lang}.json");
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            var inFile = doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.Equal(keys.Order(), inFile.Order());
        }
    }

    [Fact]
    public void MessagesAreRendered()
    {
        if (!Socle.Validation.Reporting.Messages.Has("source.empty"))
            Assert.Skip("sources.*.json is not embedded in Socle.Validation.dll: the SDK puts *.fr.json / *.en.json in satellite "
                + "assemblies unless the csproj says <EmbeddedResource Include=\"Resources\\**\\*.json\" WithCulture=\"false\" />.");
        var e = new SourceException("source.sheet-not-found", "Feuil2", "a.xlsx", "« Données »");
        Assert.Equal("La feuille « Feuil2 » n'existe pas dans le classeur « a.xlsx ». Feuilles disponibles : « Données ».", e.Localized("fr"));
        Assert.StartsWith("The sheet \"Feuil2\" does not exist", e.Message);
        var where = new InvalidBytes(1234, 56, [0xE9], "utf-8", false);
        Assert.Equal("Le fichier, lu en utf-8, contient des octets invalides pour cet encodage à l'octet 1234 (ligne 56) : E9. "
            + "Le fichier mélange peut-être plusieurs encodages ; enregistrez-le en UTF-8.", new EncodingErrorException(where).Localized("fr"));
        Assert.Contains("UTF-8 encoded character (C3A9)", new EncodingErrorException(where with { Bytes = [0xC3, 0xA9], Mixed = true, EncodingName = "windows-1252" }).Message);
        Assert.Contains("PNG", new SourceException("source.binary-kind", "PNG").Localized("fr"));
    }
}
