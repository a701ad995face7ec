using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Portal.Discovery;

namespace Socle.Portal.Pages;

/// <summary>
/// The home page: a search bar, the catalogue and the algorithm register in figures (counted as <c>/api/1/site/</c> counts them), the themes of
/// the active profile (its first facet with a vocabulary) with their dataset counts, the latest and best-scored datasets.
/// </summary>
public sealed class IndexModel(CatalogDb db, SearchService search, CatalogSettings settings) : PageModel
{
    private const int CardCount = 3;

    internal long Datasets { get; private set; }
    internal long Organizations { get; private set; }
    internal long Resources { get; private set; }
    internal long Algorithms { get; private set; }
    internal ProfileField? ThemeField { get; private set; }
    internal IReadOnlyList<(Concept Concept, int Count)> Themes { get; private set; } = [];
    internal IReadOnlyList<DatasetCard> Latest { get; private set; } = [];
    internal IReadOnlyList<DatasetCard> Best { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Datasets = await db.Datasets.CountAsync(d => d.Status == DatasetStatus.Published, ct);
        Organizations = await db.Organizations.CountAsync(ct);
        Resources = await db.Resources.CountAsync(r => r.Dataset!.Status == DatasetStatus.Published, ct);
        Algorithms = await db.Algorithms.CountAsync(a => a.Status == DatasetStatus.Published, ct);

        var profile = settings.Profile;
        ThemeField = profile.FacetFields.FirstOrDefault(f => f.Vocabulary is not null && profile.Vocabulary(f.Vocabulary) is not null);
        var vocabulary = ThemeField is null ? null : profile.Vocabulary(ThemeField.Vocabulary!);

        // One search gives the latest datasets and, through its facet counts, the datasets per theme.
        var latest = await search.SearchAsync(new SearchQuery { Sort = "-updated", PageSize = CardCount, FacetSize = vocabulary?.Concepts.Count ?? 1 }, ct);
        Latest = latest.Hits.Select(h => DatasetCard.Of(h, horizontal: false)).ToList();
        if (vocabulary is not null)
        {
            var counts = latest.Facets.GetValueOrDefault(ThemeField!.Key)?.ToDictionary(v => v.Value, v => v.Count) ?? [];
            Themes = vocabulary.Concepts.Select(c => (c, counts.GetValueOrDefault(c.Value))).ToList();
        }
        var best = await search.SearchAsync(new SearchQuery { Sort = "-quality", PageSize = CardCount, Facets = false }, ct);
        Best = best.Hits.Select(h => DatasetCard.Of(h, horizontal: false)).ToList();
    }
}
