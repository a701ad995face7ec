using System.Collections.Frozen;

namespace Socle.Catalog.Profiles;

/// <summary>A named controlled vocabulary of a profile (themes, environments, frequencies, ...).</summary>
public sealed class Vocabulary
{
    private readonly FrozenDictionary<string, Concept> _byTerm;
    private readonly FrozenDictionary<string, Concept> _byUri;

    private Vocabulary(string name, LocalizedText label, string? uri, IReadOnlyList<Concept> concepts,
        FrozenDictionary<string, Concept> byTerm, FrozenDictionary<string, Concept> byUri)
    {
        Name = name;
        Label = label;
        Uri = uri;
        Concepts = concepts;
        _byTerm = byTerm;
        _byUri = byUri;
    }

    public string Name { get; }
    public LocalizedText Label { get; }
    /// <summary>The URI of the concept scheme, when the vocabulary is published.</summary>
    public string? Uri { get; }
    public IReadOnlyList<Concept> Concepts { get; }

    /// <summary>
    /// The concept that <paramref name="text"/> names: its value, URI, French or English label or a synonym, whatever
    /// the case, accents or apostrophes ("Qualite de l'air" finds air). Null when none does.
    /// </summary>
    public Concept? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (TextFolding.UriKey(text) is { } uri && _byUri.TryGetValue(uri, out var byUri)) return byUri;
        return _byTerm.GetValueOrDefault(TextFolding.Fold(text));
    }

    /// <summary>Indexes the concepts; a term that names two concepts is reported to <paramref name="ambiguous"/>
    /// (term, first concept, second concept), since Find could not tell which one was meant.</summary>
    internal static Vocabulary Build(string name, LocalizedText label, string? uri, IReadOnlyList<Concept> concepts,
        Action<string, Concept, Concept> ambiguous)
    {
        var byTerm = new Dictionary<string, Concept>(StringComparer.Ordinal);
        var byUri = new Dictionary<string, Concept>(StringComparer.Ordinal);
        void Add(Dictionary<string, Concept> index, string? key, string term, Concept c)
        {
            if (string.IsNullOrEmpty(key)) return;
            if (index.TryGetValue(key, out var other) && other != c) ambiguous(term, other, c);
            else index[key] = c;
        }
        foreach (var c in concepts)
        {
            if (c.Uri is not null) Add(byUri, TextFolding.UriKey(c.Uri), c.Uri, c);
            Add(byTerm, TextFolding.Fold(c.Value), c.Value, c);
            Add(byTerm, TextFolding.Fold(c.Label.Fr), c.Label.Fr, c);
            Add(byTerm, TextFolding.Fold(c.Label.En), c.Label.En, c);
            foreach (var s in c.AllSynonyms)
            {
                // A synonym may be another URI of the concept (e.g. a superseded one that harvested metadata still uses).
                if (TextFolding.UriKey(s) is { } u) Add(byUri, u, s, c);
                else Add(byTerm, TextFolding.Fold(s), s, c);
            }
        }
        return new Vocabulary(name, label, uri, concepts, byTerm.ToFrozenDictionary(StringComparer.Ordinal),
            byUri.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
