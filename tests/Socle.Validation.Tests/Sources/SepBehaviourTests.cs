using nietras.SeparatedValues;
using Socle.Validation.Sources;

namespace Socle.Validation.Tests.Sources;

/// <summary>
/// How Sep 0.17.1 reads the edge cases the engine meets, with the options Socle uses
/// (<see cref="CsvText.SepOptions"/>: no header, unescape, no column count check). These tests pin the behaviour:
/// if a Sep upgrade changes it, they say where.
/// </summary>
public class SepBehaviourTests
{
    private static List<string[]> Read(string text, char delimiter = ',')
    {
        using var reader = CsvText.SepOptions(delimiter).From(new StringReader(text));
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
            rows.Add(cells);
        }
        return rows;
    }

    [Fact]
    public void EmptyLineIsARecordOfOneEmptyCell()
    {
        Assert.Equal([["a", "b"], [""], ["c", "d"]], Read("a,b\n\nc,d\n"));
        Assert.Equal([["a", "b"], [""], [""]], Read("a,b\n\n\n"));
        Assert.Equal([[""]], Read("\n"));
    }

    [Fact]
    public void FinalLineBreakMakesNoExtraRecordAndEmptyTextNone()
    {
        Assert.Equal([["a", "b"]], Read("a,b\n"));
        Assert.Equal([["a", "b"]], Read("a,b"));
        Assert.Empty(Read(""));
    }

    [Fact]
    public void AllLineEndings()
    {
        Assert.Equal([["a", "b"], ["c", "d"], [""], ["e", "f"]], Read("a,b\rc,d\r\re,f"));
        Assert.Equal([["a", "b"], ["c", "d"], [""], ["e", "f"]], Read("a,b\r\nc,d\r\n\r\ne,f\r\n"));
        Assert.Equal([["a", "b"], ["c", "d"]], Read("a,b\r\nc,d\n"));
    }

    [Fact]
    public void QuotedLineBreaksAndDoubledQuotes()
    {
        Assert.Equal([["a\r\nb", "c"]], Read("\"a\r\nb\",c\r\n"));
        Assert.Equal([["a\"b", "c"]], Read("\"a\"\"b\",c\n"));
        Assert.Equal([["a", "b", "1,5"]], Read("a;b;\"1,5\"\n", ';'));
    }

    [Fact]
    public void UnterminatedQuoteTakesTheRestOfTheFileWithoutError()
    {
        // No exception, no hang: the open quote swallows the rest of the file into one cell.
        Assert.Equal([["a", "b"], ["c", "d,e\nf,g\n"]], Read("a,b\nc,\"d,e\nf,g\n"));
        Assert.Equal([["a", "b"], ["c", "d"]], Read("a,b\nc,\"d"));
    }

    [Fact]
    public void QuotesInsideAnUnquotedCellStillToggleQuoting()
    {
        // Unlike Python's csv, Sep treats a quote anywhere as opening a quoted section: the comma inside is not a delimiter.
        Assert.Equal([["a", "b\"c,x\"", "d"], ["e", "f"]], Read("a,b\"c,x\",d\ne,f\n"));
        // Unescaping removes the quotes of a cell that starts with one, and keeps what follows the closing quote.
        Assert.Equal([["ab", "c"]], Read("\"a\"b,c\n"));
        Assert.Equal([["ab\"c", "d"]], Read("\"a\"b\"c\",d\n"));
        // Spaces before a quote: the cell is not unescaped.
        Assert.Equal([[" \"a\" ", "b"]], Read(" \"a\" ,b\n"));
    }

    [Fact]
    public void BomInTheTextIsNotSkippedBySep()
    {
        // Sep reading a TextReader keeps U+FEFF: CheckedTextReader must skip the BOM (it does).
        Assert.Equal("\uFEFFa", Read("\uFEFFa,b\n")[0][0]);
    }

    [Fact]
    public void OneMegabyteCell()
    {
        var big = new string('y', 1_000_000);
        var rows = Read("x," + big + "\nz,\"" + big + "\"\nw,v\n");
        Assert.Equal(3, rows.Count);
        Assert.Equal(big, rows[0][1]);
        Assert.Equal(big, rows[1][1]);
        Assert.Equal(["w", "v"], rows[2]);
    }

    [Fact]
    public void TenThousandColumns()
    {
        var line = string.Join(",", Enumerable.Range(0, 10_000));
        var rows = Read(line + "\n" + line + "\n");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(10_000, r.Length));
        Assert.Equal("9999", rows[1][9999]);
    }

    [Fact]
    public void RaggedRowsAreKept()
    {
        Assert.Equal([["a", "b", "c"], ["1"], ["1", "2", "3", "4"], ["x", "y", ""]], Read("a,b,c\n1\n1,2,3,4\nx,y,\n"));
    }

    [Fact]
    public void NulCharacterIsAnOrdinaryCharacter()
    {
        Assert.Equal([["a\0b", "c"]], Read("a\0b,c\n"));
    }

    [Fact]
    public void RowIndexCountsRecordsFromZero()
    {
        using var reader = CsvText.SepOptions(',').From(new StringReader("h\n\n1\n\"2\n2\"\n3\n"));
        var indexes = new List<int>();
        foreach (var row in reader) indexes.Add(row.RowIndex);
        Assert.Equal([0, 1, 2, 3, 4], indexes);
    }

    [Fact]
    public void LineNumbersOfTheFirstRowAreOffWithoutHeader()
    {
        // Sep 0.17.1 quirk with HasHeader = false: row 0 says lines [2, 2) instead of [1, 2); later rows are right.
        // Use RowIndex (records), not LineNumberFrom, for row numbers.
        using var reader = CsvText.SepOptions(',').From(new StringReader("a,b\nc,d\n\"e\nf\",g\n"));
        var lines = new List<(int, int)>();
        foreach (var row in reader) lines.Add((row.LineNumberFrom, row.LineNumberToExcl));
        Assert.Equal([(2, 2), (2, 3), (3, 5)], lines);
    }

    [Fact]
    public void DisposingTheSepReaderDisposesTheTextReader()
    {
        var text = new TrackingReader("a,b\n");
        using (var reader = CsvText.SepOptions(',').From(text)) { foreach (var _ in reader) { } }
        Assert.True(text.Disposed);
    }

    private sealed class TrackingReader(string s) : StringReader(s)
    {
        public bool Disposed { get; private set; }
        protected override void Dispose(bool disposing) { Disposed = true; base.Dispose(disposing); }
    }
}
