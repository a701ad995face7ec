using System.Text;

namespace Socle.Validation.Dialect;

/// <summary>
/// The encoding a text file is read in.
/// </summary>
/// <param name="Encoding">The .NET encoding (default fallbacks: decode with <see cref="Sources.CheckedTextReader"/> to learn about invalid bytes).</param>
/// <param name="Name">Its name for reports: "utf-8", "utf-16le", "utf-16be", "windows-1252", or the web name of a named encoding.</param>
/// <param name="BomLength">Bytes of byte order mark at the start of the file (0, 2 or 3): skip them.</param>
internal sealed record DetectedEncoding(Encoding Encoding, string Name, int BomLength)
{
    /// <summary>Decided by a byte order mark or named by the user (not guessed from the content).</summary>
    public bool Certain { get; init; }

    /// <summary>
    /// The sample was pure ASCII, so UTF-8 is only provisional: <see cref="Sources.CheckedTextReader"/> switches to
    /// Windows-1252 if the first non-ASCII bytes of the file are not UTF-8.
    /// </summary>
    public bool AsciiOnly { get; init; }

    /// <summary>
    /// Bytes of the sample that are not valid in the chosen encoding (a UTF-8 file with a few Windows-1252 bytes: mixed
    /// encodings). Reading such a file meets an <see cref="Sources.EncodingErrorException"/>.
    /// </summary>
    public int InvalidInSample { get; init; }
}

/// <summary>
/// Decides the encoding of a text file from its first bytes (up to <see cref="SampleSize"/>): a byte order mark
/// (UTF-8, UTF-16 LE/BE) wins; then UTF-16 without BOM (ASCII text with every other byte zero); then UTF-8 when the
/// sample decodes as UTF-8 (a multi-byte sequence cut at the end of a sample is not held against it); else
/// Windows-1252, which French spreadsheet exports produce and of which ISO-8859-1 is a subset for text. A sample that
/// is mostly UTF-8 with some invalid bytes stays UTF-8 and says so in <see cref="DetectedEncoding.InvalidInSample"/>:
/// mixed encodings are reported as an encoding error rather than silently decoded as garbage.
/// </summary>
internal static class EncodingDetector
{
    /// <summary>How many bytes the decision is made on.</summary>
    public const int SampleSize = 64 * 1024;

    public const string Utf8Name = "utf-8";
    public const string Utf16LeName = "utf-16le";
    public const string Utf16BeName = "utf-16be";
    public const string Windows1252Name = "windows-1252";

    private static readonly Lazy<Encoding> Cp1252 = new(() =>
    {
        EnsureCodePages();
        return Encoding.GetEncoding(1252);
    });

    /// <summary>UTF-8 without BOM emission, replacement fallback.</summary>
    public static Encoding Utf8Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Windows-1252 (registers the code pages provider on first use).</summary>
    public static Encoding Windows1252 => Cp1252.Value;

    private static int _codePagesRegistered;

