using System.Text;
using Socle.Catalog.Profiles;

namespace Socle.Catalog.Services;

/// <summary>URL names from titles: "Qualité de l'air 2024" → "qualite-de-l-air-2024".</summary>
public static class Slugs
{
    public static string From(string text, int max = 80, string fallback = "jeu-de-donnees")
    {
        // Folded by table: with invariant globalization, string.Normalize does not strip accents.
        var folded = TextFolding.Fold(text);
        var sb = new StringBuilder(folded.Length);
        var dash = false;
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (dash && sb.Length > 0) sb.Append('-');
                sb.Append(c);
                dash = false;
                if (sb.Length >= max) break;
            }
            else dash = true;
        }
        var s = sb.ToString().Trim('-');
        return s.Length == 0 ? fallback : s;
    }

    /// <summary><paramref name="slug"/>, or the first of slug-2, slug-3… not in <paramref name="taken"/>.</summary>
    public static string FirstFree(string slug, IReadOnlyCollection<string> taken)
    {
        if (!taken.Contains(slug)) return slug;
        for (var i = 2; ; i++)
            if (!taken.Contains($"{slug}-{i}")) return $"{slug}-{i}";
    }

    public static bool IsValid(string slug) =>
        slug.Length is > 0 and <= 100 && slug.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && slug[0] != '-';
}
