using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Portal.Discovery;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Algorithms;

namespace Socle.Portal.Pages.Organizations;

/// <summary>
/// An organisation: who it is, its figures, and its published datasets a page at a time — the search for
/// <c>organization=slug</c>, so the JSON and CSV twins are the search API's and the search export's.
/// </summary>
public sealed class OrganizationModel(OrganizationService organizations, SearchService search, AlgorithmSearch algorithms, CatalogSettings settings,
    PortalContext p, CatalogDb db) : PageModel
{
    internal const int DefaultPageSize = 10;

    internal Organization Organization { get; private set; } = null!;
    internal SearchResult? Result { get; private set; }
    internal IReadOnlyList<FieldError> Errors { get; private set; } = [];
    internal int Resources { get; private set; }
    internal double? Quality { get; private set; }
    internal DateTimeOffset? LastUpdate { get; private set; }

    /// <summary>The query of its datasets: the organisation, and this page's page and page size.</summary>
    internal string DatasetsQuery
    {
        get
        {
            var q = "?organization=" + Uri.EscapeDataString(Organization.Slug);
            if (Result is { } r) q += $"&page={r.Page}&page_size={r.PageSize}";
            return q;
        }
    }

    public async Task OnGetAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        Organization = await organizations.GetAsync(slug, ct);
        try
        {
            var (page, size) = SearchParameters.Paging(Request.Query, DefaultPageSize);
            Result = await search.SearchAsync(new SearchQuery
            {
                Filters = new Dictionary<string, string[]> { [SearchFacets.Organization] = [Organization.Slug] },
                Sort = "-updated", Page = page, PageSize = size, Facets = false,
            }, ct);
        }
        catch (CatalogException e) when (e.Problem == Problem.Invalid)
        {
            Errors = e.Errors;
            Response.StatusCode = 400;
        }
        var id = Organization.Id;
        var published = db.Datasets.AsNoTracking().Where(d => d.OrganizationId == id && d.Status == DatasetStatus.Published);
        Quality = await published.Select(d => (double?)d.Quality).AverageAsync(ct);
        Resources = await db.Resources.CountAsync(r => r.Dataset!.OrganizationId == id && r.Dataset.Status == DatasetStatus.Published, ct);
        var last = await published.OrderByDescending(d => d.UpdatedAt).Select(d => new { d.UpdatedAt }).FirstOrDefaultAsync(ct);
        LastUpdate = last?.UpdatedAt;
        // The algorithms it declares in the register: few, so all of them, by name.
        var declared = await algorithms.SearchAsync(new AlgorithmQuery
        {
            Filters = new Dictionary<string, string[]> { [AlgorithmSearch.OrganizationFacet] = [Organization.Slug] }, Sort = "name", All = true,
        }, ct);
        Algorithms = [.. declared.Hits.Select(h => AlgorithmCard.Of(h, settings.AlgorithmProfile, p.Lang))];
    }

    internal IReadOnlyList<AlgorithmCard> Algorithms { get; private set; } = [];
}
