using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Search.Analysis;
using Socle.Catalog.Services;
using Socle.Catalog.Text;

namespace Socle.Catalog.Algorithms;

public sealed record AlgorithmQuery
{
    public string? Q { get; init; }
    /// <summary>Facet → accepted values (OR within a facet, AND across facets): "organization" and the profile's facets.</summary>
    public IReadOnlyDictionary<string, string[]> Filters { get; init; } = new Dictionary<string, string[]>();
    /// <summary>relevance, name, -name, -updated, updated, -created, created.</summary>
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    /// <summary>Up to 1,000; 0 with <see cref="All"/> for an export.</summary>
    public int PageSize { get; init; } = 20;
    /// <summary>Every match on one page: what the CSV and JSON exports stream.</summary>
    public bool All { get; init; }
}

public sealed record AlgorithmHit(Algorithm Algorithm, string NameHtml, string? Snippet, int Score);

public sealed record AlgorithmResult(int Total, int Page, int PageSize, IReadOnlyList<AlgorithmHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, string Sort);

/// <summary>
/// Searches the published entries of the register. A register holds hundreds of entries, so the search runs in memory
/// over the terms analysed when each entry was written — the analyser and the relevance of the dataset search
/// (<see cref="SearchService.TitleWeight"/> and the others), the same answers on SQLite and PostgreSQL.
/// </summary>
public sealed class AlgorithmSearch(CatalogDb db, CatalogSettings settings)
{
    public const string OrganizationFacet = "organization";
    public static readonly string[] Sorts = ["relevance", "name", "-name", "-updated", "updated", "-created", "created"];

    /// <summary>The facets a query may filter on: the organisation, then the profile's facet fields.</summary>
    public IReadOnlyList<string> FacetNames => [OrganizationFacet, .. settings.AlgorithmProfile.FacetFields.Select(f => f.Key)];

    public async Task<AlgorithmResult> SearchAsync(AlgorithmQuery query, CancellationToken ct = default)
    {
        var terms = string.IsNullOrWhiteSpace(query.Q) ? [] : TextAnalyzer.Shared.Query(query.Q);
        var sort = query.Sort ?? (terms.Count > 0 ? "relevance" : "name");
        if (!Sorts.Contains(sort)) throw CatalogException.Invalid("sort", "not-in-list", sort, string.Join(", ", Sorts));
        if (query.Page < 1) throw CatalogException.Invalid("page", "out-of-range", 1);
        if (!query.All && query.PageSize is < 1 or > 1000) throw CatalogException.Invalid("page_size", "out-of-range", "1–1000");
        var facetNames = FacetNames;
        foreach (var facet in query.Filters.Keys)
            if (!facetNames.Contains(facet)) throw CatalogException.Invalid(facet, "unknown-facet");

        var published = await db.Algorithms.AsNoTracking().Include(a => a.Organization)
            .Where(a => a.Status == DatasetStatus.Published).ToListAsync(ct);
        var hits = new List<(Algorithm Entry, int Score, List<(string, string)> Facets)>();
        if (string.IsNullOrWhiteSpace(query.Q) || terms.Count > 0) // a query of stop words only matches nothing
            foreach (var a in published)
            {
                var score = Score(a, terms);
                if (score < 0) continue;
                var facets = Facets(a).ToList();
                if (query.Filters.All(f => f.Value.Length == 0 || facets.Any(v => v.Item1 == f.Key && f.Value.Contains(v.Item2))))
                    hits.Add((a, score, facets));
            }

        var facetCounts = new Dictionary<string, IReadOnlyList<FacetValue>>();
        foreach (var group in hits.SelectMany(h => h.Facets.Distinct()).GroupBy(f => f.Item1))
            facetCounts[group.Key] = [.. group.GroupBy(f => f.Item2).Select(g => new FacetValue(g.Key, g.Count()))
                .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)];

        IEnumerable<(Algorithm Entry, int Score, List<(string, string)> Facets)> ordered = sort switch
        {
            "relevance" => hits.OrderByDescending(h => h.Score).ThenBy(h => h.Entry.Name, StringComparer.Ordinal),
            "name" => hits.OrderBy(h => h.Entry.Name, StringComparer.Ordinal),
            "-name" => hits.OrderByDescending(h => h.Entry.Name, StringComparer.Ordinal),
            "-updated" => hits.OrderByDescending(h => h.Entry.UpdatedAt),
            "updated" => hits.OrderBy(h => h.Entry.UpdatedAt),
            "-created" => hits.OrderByDescending(h => h.Entry.CreatedAt),
            _ => hits.OrderBy(h => h.Entry.CreatedAt),
        };
        var page = query.All ? ordered.ToList() : ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var result = page.Select(h => new AlgorithmHit(h.Entry,
            terms.Count > 0 ? SnippetBuilder.Highlight(h.Entry.Name, terms) : System.Net.WebUtility.HtmlEncode(h.Entry.Name),
            terms.Count > 0 ? SnippetBuilder.Snippet(MarkdownText.ToPlainText(h.Entry.Description), terms) : null, h.Score)).ToList();
        return new AlgorithmResult(hits.Count, query.All ? 1 : query.Page, query.All ? hits.Count : query.PageSize, result, facetCounts, sort);
    }

    /// <summary>The entry's facet values: its organisation, then every profile facet field's values.</summary>
    public IEnumerable<(string Facet, string Value)> Facets(Algorithm a)
    {
        if (a.Organization is not null) yield return (OrganizationFacet, a.Organization.Slug);
        foreach (var field in settings.AlgorithmProfile.FacetFields)
        {
            if (!a.Fields.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            foreach (var v in node is JsonArray arr ? arr.Select(n => n?.ToString()) : [node.ToString()])
                if (!string.IsNullOrEmpty(v)) yield return (field.Key, v.ToLowerInvariant() is "true" or "false" ? v.ToLowerInvariant() : v);
        }
    }

    /// <summary>
    /// Relevance as for datasets: per query word, <see cref="SearchService.TitleWeight"/> if in the name, plus
    /// <see cref="SearchService.KeywordWeight"/> if in the organisation and vocabulary labels, otherwise
    /// <see cref="SearchService.TextWeight"/> if in the rest; -1 when a word is nowhere. 0 with no query.
    /// </summary>
    private static int Score(Algorithm a, IReadOnlyList<QueryTerm> terms)
    {
        if (terms.Count == 0) return 0;
        var title = a.TitleTerms.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var keywords = a.KeywordTerms.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var body = a.BodyTerms.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var score = 0;
        foreach (var t in terms)
        {
            var word = (Has(title, t) ? SearchService.TitleWeight : 0) + (Has(keywords, t) ? SearchService.KeywordWeight : 0);
            if (word == 0 && !Has(body, t)) return -1;
            score += word == 0 ? SearchService.TextWeight : word;
        }
        return score;
    }

    private static bool Has(string[] terms, QueryTerm t)
    {
        foreach (var term in terms)
            foreach (var alt in t.Alternatives)
                if (t.Prefix ? term.StartsWith(alt, StringComparison.Ordinal) : term == alt) return true;
        return false;
    }
}
