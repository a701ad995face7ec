using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Catalog.Text;

namespace Socle.Portal.Pages.Algorithms;

/// <summary>A value of a vocabulary field of an entry as a badge: the concept's value (for styles and tests) and its label.</summary>
internal sealed record AlgorithmBadge(string Field, string Value, string Label, string Css);

/// <summary>
/// One register entry as a DSFR card (<c>_AlgorithmCard</c>): its name (search highlights, HTML-escaped text where only
/// <c>&lt;mark&gt;</c> was added), its organisation, its level of automation, kind and stage as badges, and a snippet
/// or the start of its description.
/// </summary>
internal sealed record AlgorithmCard(Algorithm Algorithm, string NameHtml, string? SnippetHtml, IReadOnlyList<AlgorithmBadge> Badges)
{
    private const int ExcerptLength = 220;

    public static AlgorithmCard Of(AlgorithmHit hit, MetadataProfile profile, string lang) =>
        new(hit.Algorithm, hit.NameHtml, hit.Snippet, AlgorithmText.Badges(hit.Algorithm, profile, lang));

    /// <summary>The start of the description as plain text, for a card without a search snippet.</summary>
    public string Excerpt()
    {
        var text = MarkdownText.ToPlainText(Algorithm.Description).ReplaceLineEndings(" ").Trim();
        if (text.Length <= ExcerptLength) return text;
        var cut = text.LastIndexOf(' ', ExcerptLength);
        return text[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)] + "…";
    }
}

/// <summary>What readers see of an entry's key fields, on its card and in its summary box.</summary>
internal static class AlgorithmText
{
    /// <summary>The fields a reader looks at first: how automated, what kind, at what stage.</summary>
    public static readonly string[] KeyFields = ["automation", "algorithm_type", "lifecycle"];

    /// <summary>The label of a vocabulary field's first value, or null when the entry has none.</summary>
    public static string? Label(Algorithm a, MetadataProfile profile, string field, string lang) =>
        Value(a, field) is { } v ? ConceptLabel(profile, field, v, lang) : null;

    public static string? Value(Algorithm a, string field) => a.Fields[field] switch
    {
        JsonArray arr => arr.FirstOrDefault()?.ToString(),
        JsonNode n => n.ToString(),
        null => null,
    };

    public static string ConceptLabel(MetadataProfile profile, string field, string value, string lang) =>
        profile.Field(field)?.Vocabulary is { } voc && profile.Vocabulary(voc)?.Find(value) is { } c ? c.Label.Get(lang) : value;

    public static IReadOnlyList<AlgorithmBadge> Badges(Algorithm a, MetadataProfile profile, string lang)
    {
        var badges = new List<AlgorithmBadge>();
        foreach (var field in KeyFields)
            if (Value(a, field) is { } v)
                badges.Add(new AlgorithmBadge(field, v, ConceptLabel(profile, field, v, lang), Css(field, v)));
        return badges;
    }

    /// <summary>DSFR badge colours: the stage says whether it is in use; the other two are told apart by hue only.</summary>
    private static string Css(string field, string value) => (field, value) switch
    {
        ("lifecycle", "in-use") => "fr-badge--success",
        ("lifecycle", "in-development") => "fr-badge--info",
        ("lifecycle", _) => "",
        ("automation", _) => "fr-badge--purple-glycine",
        _ => "fr-badge--blue-ecume",
    };

    /// <summary>The register's search as the query string asks for it, exactly as <c>GET /api/1/algorithms/</c> reads it.</summary>
    public static AlgorithmQuery Query(IQueryCollection query, int page, int pageSize)
    {
        var sort = query["sort"].ToString();
        return new AlgorithmQuery
        {
            Q = query["q"].ToString(), Sort = sort.Length == 0 ? null : sort, Page = page, PageSize = pageSize,
            Filters = Filters(query),
        };
    }

    /// <summary>Facet → accepted values: every parameter that is not reserved, its values split on commas.</summary>
    public static Dictionary<string, string[]> Filters(IQueryCollection query) => FacetFilters.Read(query, AlgorithmQuery.Parameters);
}
