using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Validation.Reporting;

namespace Socle.Portal.Discovery;

/// <summary>
/// What readers see of facets: a facet's title and its values' labels in the page's language (an organisation's
/// name for its slug, a licence's title for its id, a concept's label for its value), and the order facets show in.
/// </summary>
internal sealed class FacetText
{
    private readonly MetadataProfile profile;
    private readonly string lang;
    private readonly Dictionary<string, string> organizations;
    private readonly Dictionary<string, string> licenses;

    private FacetText(MetadataProfile profile, string lang, Dictionary<string, string> organizations, Dictionary<string, string> licenses)
    {
        this.profile = profile;
        this.lang = lang;
        this.organizations = organizations;
        this.licenses = licenses;
    }

    /// <summary>Reads the names of the organisations and licences among <paramref name="values"/> (facet, value): two small queries at most.</summary>
    public static async Task<FacetText> LoadAsync(CatalogDb db, MetadataProfile profile, string lang, IEnumerable<(string Facet, string Value)> values, CancellationToken ct)
    {
        var list = values.ToList();
        var slugs = list.Where(v => v.Facet == SearchFacets.Organization).Select(v => v.Value).Distinct().ToList();
        var orgs = slugs.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => slugs.Contains(o.Slug)).ToDictionaryAsync(o => o.Slug, o => o.Name, ct);
        var ids = list.Where(v => v.Facet == SearchFacets.License).Select(v => v.Value).Distinct().ToList();
        var lics = ids.Count == 0 ? [] : await db.Licenses.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Title, ct);
        return new FacetText(profile, lang, orgs, lics);
    }

    /// <summary>The facets in reading order: organisation, the profile's facets, then the other fixed ones (keywords last).</summary>
    public IEnumerable<string> Order(IEnumerable<string> facets)
    {
        var order = new List<string> { SearchFacets.Organization };
        order.AddRange(profile.FacetFields.Select(f => f.Key));
        order.AddRange([SearchFacets.License, SearchFacets.Format, SearchFacets.Frequency, SearchFacets.Territory, SearchFacets.Schema, SearchFacets.Tag]);
        return facets.OrderBy(f => order.IndexOf(f) is var i && i >= 0 ? i : int.MaxValue).ThenBy(f => f, StringComparer.Ordinal);
    }

    public string Title(string facet) => profile.Field(facet)?.Label.Get(lang) ?? Messages.Get($"portal.search.facet.{facet}", lang);

    public string Label(string facet, string value)
    {
        switch (facet)
        {
            case SearchFacets.Organization: return organizations.GetValueOrDefault(value, value);
            case SearchFacets.License: return licenses.GetValueOrDefault(value, value);
            case SearchFacets.Format: return value.ToUpperInvariant();
            case SearchFacets.Schema: return Messages.Get("portal.search.facet.schema.yes", lang);
            case SearchFacets.Territory: return Territory(value);
            case SearchFacets.Frequency: return profile.Vocabulary(MetadataProfile.FrequencyVocabulary)?.Find(value)?.Label.Get(lang) ?? value;
        }
        var field = profile.Field(facet);
        if (field?.Vocabulary is { } v && profile.Vocabulary(v)?.Find(value) is { } concept) return concept.Label.Get(lang);
        if (field?.Type == ProfileFieldType.Boolean) return Messages.Get(value == "true" ? "portal.search.yes" : "portal.search.no", lang);
        return value;
    }

    /// <summary>"Département 33", "Commune 75056", "France": the level in words and the official code.</summary>
    private string Territory(string code) => code.Split(':') switch
    {
        ["fr", "pays", _] => Messages.Get("portal.search.territory.france", lang),
        ["fr", var level, var id] when Socle.Catalog.Services.Territory.Levels.Contains(level) => Messages.Format($"portal.search.territory.{level}", lang, id),
        ["country", var iso] => iso.ToUpperInvariant(),
        _ => code,
    };
}
