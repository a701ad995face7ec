using System.Text;

namespace Socle.Catalog.Profiles;

/// <summary>
/// The matching key of a vocabulary term: lower case, no accents or ligatures, every run of other characters (spaces,
/// apostrophes straight or curly, hyphens, slashes) one space. "Qualité de l’air" and "qualite de l'air" both give
/// "qualite de l air". Done by table because the process runs with invariant globalization, where
/// <see cref="string.Normalize()"/> does not decompose accents.
/// </summary>
internal static class TextFolding
{
    private const int First = 0xC0, Last = 0x17F;
    private static readonly string?[] Latin = BuildLatin();

    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        var gap = false;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c is >= '\u0300' and <= '\u036F') continue; // combining accents of decomposed input
            var mapped = c is >= (char)First and <= (char)Last ? Latin[c - First] : null;
            if (mapped is null && !char.IsLetterOrDigit(c)) { gap = true; continue; }
            if (gap && sb.Length > 0) sb.Append(' ');
            gap = false;
            if (mapped is null) sb.Append(c); else sb.Append(mapped);
        }
        return sb.ToString();
    }

    /// <summary>The matching key of a URI, or null when the text is not one: http and https, case and a trailing
    /// slash do not matter (people paste URIs from browsers).</summary>
    public static string? UriKey(string text)
    {
        var s = text.Trim();
        if (!s.Contains("://", StringComparison.Ordinal)) return null;
        s = s.TrimEnd('/').ToLowerInvariant();
        return s.StartsWith("https://", StringComparison.Ordinal) ? "http://" + s["https://".Length..] : s;
    }

    private static string?[] BuildLatin()
    {
        var t = new string?[Last - First + 1];
        void Set(int from, int to, string s) { for (var c = from; c <= to; c++) t[c - First] = s; }
        foreach (var offset in new[] { 0, 0x20 }) // upper case block, then lower case block of Latin-1
        {
            Set(0xC0 + offset, 0xC5 + offset, "a"); Set(0xC6 + offset, 0xC6 + offset, "ae"); Set(0xC7 + offset, 0xC7 + offset, "c");
            Set(0xC8 + offset, 0xCB + offset, "e"); Set(0xCC + offset, 0xCF + offset, "i"); Set(0xD0 + offset, 0xD0 + offset, "d");
            Set(0xD1 + offset, 0xD1 + offset, "n"); Set(0xD2 + offset, 0xD6 + offset, "o"); Set(0xD8 + offset, 0xD8 + offset, "o");
            Set(0xD9 + offset, 0xDC + offset, "u"); Set(0xDD + offset, 0xDD + offset, "y"); Set(0xDE + offset, 0xDE + offset, "th");
        }
        Set(0xDF, 0xDF, "ss"); Set(0xFF, 0xFF, "y");
        // Latin Extended-A: upper/lower pairs of accented letters.
        Set(0x100, 0x105, "a"); Set(0x106, 0x10D, "c"); Set(0x10E, 0x111, "d"); Set(0x112, 0x11B, "e"); Set(0x11C, 0x123, "g");
        Set(0x124, 0x127, "h"); Set(0x128, 0x131, "i"); Set(0x132, 0x133, "ij"); Set(0x134, 0x135, "j"); Set(0x136, 0x138, "k");
        Set(0x139, 0x142, "l"); Set(0x143, 0x14B, "n"); Set(0x14C, 0x151, "o"); Set(0x152, 0x153, "oe"); Set(0x154, 0x159, "r");
        Set(0x15A, 0x161, "s"); Set(0x162, 0x167, "t"); Set(0x168, 0x173, "u"); Set(0x174, 0x175, "w"); Set(0x176, 0x178, "y");
        Set(0x179, 0x17E, "z"); Set(0x17F, 0x17F, "s");
        return t;
    }
}
