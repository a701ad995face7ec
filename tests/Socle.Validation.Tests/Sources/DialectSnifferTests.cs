using Socle.Validation.Dialect;

namespace Socle.Validation.Tests.Sources;

public class DialectSnifferTests
{
    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,5,6\n", ',')]
    [InlineData("a;b;c\n1;2;3\n4;5;6\n", ';')]
    [InlineData("a\tb\tc\n1\t2\t3\n4\t5\t6\n", '\t')]
    [InlineData("a|b|c\n1|2|3\n4|5|6\n", '|')]
    public void EachDelimiter(string sample, char delimiter)
    {
        var d = DialectSniffer.Sniff(sample);
        Assert.Equal(new CsvDialect(delimiter, '"', true, "\n"), d);
    }

    [Theory]
    [InlineData("a;b;\"1,5\"\nx;y;\"2,25\"\n")] // the brief's example: quoted decimal commas
    [InlineData("nom;valeur;taux\nA;1,5;0,2\nB;2,25;0,35\nC;3;1,5\n")] // unquoted decimal commas, not on every line
    [InlineData("1,5;2,5\n3,5;4,5\n6,5;7,5\n")] // no header, decimal commas everywhere: a tie goes to ';'
    [InlineData("commune;adresse\nLyon;\"3, rue de la République\"\nParis;\"12, avenue Foch, bât. B\"\n")]
    [InlineData("id;texte\n1;Bonjour, le monde\n2;Au revoir\n3;Oui, non, peut-être\n")] // unquoted commas in text
    public void FrenchSemicolonFiles(string sample) => Assert.Equal(';', DialectSniffer.Sniff(sample).Delimiter);

    [Theory]
    [InlineData("a,b\n1,\"x;y\"\n2,\"z\"\n")]
    [InlineData("id,tags\n1,a;b\n2,c\n3,d;e;f\n")]
    [InlineData("lat,lon\n45.1,5.7\n45.2,5.8\n")]
    public void CommaFilesWithSemicolonsInData(string sample) => Assert.Equal(',', DialectSniffer.Sniff(sample).Delimiter);

    [Fact]
    public void QuotedLineBreaksDoNotConfuseTheCounts()
    {
        var sample = "id;commentaire;note\n1;\"ligne un\nligne deux, suite\";5\n2;\"a;b\";6\n3;simple;7\n";
        Assert.Equal(';', DialectSniffer.Sniff(sample).Delimiter);
    }

    [Fact]
    public void RobustToAFewBadLines()
    {
        var lines = Enumerable.Range(1, 50).Select(i => $"{i};nom {i};{i},5").ToList();
        lines.Insert(10, "11;nom;en;trop;1,5"); // a broken line
        var d = DialectSniffer.Sniff("id;nom;valeur\n" + string.Join("\n", lines) + "\n");
        Assert.Equal(';', d.Delimiter);
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n", "\r\n")]
    [InlineData("a,b\n1,2\n", "\n")]
    [InlineData("a,b\r1,2\r", "\r")]
    [InlineData("a,b", "\r\n")]
    public void LineEndings(string sample, string terminator) => Assert.Equal(terminator, DialectSniffer.Sniff(sample).LineTerminator);

    [Fact]
    public void SingleQuote()
    {
        var d = DialectSniffer.Sniff("'id','nom'\n'1','l''école, rue'\n'2','Saint-Étienne'\n");
        Assert.Equal((',', '\''), (d.Delimiter, d.Quote));
    }

    [Fact]
    public void ApostrophesInFrenchTextAreNotQuotes()
    {
        var d = DialectSniffer.Sniff("nom;lieu\nl'école;aujourd'hui\nd'Artagnan;l'Hôtel de l'Europe\n\"x\";y\n");
        Assert.Equal((';', '"'), (d.Delimiter, d.Quote));
    }

    [Theory]
    [InlineData("id,nom,montant\n1,Lyon,12.5\n2,Paris,3\n", true)]
    [InlineData("date,valeur\n2024-01-01,1\n2024-01-02,2\n", true)]
    [InlineData("1,Lyon,12.5\n2,Paris,3\n3,Nice,4\n", false)] // first row typed like the rest
    [InlineData("2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n", false)]
    [InlineData("identifiant,libelle\nAB12,Foo\nCD34,Bar\n", true)] // constant-length codes under a header of another length
    [InlineData("AB12,Foo\nCD34,Bar\nEF56,Baz\n", false)]
    [InlineData("nom,ville\nJean,Lyon\nMarie-Claude,Saint-Étienne\n", true)] // undecidable: header by default
    public void Header(string sample, bool header) => Assert.Equal(header, DialectSniffer.Sniff(sample).Header);

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("une seule colonne\nvaleur\nautre\n")]
    public void DefaultsWhenThereIsNothingToDecide(string sample)
    {
        var d = DialectSniffer.Sniff(sample);
        Assert.Equal((',', '"', true), (d.Delimiter, d.Quote, d.Header));
    }

