using Socle.Validation.Sources;

namespace Socle.Validation.Tests.Sources;

public class SimpleDelimitedReaderTests
{
    private static List<string[]> Read(string text, char delimiter = ',', char quote = '\'') =>
        SimpleDelimitedReader.Read(text, delimiter, quote).ToList();

    [Fact]
    public void SingleQuotes()
    {
        Assert.Equal([["id", "nom"], ["1", "l'école, rue"], ["2", "a\nb"]], Read("'id','nom'\n'1','l''école, rue'\n'2','a\nb'\n"));
    }

    [Fact]
    public void ApostropheInsideACellIsText()
    {
        Assert.Equal([["l'école", "aujourd'hui"], ["it's", "x"]], Read("l'école,aujourd'hui\nit's,x\n"));
    }

    [Fact]
    public void LineEndingsAndEmptyLines()
    {
        Assert.Equal([["a", "b"], [""], ["c"], ["d"], [""], ["e"]], Read("a,b\r\n\r\nc\rd\n\ne"));
        Assert.Equal([["a"]], Read("a\r\n"));
        Assert.Equal([[""]], Read("\n"));
        Assert.Empty(Read(""));
    }

    [Fact]
    public void EmptyAndTrailingCells()
    {
        Assert.Equal([["", "", ""], ["a", "", "b", ""]], Read(",,\na,,b,\n"));
        Assert.Equal([[""]], Read("''\n"));
    }

    [Fact]
    public void TextAfterTheClosingQuoteIsKept() => Assert.Equal([["ab", "c"]], Read("'a'b,c\n"));

    [Fact]
    public void UnterminatedQuoteTakesTheRest() => Assert.Equal([["a"], ["b,c\nd"]], Read("a\n'b,c\nd"));

    [Fact]
    public void DoubleQuoteAndSemicolon()
    {
        Assert.Equal([["a", "1,5", "x\"y"]], Read("a;\"1,5\";\"x\"\"y\"\n", ';', '"'));
    }

    [Fact]
    public void BuffersAreCrossedCorrectly()
    {
        // Cells longer than the 64 KiB buffer, a \r\n and a doubled quote on the buffer's edge.
        var big = new string('x', (1 << 16) - 2);
        var text = "'" + big + "''y'\r\n'" + new string('z', 200_000) + "',w\r\n";
        var rows = Read(text);
        Assert.Equal(2, rows.Count);
        Assert.Equal(big + "'y", rows[0][0]);
        Assert.Equal(200_000, rows[1][0].Length);
        Assert.Equal("w", rows[1][1]);
    }

    [Fact]
    public void RejectsImpossibleDialects()
    {
        Assert.Throws<ArgumentException>(() => SimpleDelimitedReader.Read("a", ',', ','));
        Assert.Throws<ArgumentException>(() => SimpleDelimitedReader.Read("a", '\n', '"'));
    }
}
