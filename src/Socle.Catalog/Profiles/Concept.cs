namespace Socle.Catalog.Profiles;

/// <summary>
/// One value of a controlled vocabulary: the canonical <see cref="Value"/> stored in the metadata, its URI when the
/// vocabulary is published (what DCAT exports), its labels and the other words people use for it.
/// </summary>
public sealed class Concept
{
    internal Concept(string value, string? uri, LocalizedText label, IReadOnlyList<string> synonymsFr, IReadOnlyList<string> synonymsEn)
    {
        Value = value;
        Uri = uri;
        Label = label;
        Synonyms = new Dictionary<string, IReadOnlyList<string>> { ["fr"] = synonymsFr, ["en"] = synonymsEn };
        AllSynonyms = [.. synonymsFr, .. synonymsEn];
    }

    public string Value { get; }
    public string? Uri { get; }
    public LocalizedText Label { get; }
    /// <summary>Synonyms by language: keys "fr" and "en", always present.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Synonyms { get; }
    /// <summary>French then English synonyms: what search indexes so that a synonym finds the concept.</summary>
    public IReadOnlyList<string> AllSynonyms { get; }

    public override string ToString() => Value;
}
