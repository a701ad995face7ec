using System.Collections.Frozen;

namespace Socle.Catalog.Profiles;

/// <summary>
/// A metadata profile: the dataset fields beyond the core ones, their vocabularies, facets and labels, declared as
/// data (<see cref="ProfileLoader"/>), so that another catalogue is another profile file, not other code.
/// Immutable, so one instance serves every request.
/// </summary>
public sealed class MetadataProfile
{
    /// <summary>The vocabulary of the core field "frequency" (update frequency); every profile has one.</summary>
    public const string FrequencyVocabulary = "frequency";

    private readonly FrozenDictionary<string, ProfileField> _fields;
    private readonly FrozenDictionary<string, Vocabulary> _vocabularies;

    internal MetadataProfile(string id, int version, LocalizedText label, string source, IReadOnlyList<ProfileSection> sections,
        IReadOnlyList<ProfileField> fields, IReadOnlyList<Vocabulary> vocabularies)
    {
        Id = id;
        Version = version;
        Label = label;
        Source = source;
        Sections = sections;
        Fields = fields;
        _fields = fields.ToFrozenDictionary(f => f.Key, StringComparer.Ordinal);
        _vocabularies = vocabularies.ToFrozenDictionary(v => v.Name, StringComparer.Ordinal);
        FacetFields = [.. fields.Where(f => f.Facet)];
        SearchableFields = [.. fields.Where(f => f.Searchable)];
    }

    public string Id { get; }
    public int Version { get; }
    public LocalizedText Label { get; }
    public IReadOnlyList<ProfileSection> Sections { get; }
    /// <summary>The fields in the order of the profile file (the order of forms and pages).</summary>
    public IReadOnlyList<ProfileField> Fields { get; }
    public IReadOnlyDictionary<string, Vocabulary> Vocabularies => _vocabularies;
    public IReadOnlyList<ProfileField> FacetFields { get; }
    public IReadOnlyList<ProfileField> SearchableFields { get; }
    /// <summary>Where it was read from (a path, or "gd4h.json" for a built-in): what load errors name.</summary>
    internal string Source { get; }

    public ProfileField? Field(string key) => _fields.GetValueOrDefault(key);

    public Vocabulary? Vocabulary(string name) => _vocabularies.GetValueOrDefault(name);

    public override string ToString() => Id;
}
