using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Discovery;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// A register: its records filtered as <c>/api/1/collections/{slug}/records/</c> filters them (same parameters, "as of"
/// included: the register as it was at the end of that day), a page at a time, and their map coloured by stage.
/// Stewards also find their way to imports, conflicts and members.
/// </summary>
public sealed class RegisterModel(CollectionService collections, RecordService records, ConflictService conflicts, CollectDb db, PortalContext p) : PageModel
{
    public const int PageSize = 50;
    /// <summary>The query parameters a listing shares with its API twin.</summary>
    internal static readonly string[] Parameters = ["q", "region", "departement", "category", "stage", "as_of"];

    internal CollectionView View { get; private set; } = null!;
    internal CollectionDefinition Def => View.Definition;
    internal CollectRights Rights { get; private set; } = null!;
    internal RecordQuery Query { get; private set; } = new();
    internal RecordPage Records { get; private set; } = null!;
    internal Pagination Pages { get; private set; } = null!;
    internal FilterChoices Choices { get; private set; } = null!;
    internal int OpenConflicts { get; private set; }
    /// <summary>An "as of" date that is not one (shown on its input; the listing is today's).</summary>
    internal string? AsOfError { get; private set; }
    internal string AsOfText { get; private set; } = "";

    public async Task OnGetAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Rights = await collections.RightsAsync(View.Collection, p.Actor, ct);
        Query = ReadQuery(Request.Query, out var asOfText, out var asOfError) with
        {
            Page = int.TryParse(Request.Query["page"], out var n) ? Math.Max(1, n) : 1,
            PageSize = PageSize,
        };
        AsOfText = asOfText;
        AsOfError = asOfError is null ? null : p.T("portal.collect.filter.as-of.error", asOfError);
        if (AsOfError is not null) Response.StatusCode = 400;
        Records = await records.ListAsync(slug, Query, ct);
        Pages = new Pagination(Records.Page, Records.PageSize, Records.Total);
        Choices = await FilterChoices.LoadAsync(db, View, p, Query.Region, ct);
        if (Rights.Is(CollectionRole.Steward))
            OpenConflicts = (await conflicts.ListAsync(slug, ConflictStatus.Open, null, 1, 1, ct)).Total;
    }

    /// <summary>Reads the listing's filters; an "as of" that is not a date is reported and left out.</summary>
    internal static RecordQuery ReadQuery(IQueryCollection q, out string asOfText, out string? asOfError)
    {
        string? Get(string name) => q[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
        asOfText = Get("as_of") ?? "";
        var asOf = CollectViews.ParseDate(asOfText);
        asOfError = asOfText.Length > 0 && asOf is null ? asOfText : null;
        return new RecordQuery
        {
            Q = Get("q"), Region = Get("region"), Departement = Get("departement"), Category = Get("category"), Stage = Get("stage"), AsOf = asOf,
        };
    }

    /// <summary>This listing's filters as a query string (for the twins, the map, and the records' links).</summary>
    internal string Filters(bool withPage = false, bool validAsOf = false)
    {
        var pairs = Parameters.Select(n => (n, Request.Query[n].ToString())).Where(x => x.Item2.Length > 0)
            .Where(x => !validAsOf || x.n != "as_of" || AsOfError is null).ToList();
        if (withPage && Records.Page > 1) pairs.Add(("page", Records.Page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return string.Join('&', pairs.Select(x => x.n + "=" + Uri.EscapeDataString(x.Item2)));
    }

    internal string JsonUrl => CollectViews.Api(View.Slug) + "records/" + (Filters(withPage: true) is { Length: > 0 } f ? "?" + f : "");
    internal string CsvUrl => CollectViews.Api(View.Slug) + "records.csv" + (Filters() is { Length: > 0 } f ? "?" + f : "");
    /// <summary>The API's map of the same records (what the page's map draws).</summary>
    internal string MapUrl => CollectViews.Api(View.Slug) + "map.geojson" + (Filters(validAsOf: true) is { Length: > 0 } f ? "?" + f : "");
}
