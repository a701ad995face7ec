using Socle.Validation.Dialect;

namespace Socle.Validation.Sources;

/// <summary>
/// Tells a binary file (an image, an archive, a PDF, ...) given as a CSV from a text file, on its first bytes, so
/// that the engine reports one clear source-error instead of thousands of cell errors on garbage.
/// Excel workbooks are binary too: ask <see cref="ExcelSource.IsExcel"/> first.
/// </summary>
internal static class BinaryDetector
{
    /// <summary>How many bytes the NUL and control-character tests look at (git looks at 8000).</summary>
    private const int ProbeSize = 8000;

    private static readonly (string Kind, byte[] Magic)[] Signatures =
    [
        ("PNG", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        ("JPEG", [0xFF, 0xD8, 0xFF]),
        ("GIF", "GIF89a"u8.ToArray()),
        ("GIF", "GIF87a"u8.ToArray()),
        ("PDF", "%PDF-"u8.ToArray()),
        ("ZIP", [(byte)'P', (byte)'K', 0x03, 0x04]),
        ("ZIP", [(byte)'P', (byte)'K', 0x05, 0x06]),
        ("GZIP", [0x1F, 0x8B]),
        ("XZ", [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]),
        ("7Z", [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C]),
        ("RAR", [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07]),
        ("OLE2 (Office 97-2003)", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        ("SQLite", "SQLite format 3\0"u8.ToArray()),
        ("ELF", [0x7F, (byte)'E', (byte)'L', (byte)'F']),
        ("TIFF", [(byte)'I', (byte)'I', 0x2A, 0x00]),
        ("TIFF", [(byte)'M', (byte)'M', 0x00, 0x2A]),
    ];

    /// <summary>
    /// True for a known binary signature, or when the first 8000 bytes (not UTF-16 text) hold a NUL byte or more
    /// than 10 % of control characters other than tab, line feed, vertical tab, form feed, carriage return, escape
    /// and the DOS end-of-file mark (0x1A).
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head) => Identify(head) is not null;

    /// <summary>
    /// The kind of binary file ("PNG", "ZIP", "PDF", ... or "binary" when only the content tells), null for text.
    /// </summary>
    public static string? Identify(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty) return null;
        foreach (var (kind, magic) in Signatures)
            if (head.StartsWith(magic)) return kind;
        if (head.Length >= 4 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9') return "BZIP2";
        // Text with a byte order mark, or UTF-16 without one: zeros are expected.
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) && !head[3..].Contains((byte)0)) return null;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return null;
        if (EncodingDetector.LooksUtf16WithoutBom(head, out _)) return null;

        var probe = head[..Math.Min(head.Length, ProbeSize)];
        if (probe.Contains((byte)0)) return "binary";
        var controls = 0;
        foreach (var b in probe)
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0B or 0x0C or 0x0D or 0x1A or 0x1B)) controls++;
        return controls * 10 > probe.Length ? "binary" : null;
    }
}
