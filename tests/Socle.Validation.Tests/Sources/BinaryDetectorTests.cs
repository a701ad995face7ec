using System.IO.Compression;
using System.Text;
using Socle.Validation.Dialect;
using Socle.Validation.Sources;

namespace Socle.Validation.Tests.Sources;

public class BinaryDetectorTests
{
    [Fact]
    public void KnownSignatures()
    {
        Assert.Equal("PNG", BinaryDetector.Identify([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));
        Assert.Equal("PDF", BinaryDetector.Identify("%PDF-1.7\n%âãÏÓ\n"u8));
        Assert.Equal("GZIP", BinaryDetector.Identify([0x1F, 0x8B, 8, 0]));
        Assert.Equal("JPEG", BinaryDetector.Identify([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal("BZIP2", BinaryDetector.Identify("BZh91AY&SY"u8));

        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(archive.CreateEntry("data.csv").Open())) w.Write("a,b\n1,2\n");
        Assert.Equal("ZIP", BinaryDetector.Identify(zip.ToArray()));
        Assert.True(BinaryDetector.LooksBinary(zip.ToArray()));
    }

    [Fact]
    public void NulBytesAndControlCharacters()
    {
        var random = new byte[4096];
        new Random(42).NextBytes(random);
        Assert.Equal("binary", BinaryDetector.Identify(random));
        Assert.True(BinaryDetector.LooksBinary("a,b\n1,\0\n"u8));
        var controls = Enumerable.Repeat((byte)0x01, 20).Concat("abcdefghij"u8.ToArray()).ToArray();
        Assert.True(BinaryDetector.LooksBinary(controls));
    }

    [Fact]
    public void TextIsNotBinary()
    {
        const string text = "commune;libellé\tx\r\nÉvry;12,5 €\f\u001b\n";
        Assert.False(BinaryDetector.LooksBinary(Encoding.UTF8.GetBytes(text)));
        Assert.False(BinaryDetector.LooksBinary([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)]));
        Assert.False(BinaryDetector.LooksBinary(EncodingDetector.Windows1252.GetBytes(text)));
        Assert.False(BinaryDetector.LooksBinary([.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)]));
        Assert.False(BinaryDetector.LooksBinary(Encoding.Unicode.GetBytes(text)));
        Assert.False(BinaryDetector.LooksBinary(Encoding.BigEndianUnicode.GetBytes(text)));
        Assert.False(BinaryDetector.LooksBinary("PK,PAR1,RIFF,BZh\n1,2,3,4\n"u8));
        Assert.False(BinaryDetector.LooksBinary(ReadOnlySpan<byte>.Empty));
    }
}
