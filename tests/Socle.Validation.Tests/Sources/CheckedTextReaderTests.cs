using System.Text;
using Socle.Validation.Dialect;
using Socle.Validation.Sources;

namespace Socle.Validation.Tests.Sources;

public class CheckedTextReaderTests
{
    private static Encoding Cp1252 => EncodingDetector.Windows1252;

    /// <summary>A stream that gives at most a few bytes per read and cannot seek (a pipe, a network upload).</summary>
    private sealed class TrickleStream(byte[] data, int step) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(step, count), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static CheckedTextReader Reader(byte[] bytes, InvalidBytesMode mode = InvalidBytesMode.Throw, int bufferSize = 1 << 16,
        DetectedEncoding? encoding = null) =>
        new(new MemoryStream(bytes), encoding ?? EncodingDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, EncodingDetector.SampleSize)), bytes.Length <= EncodingDetector.SampleSize),
            mode, bufferSize: bufferSize);

    /// <summary>Lines of a CSV with accents, ~ 40 bytes each.</summary>
    private static string Lines(int count, int from = 1) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"{i};Gare de l'Est – Paris;{i},5\n"));

    /// <summary>Reads everything, returning the text read before an encoding error (if any) and the error.</summary>
    private static (string Text, EncodingErrorException? Error) ReadAll(TextReader reader)
    {
        var sb = new StringBuilder();
        var buffer = new char[1000];
        try
        {
            int n;
            while ((n = reader.Read(buffer.AsSpan())) > 0) sb.Append(buffer, 0, n);
            return (sb.ToString(), null);
        }
        catch (EncodingErrorException e) { return (sb.ToString(), e); }
    }

    [Theory]
    [InlineData("utf-8", true)]
    [InlineData("utf-8", false)]
    [InlineData("windows-1252", false)]
    [InlineData("utf-16le", true)]
    [InlineData("utf-16be", true)]
    [InlineData("utf-16le", false)]
    [InlineData("iso-8859-15", false)]
    public void DecodesWholeFilesAcrossChunkBoundaries(string encodingName, bool bom)
    {
        var encoding = EncodingDetector.FromName(encodingName)!.Encoding;
        var text = encodingName is "windows-1252" or "iso-8859-15"
            ? "début;é;à;€;Œuvre\r\n" + Lines(200)
            : "début;é;à;€;😀;Œuvre\r\n" + Lines(200) + "fin 😀";
        if (encodingName == "windows-1252") text = text.Replace("–", "-");
        if (encodingName == "iso-8859-15") text = text.Replace("–", "-");
        byte[] bytes = bom ? [.. encoding.Preamble, .. encoding.GetBytes(text)] : encoding.GetBytes(text);
        var detected = encodingName == "iso-8859-15" ? EncodingDetector.FromName(encodingName, bytes)! : EncodingDetector.Detect(bytes, complete: true);
        Assert.StartsWith(encodingName[..5], detected.Name);
        foreach (var bufferSize in new[] { 16, 17, 31, 64, 1 << 16 })
        {
            foreach (var step in new[] { 1, 3, 7, 1 << 20 })
            {
                using var reader = new CheckedTextReader(new TrickleStream(bytes, step), detected, bufferSize: bufferSize);
                var (read, error) = ReadAll(reader);
                Assert.Null(error);
                Assert.Equal(text, read);
                Assert.Equal(bytes.Length, reader.BytesRead);
            }
        }
    }

    [Fact]
    public void PrefixAlreadyReadIsReplayed()
    {
        var bytes = Encoding.UTF8.GetBytes("é;b\n" + Lines(5000));
        var stream = new MemoryStream(bytes);
        var head = new byte[EncodingDetector.SampleSize];
        stream.ReadExactly(head);
        using var reader = new CheckedTextReader(stream, EncodingDetector.Detect(head), prefix: head);
        Assert.Equal(Encoding.UTF8.GetString(bytes), reader.ReadToEnd());
    }

    [Fact]
    public void Utf8FileWithAWindows1252ByteLaterIsAnEncodingErrorAtItsExactPlace()
    {
        // 3000 lines of UTF-8 (> 64 KiB, so the detector sees only UTF-8), then a line written in Windows-1252.
        var good = Lines(3000);
        var goodBytes = Encoding.UTF8.GetBytes(good);
        Assert.True(goodBytes.Length > EncodingDetector.SampleSize);
        byte[] bytes = [.. goodBytes, .. Cp1252.GetBytes("3001;Béziers;1\n"), .. Encoding.UTF8.GetBytes(Lines(10, 3002))];
        var offset = goodBytes.Length + "3001;B".Length;

        foreach (var bufferSize in new[] { 16, 4096, 1 << 16 })
        {
            using var reader = Reader(bytes, bufferSize: bufferSize);
            Assert.Equal("utf-8", reader.EncodingName);
            var (text, error) = ReadAll(reader);
            Assert.NotNull(error);
            Assert.Equal(good + "3001;B", text); // everything before the bad byte was handed out
            Assert.Equal(offset, error.Where.Offset);
            Assert.Equal(3001, error.Where.Line);
            Assert.Equal("E9", error.Where.Hex);
            Assert.False(error.Where.Mixed);
            Assert.Equal("source.encoding-invalid", error.Key);
            Assert.Equal(["utf-8", offset.ToString(System.Globalization.CultureInfo.InvariantCulture), "3001", "E9"], error.Args);
            // The reader stays on the error.
            Assert.Throws<EncodingErrorException>(() => reader.Read());
        }
    }

    [Fact]
    public void StopModeEndsTheTextAfterTheLastCompleteLine()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("é;x\r\nb;y\r\n"), .. Cp1252.GetBytes("è;z\r\n"), .. "c;w\r\n"u8];
        using var reader = Reader(bytes, InvalidBytesMode.Stop);
        Assert.Equal("é;x\r\nb;y\r\n", reader.ReadToEnd());
        Assert.Equal(-1, reader.Read()); // stays at the end
        Assert.Equal((11L, (long?)3, "E8"), (reader.FirstInvalid!.Offset, reader.FirstInvalid.Line, reader.FirstInvalid.Hex));
    }

    [Fact]
    public void ReplaceModeCountsInvalidBytesAndGoesOn()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("é;x\r\n"), .. Cp1252.GetBytes("è;y\r\nà;z\r\n")];
        using var reader = Reader(bytes, InvalidBytesMode.Replace, encoding: EncodingDetector.FromName("utf-8"));
        Assert.Equal("é;x\r\n\uFFFD;y\r\n\uFFFD;z\r\n", reader.ReadToEnd());
        Assert.Equal(2, reader.InvalidByteCount);
        var first = reader.FirstInvalid!;
        Assert.Equal((6L, (long?)2, "E8", "utf-8", false), (first.Offset, first.Line, first.Hex, first.EncodingName, first.Mixed));
    }

    [Fact]
    public void AsciiHeadTurnsWindows1252AtTheFirstAccent()
    {
        // A big French export whose first accent comes after 64 KiB: the head is pure ASCII.
        var ascii = string.Concat(Enumerable.Range(1, 8000).Select(i => $"{i};Paris;{i}\n"));
        var text = ascii + "8001;Orléans;€\n";
        var bytes = Cp1252.GetBytes(text);
        using var reader = Reader(bytes);
        Assert.Equal("utf-8", reader.EncodingName);
        Assert.Equal(text, reader.ReadToEnd());
        Assert.Equal("windows-1252", reader.EncodingName);
        Assert.Equal(ascii.Length + "8001;Orl".Length, reader.SwitchedAt);
        Assert.Null(reader.FirstInvalid);
    }

    [Fact]
    public void AsciiHeadStaysUtf8WhenTheFirstAccentIsUtf8()
    {
        var ascii = string.Concat(Enumerable.Range(1, 8000).Select(i => $"{i};Paris;{i}\n"));
        var text = ascii + "8001;Orléans;€\n";
        using var reader = Reader(Encoding.UTF8.GetBytes(text), bufferSize: 1000);
        Assert.Equal(text, reader.ReadToEnd());
        Assert.Equal("utf-8", reader.EncodingName);
        Assert.Null(reader.SwitchedAt);
    }

    [Fact]
    public void Windows1252FileWithUtf8TextLaterIsMixed()
    {
        var head = Cp1252.GetBytes("ville;libellé\r\n" + Lines(3000).Replace("–", "-").Replace("\n", "\r\n"));
        byte[] bytes = [.. head, .. Encoding.UTF8.GetBytes("Nîmes;l’été\r\n")];
        using var reader = Reader(bytes);
        Assert.Equal("windows-1252", reader.EncodingName);
        var (text, error) = ReadAll(reader);
        Assert.NotNull(error);
        Assert.True(error.Where.Mixed);
        Assert.Equal("C3AE", error.Where.Hex); // î
        Assert.Equal(head.Length + 1, error.Where.Offset);
        Assert.Equal(3002, error.Where.Line);
        Assert.Equal("source.encoding-mixed", error.Key);
        Assert.EndsWith("\r\nN", text);
    }

    [Fact]
    public void Windows1252UndefinedByteIsInvalid()
    {
        byte[] bytes = [.. Cp1252.GetBytes("a;é\n"), 0x81, (byte)'\n'];
        using var reader = Reader(bytes);
        var (_, error) = ReadAll(reader);
        Assert.NotNull(error);
        Assert.Equal((4L, 2L, "81"), (error.Where.Offset, error.Where.Line, error.Where.Hex));
    }

    [Fact]
    public void NamedWindows1252IsTrusted()
    {
        // A user who says windows-1252 gets "Ã©" for UTF-8 bytes, as asked, without a mixed-encoding error.
        byte[] bytes = [.. Cp1252.GetBytes("a;é\n"), .. Encoding.UTF8.GetBytes("b;é\n")];
        using var reader = Reader(bytes, encoding: EncodingDetector.FromName("windows-1252", bytes));
        Assert.Equal("a;é\nb;Ã©\n", reader.ReadToEnd());
    }

    [Fact]
    public void Utf16UnpairedSurrogateAndOddLastByte()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("ab\n"), 0x00, 0xD8, (byte)'c', 0];
        using (var reader = Reader(bytes))
        {
            var (text, error) = ReadAll(reader);
            Assert.Equal("ab\n", text);
            Assert.NotNull(error);
            Assert.Equal((8L, (long?)null, "00D8"), (error.Where.Offset, error.Where.Line, error.Where.Hex));
            Assert.Equal("source.encoding-invalid-offset", error.Key);
        }
        byte[] odd = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("ab"), 0x41];
        using (var reader = Reader(odd))
        {
            var (text, error) = ReadAll(reader);
            Assert.Equal("ab", text);
            Assert.Equal(6, error!.Where.Offset);
        }
    }

    [Fact]
    public void TruncatedUtf8AtTheEndOfTheFileIsInvalid()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("é;b\n"), 0xE2, 0x82];
        using var reader = Reader(bytes);
        var (text, error) = ReadAll(reader);
        Assert.Equal("é;b\n", text);
        Assert.Equal((5L, 2L, "E282"), (error!.Where.Offset, error.Where.Line, error.Where.Hex));
    }

    [Fact]
    public void LinesAreCountedForCrOnlyFiles()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("é\rb\rc"), 0xFF];
        using var reader = Reader(bytes);
        var (_, error) = ReadAll(reader);
        Assert.Equal(3, error!.Where.Line);
    }

    [Fact]
    public void BytesReadCountsTheBom()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "a,b\n"u8];
        using var reader = Reader(bytes);
        Assert.Equal("a,b\n", reader.ReadToEnd());
        Assert.Equal(7, reader.BytesRead);
    }
}
