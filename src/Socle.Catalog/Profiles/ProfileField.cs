using System.Text.RegularExpressions;

namespace Socle.Catalog.Profiles;

/// <summary>What a profile field holds. <see cref="Text"/> is Markdown; <see cref="Vocabulary"/> a value of a named vocabulary.</summary>
public enum ProfileFieldType { String, Text, Integer, Number, Boolean, Date, Url, Email, Vocabulary }

/// <summary>A group of fields on the dataset form and page.</summary>
public sealed record ProfileSection(string Key, LocalizedText Label);

/// <summary>One metadata field of a profile: a key of the dataset's extras object, with its rules and labels.</summary>
public sealed class ProfileField
{
    internal ProfileField() { }

    public required string Key { get; init; }
    public required ProfileFieldType Type { get; init; }
    public required LocalizedText Label { get; init; }
    public LocalizedText? Help { get; init; }
    /// <summary>Key of the <see cref="ProfileSection"/> it belongs to, if any.</summary>
    public string? Section { get; init; }
    public bool Required { get; init; }
    /// <summary>Holds a list of values (always stored as a JSON array).</summary>
    public bool Multiple { get; init; }
    /// <summary>Name of the vocabulary of a <see cref="ProfileFieldType.Vocabulary"/> field: <see cref="MetadataProfile.Vocabulary"/>.</summary>
    public string? Vocabulary { get; init; }
    /// <summary>Offered as a search facet.</summary>
    public bool Facet { get; init; }
    /// <summary>Its text goes into the full-text index.</summary>
    public bool Searchable { get; init; }
    /// <summary>The DCAT property it exports to, as a prefixed name ("dcat:theme").</summary>
    public string? Dcat { get; init; }
    /// <summary>
    /// The element it corresponds to in other standards, by standard id ("nl" → "lawful_basis"): what a crosswalk page
    /// shows, so the correspondence lives next to the field it describes.
    /// </summary>
    public IReadOnlyDictionary<string, string> Mappings { get; init; } = new Dictionary<string, string>();
    /// <summary>Bounds: of the value for numbers, of the length in characters for strings and texts.</summary>
    public double? Min { get; init; }
    public double? Max { get; init; }
    /// <summary>A regular expression the whole string must match.</summary>
    public string? Pattern { get; init; }

    internal Regex? Regex { get; init; }

    public override string ToString() => Key;
}
