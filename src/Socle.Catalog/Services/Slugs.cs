using System.Globalization;
using System.Text;

namespace Socle.Catalog.Services;

/// <summary>URL names from titles: "Qualité de l'air 2024" → "qualite-de-l-air-2024".</summary>
public static class Slugs
{
    public static string From(string text, int max = 80)
    {
        var sb = new StringBuilder(text.Length);
        var dash = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var l = char.ToLowerInvariant(c);
            if (l is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (dash && sb.Length > 0) sb.Append('-');
                sb.Append(l);
                dash = false;
            }
            else if (l == 'œ') { if (dash && sb.Length > 0) sb.Append('-'); sb.Append("oe"); dash = false; }
            else dash = true;
            if (sb.Length >= max) break;
        }
        var s = sb.ToString().Trim('-');
        return s.Length == 0 ? "jeu-de-donnees" : s;
    }

    public static bool IsValid(string slug) =>
        slug.Length is > 0 and <= 100 && slug.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && slug[0] != '-';
}