    /// <summary>Makes Windows code pages (1252, 850, ...) available to <see cref="Encoding.GetEncoding(int)"/>. Idempotent.</summary>
    public static void EnsureCodePages()
    {
        if (Interlocked.Exchange(ref _codePagesRegistered, 1) == 0)
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>
    /// Decides the encoding from the first bytes of a file (only the first <see cref="SampleSize"/> are looked at).
    /// </summary>
    /// <param name="head">The first bytes of the file.</param>
    /// <param name="complete">True when <paramref name="head"/> is the whole file: a multi-byte sequence cut at its end then counts as invalid.</param>
    public static DetectedEncoding Detect(ReadOnlySpan<byte> head, bool complete = false)
    {
        if (head.Length > SampleSize) { head = head[..SampleSize]; complete = false; }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return new DetectedEncoding(Utf8Encoding, Utf8Name, 3) { Certain = true };
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return new DetectedEncoding(Encoding.Unicode, Utf16LeName, 2) { Certain = true };
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return new DetectedEncoding(Encoding.BigEndianUnicode, Utf16BeName, 2) { Certain = true };
        if (LooksUtf16WithoutBom(head, out var bigEndian))
            return bigEndian
                ? new DetectedEncoding(Encoding.BigEndianUnicode, Utf16BeName, 0)
                : new DetectedEncoding(Encoding.Unicode, Utf16LeName, 0);

        var firstNonAscii = head.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (firstNonAscii < 0)
            return new DetectedEncoding(Utf8Encoding, Utf8Name, 0) { AsciiOnly = true };

        var (valid, invalid) = CountUtf8(head[firstNonAscii..], complete);
        if (invalid == 0) return new DetectedEncoding(Utf8Encoding, Utf8Name, 0);
        // Mostly UTF-8 with a few foreign bytes: a mixed file, to be reported, not decoded as Windows-1252 garbage.
        if (valid > 0 && valid >= invalid) return new DetectedEncoding(Utf8Encoding, Utf8Name, 0) { InvalidInSample = invalid };
        return new DetectedEncoding(Windows1252, Windows1252Name, 0);
    }

    /// <summary>
    /// The encoding a user or a data package named ("utf-8", "utf-8-sig", "windows-1252", "cp1252", "latin-1",
    /// "iso-8859-15", ...), with the BOM of the head skipped when it belongs to that encoding; null when unknown.
    /// </summary>
    public static DetectedEncoding? FromName(string name, ReadOnlySpan<byte> head = default)
    {
        var key = name.Trim().ToLowerInvariant().Replace('_', '-');
        Encoding? e = key switch
        {
            "utf-8" or "utf8" or "utf-8-sig" or "utf8-sig" or "ascii" or "us-ascii" => Utf8Encoding,
            "utf-16" or "utf16" => head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? Encoding.BigEndianUnicode : Encoding.Unicode,
            "utf-16le" or "utf-16-le" => Encoding.Unicode,
            "utf-16be" or "utf-16-be" => Encoding.BigEndianUnicode,
            "windows-1252" or "cp1252" or "1252" => Windows1252,
            "latin-1" or "latin1" or "iso-8859-1" or "iso8859-1" or "l1" => Encoding.Latin1,
            _ => null,
        };
        if (e is null)
        {
            EnsureCodePages();
            var digits = key.StartsWith("cp", StringComparison.Ordinal) ? key[2..] : key; // "cp850", "850"
            try
            {
                e = int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page)
                    ? Encoding.GetEncoding(page)
                    : Encoding.GetEncoding(key);
            }
            catch (Exception x) when (x is ArgumentException or NotSupportedException) { return null; }
        }
        var bom = e.CodePage switch
        {
            65001 when head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) => 3,
            1200 when head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) => 2,
            1201 when head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) => 2,
            _ => 0,
        };
        var display = e.CodePage switch
        {
            65001 => Utf8Name, 1200 => Utf16LeName, 1201 => Utf16BeName, 1252 => Windows1252Name, _ => e.WebName,
        };
        return new DetectedEncoding(e, display, bom) { Certain = true };
    }

    /// <summary>
    /// The head decoded for sniffing: BOM skipped, a sequence cut at the end dropped, invalid bytes replaced by U+FFFD.
    /// </summary>
    public static string DecodeSample(ReadOnlySpan<byte> head, DetectedEncoding encoding)
    {
        if (head.Length > SampleSize) head = head[..SampleSize];
        var bytes = head[Math.Min(encoding.BomLength, head.Length)..];
        bytes = bytes[..CompleteLength(bytes, encoding.Encoding)];
        return encoding.Encoding.GetString(bytes); // default fallbacks replace invalid bytes
    }

    /// <summary>Length of <paramref name="bytes"/> without a multi-byte sequence (or half UTF-16 unit) cut at its end.</summary>
    public static int CompleteLength(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        if (encoding.CodePage is 1200 or 1201)
        {
            var even = bytes.Length & ~1;
            if (even >= 2)
            {
                // A high surrogate alone at the very end: its pair was cut.
                var last = encoding.CodePage == 1200 ? bytes[even - 1] : bytes[even - 2];
                if (last is >= 0xD8 and <= 0xDB) even -= 2;
            }
            return even;
        }
        if (encoding.CodePage != 65001) return bytes.Length;
        var end = bytes.Length;
        for (var back = 1; back <= Math.Min(3, end); back++)
        {
            var b = bytes[end - back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: look further back for the lead byte
            var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? end - back : end;
        }
        return end;
    }

    /// <summary>Counts valid multi-byte UTF-8 sequences and invalid bytes (maximal invalid subsequences).</summary>
    internal static (int Valid, int Invalid) CountUtf8(ReadOnlySpan<byte> bytes, bool complete)
    {
        int valid = 0, invalid = 0;
        while (!bytes.IsEmpty)
        {
            var skip = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (skip < 0) break;
            bytes = bytes[skip..];
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done) valid++;
            else if (status == System.Buffers.OperationStatus.NeedMoreData && !complete) break; // cut by the sample's end
            else invalid++;
            bytes = bytes[Math.Max(consumed, 1)..];
        }
        return (valid, invalid);
    }

    /// <summary>Whether the bytes are valid UTF-8 (a sequence cut at the end allowed unless <paramref name="complete"/>).</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes, bool complete = false)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return true;
        return !complete && System.Text.Unicode.Utf8.IsValid(bytes[..CompleteLength(bytes, Encoding.UTF8)]);
    }

    /// <summary>
    /// UTF-16 text without a BOM: in Latin text one byte of each pair is zero. Looks at the first 4 KiB: at least 60 %
    /// of the pairs have a zero on one side and (almost) none on the other.
    /// </summary>
    public static bool LooksUtf16WithoutBom(ReadOnlySpan<byte> head, out bool bigEndian)
    {
        bigEndian = false;
        var n = Math.Min(head.Length, 4096) & ~1;
        if (n < 4) return false;
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < n; i += 2)
        {
            if (head[i] == 0) zeroEven++;
            if (head[i + 1] == 0) zeroOdd++;
        }
        var pairs = n / 2;
        if (zeroOdd * 10 >= pairs * 6 && zeroEven * 20 <= pairs) return true;
        if (zeroEven * 10 >= pairs * 6 && zeroOdd * 20 <= pairs) { bigEndian = true; return true; }
        return false;
    }

}
