using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Validation.Reporting;

namespace Socle.Web.Api;

/// <summary>The active profile as JSON in one language: what a form or a harvester needs to know about the fields.</summary>
internal static class ProfileJson
{
    public static object Of(MetadataProfile p, string lang) => new
    {
        id = p.Id, version = p.Version, label = p.Label.Get(lang),
        sections = p.Sections.Select(s => new { key = s.Key, label = s.Label.Get(lang) }),
        fields = p.Fields.Select(f => new
        {
            key = f.Key, type = f.Type.ToString().ToLowerInvariant(), label = f.Label.Get(lang), help = f.Help?.Get(lang), section = f.Section,
            required = f.Required, multiple = f.Multiple, vocabulary = f.Vocabulary, facet = f.Facet, searchable = f.Searchable, dcat = f.Dcat,
            min = f.Min, max = f.Max, pattern = f.Pattern, mappings = f.Mappings,
        }),
        vocabularies = p.Vocabularies.ToDictionary(v => v.Key, v => new
        {
            label = v.Value.Label.Get(lang), uri = v.Value.Uri,
            values = v.Value.Concepts.Select(c => new { value = c.Value, uri = c.Uri, label = c.Label.Get(lang), synonyms = c.Synonyms.GetValueOrDefault(lang) ?? [] }),
        }),
    };
}

/// <summary>Facet counts with labels for display: organisation names, licence titles, vocabulary labels in the reader's language.</summary>
internal static class FacetLabels
{
    public static async Task<Dictionary<string, object>> DescribeAsync(IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> facets,
        MetadataProfile profile, CatalogDb db, string lang)
    {
        var result = new Dictionary<string, object>();
        Dictionary<string, string> orgs = [], licenses = [];
        if (facets.TryGetValue(SearchFacets.Organization, out var o) && o.Count > 0)
        {
            var slugs = o.Select(v => v.Value).ToList();
            orgs = await db.Organizations.AsNoTracking().Where(x => slugs.Contains(x.Slug)).ToDictionaryAsync(x => x.Slug, x => x.Name);
        }
        if (facets.ContainsKey(SearchFacets.License))
            licenses = await db.Licenses.AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.Title);
        foreach (var (facet, values) in facets)
        {
            var field = profile.Field(facet);
            var vocabulary = facet == SearchFacets.Frequency ? profile.Vocabulary("frequency")
                : field?.Vocabulary is { } vn ? profile.Vocabulary(vn) : null;
            string Label(string v) => facet switch
            {
                SearchFacets.Organization => orgs.GetValueOrDefault(v, v),
                SearchFacets.License => licenses.GetValueOrDefault(v, v),
                SearchFacets.Schema => Messages.Get("web.facet.schema.yes", lang),
                _ when vocabulary?.Find(v) is { } c => c.Label.Get(lang),
                _ when field?.Type == ProfileFieldType.Boolean => Messages.Get(v == "true" ? "web.yes" : "web.no", lang),
                _ => v,
            };
            result[facet] = new
            {
                label = field?.Label.Get(lang) ?? Messages.Get($"web.facet.{facet}", lang),
                values = values.Select(v => new { value = v.Value, count = v.Count, label = Label(v.Value) }),
            };
        }
        return result;
    }
}
