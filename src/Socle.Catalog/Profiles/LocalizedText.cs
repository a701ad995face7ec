using Socle.Validation.Reporting;

namespace Socle.Catalog.Profiles;

/// <summary>A text in French and English. Either may be empty: <see cref="Get"/> then falls back to the other.</summary>
public sealed record LocalizedText(string Fr, string En)
{
    /// <summary>The text in <paramref name="lang"/> ("fr", "en", "en-GB", ...), else in the other language.</summary>
    public string Get(string? lang) =>
        Messages.Normalize(lang) == Messages.English ? (En.Length > 0 ? En : Fr) : (Fr.Length > 0 ? Fr : En);

    /// <summary>French first, like the UI, so a text formatted without a language still reads.</summary>
    public override string ToString() => Get(Messages.French);
}
