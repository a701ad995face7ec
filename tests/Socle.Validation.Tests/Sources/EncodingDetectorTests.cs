using System.Text;
using Socle.Validation.Dialect;

namespace Socle.Validation.Tests.Sources;

public class EncodingDetectorTests
{
    private const string French = "commune;libellé;montant\nÉvry;Gare à péage;12,5 €\nAix;Œuvre « sociale »;3\n";

    private static Encoding Cp1252 => EncodingDetector.Windows1252;

    [Fact]
    public void Utf8WithBom()
    {
        var d = EncodingDetector.Detect([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(French)]);
        Assert.Equal(("utf-8", 3, true), (d.Name, d.BomLength, d.Certain));
        Assert.Equal(65001, d.Encoding.CodePage);
    }

    [Fact]
    public void Utf8WithoutBom()
    {
        var d = EncodingDetector.Detect(Encoding.UTF8.GetBytes(French));
        Assert.Equal(("utf-8", 0, false, 0), (d.Name, d.BomLength, d.AsciiOnly, d.InvalidInSample));
    }

    [Fact]
    public void AsciiIsProvisionalUtf8()
    {
        var d = EncodingDetector.Detect("a,b\n1,2\n"u8);
        Assert.Equal(("utf-8", true), (d.Name, d.AsciiOnly));
    }

    [Fact]
    public void Windows1252WithAccentsAndEuro()
    {
        var bytes = Cp1252.GetBytes(French);
        Assert.Contains((byte)0x80, bytes); // €
        Assert.Contains((byte)0xE9, bytes); // é
        var d = EncodingDetector.Detect(bytes);
        Assert.Equal(("windows-1252", 0), (d.Name, d.BomLength));
        Assert.Equal(French, EncodingDetector.DecodeSample(bytes, d));
    }

    [Fact]
    public void Latin1TextIsReadAsWindows1252()
    {
        var text = "nom,ville\nJosé,Besançon\n";
        var d = EncodingDetector.Detect(Encoding.Latin1.GetBytes(text));
        Assert.Equal("windows-1252", d.Name);
        Assert.Equal(text, EncodingDetector.DecodeSample(Encoding.Latin1.GetBytes(text), d));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf16WithBom(bool bigEndian)
    {
        var enc = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
        var d = EncodingDetector.Detect([.. enc.Preamble, .. enc.GetBytes(French)]);
        Assert.Equal((bigEndian ? "utf-16be" : "utf-16le", 2), (d.Name, d.BomLength));
        Assert.Equal(French, EncodingDetector.DecodeSample([.. enc.Preamble, .. enc.GetBytes(French)], d));
    }

    [Fact]
    public void Utf16WithoutBom()
    {
        var d = EncodingDetector.Detect(Encoding.Unicode.GetBytes(French));
        Assert.Equal(("utf-16le", 0), (d.Name, d.BomLength));
        d = EncodingDetector.Detect(Encoding.BigEndianUnicode.GetBytes(French));
        Assert.Equal("utf-16be", d.Name);
    }

    [Theory]
    [InlineData("é")]
    [InlineData("€")]
    [InlineData("😀")]
    public void SampleCutInsideAMultiByteSequenceIsStillUtf8(string tail)
    {
        // "é" then ASCII up to one byte before the sample's end, then a multi-byte character cut by the sample's end.
        var bytes = Encoding.UTF8.GetBytes("é" + new string('a', EncodingDetector.SampleSize - 3) + tail + "zzz");
        var head = bytes.AsSpan(0, EncodingDetector.SampleSize);
        var d = EncodingDetector.Detect(head);
        Assert.Equal(("utf-8", 0), (d.Name, d.InvalidInSample));
        Assert.True(EncodingDetector.IsValidUtf8(head));
        Assert.False(EncodingDetector.IsValidUtf8(head, complete: true));
        // When those bytes are the whole file, the cut sequence is invalid (still mostly UTF-8).
        Assert.Equal(1, EncodingDetector.Detect(head, complete: true).InvalidInSample);
        // A longer head is looked at on its first 64 KiB only.
        Assert.Equal(("utf-8", 0), (EncodingDetector.Detect(bytes).Name, EncodingDetector.Detect(bytes).InvalidInSample));
    }

    [Fact]
    public void DecodeSampleDropsACutSequence()
    {
        var bytes = Encoding.UTF8.GetBytes("ab€");
        var d = EncodingDetector.Detect(bytes.AsSpan(0, 4));
        Assert.Equal("utf-8", d.Name);
        Assert.Equal("ab", EncodingDetector.DecodeSample(bytes.AsSpan(0, 4), d));
    }

    [Fact]
    public void MostlyUtf8WithAFewWindows1252BytesStaysUtf8AndSaysSo()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(French + French));
        bytes.AddRange(Cp1252.GetBytes("Béziers;x;1\n"));
        var d = EncodingDetector.Detect(bytes.ToArray());
        Assert.Equal("utf-8", d.Name);
        Assert.Equal(1, d.InvalidInSample);
    }

    [Fact]
    public void MostlyWindows1252IsWindows1252()
    {
        var bytes = new List<byte>(Cp1252.GetBytes(French + French));
        bytes.AddRange(Encoding.UTF8.GetBytes("Béziers;x;1\n"));
        Assert.Equal("windows-1252", EncodingDetector.Detect(bytes.ToArray()).Name);
    }

    [Theory]
    [InlineData("utf-8", "utf-8", 65001)]
    [InlineData("UTF8", "utf-8", 65001)]
    [InlineData("utf-8-sig", "utf-8", 65001)]
    [InlineData("cp1252", "windows-1252", 1252)]
    [InlineData("windows-1252", "windows-1252", 1252)]
    [InlineData("latin-1", "iso-8859-1", 28591)]
    [InlineData("ISO-8859-1", "iso-8859-1", 28591)]
    [InlineData("iso-8859-15", "iso-8859-15", 28605)]
    [InlineData("cp850", "ibm850", 850)]
    [InlineData("utf-16", "utf-16le", 1200)]
    public void NamedEncodings(string name, string expected, int codePage)
    {
        var d = EncodingDetector.FromName(name);
        Assert.NotNull(d);
        Assert.Equal((expected, codePage, true), (d.Name, d.Encoding.CodePage, d.Certain));
    }

    [Fact]
    public void NamedEncodingSkipsItsOwnBom()
    {
        Assert.Equal(3, EncodingDetector.FromName("utf-8", [0xEF, 0xBB, 0xBF, 0x61])!.BomLength);
        Assert.Equal(0, EncodingDetector.FromName("windows-1252", [0xEF, 0xBB, 0xBF, 0x61])!.BomLength);
        Assert.Equal("utf-16be", EncodingDetector.FromName("utf-16", [0xFE, 0xFF, 0, 0x61])!.Name);
    }

    [Fact]
    public void UnknownName() => Assert.Null(EncodingDetector.FromName("klingon-8"));
}