    [Fact]
    public void SingleRecordPrefersMoreFields()
    {
        Assert.Equal(';', DialectSniffer.Sniff("id;nom;adresse, ville\n").Delimiter);
        Assert.Equal(',', DialectSniffer.Sniff("a,b,c;d\n").Delimiter);
    }

    [Fact]
    public void TruncatedSampleIgnoresItsLastPartialLine()
    {
        // The sample ends in the middle of a line that has a quoted semicolon-free comma list.
        var sample = "a;b;c\n1;2;3\n4;5;6\n7;\"x,y,z,w,v,u";
        Assert.Equal(';', DialectSniffer.Sniff(sample, truncated: true).Delimiter);
    }

    [Fact]
    public void KnownDelimiterIsKept()
    {
        var d = DialectSniffer.Sniff("a,b;c\n1,2;3\n", delimiter: ';');
        Assert.Equal(';', d.Delimiter);
        Assert.Equal(';', DialectSniffer.Sniff("abc\n", delimiter: ';').Delimiter);
    }

    [Fact]
    public void BomIsIgnored() => Assert.Equal(';', DialectSniffer.Sniff("\uFEFFa;b\n1;2\n").Delimiter);

    [Fact]
    public void SchemaExamplesInSharedCorpus()
    {
        var root = TestPaths.SharedOrSkip("schemas");
        var checkedFiles = 0;
        foreach (var csv in Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(csv);
            if (bytes.Length == 0) continue;
            var encoding = EncodingDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, EncodingDetector.SampleSize)), bytes.Length <= EncodingDetector.SampleSize);
            var text = EncodingDetector.DecodeSample(bytes, encoding);
            var firstLine = text.Split('\n')[0];
            var d = DialectSniffer.Sniff(text, truncated: bytes.Length > EncodingDetector.SampleSize);
            // The header line is made of names: the sniffed delimiter must split it into several, unless there is one column.
            var expected = new[] { ';', ',', '\t', '|' }.MaxBy(c => firstLine.Count(x => x == c));
            if (firstLine.Count(x => x == expected) == 0) continue;
            Assert.True(expected == d.Delimiter, $"{csv}: sniffed '{d.Delimiter}', header line suggests '{expected}'");
            checkedFiles++;
        }
        Assert.True(checkedFiles > 0);
    }

    [Fact]
    public void ConformanceCorpusIsComma()
    {
        var root = TestPaths.SharedOrSkip("conformance", "frictionless", "data");
        var sniffed = 0;
        foreach (var csv in Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(csv);
            if (!text.Contains(',')) continue; // empty or one column
            var d = DialectSniffer.Sniff(text);
            Assert.True((d.Delimiter, d.Quote) == (',', '"'), $"{Path.GetFileName(csv)}: '{d.Delimiter}' '{d.Quote}'");
            sniffed++;
        }
        Assert.True(sniffed > 10);
    }
}
