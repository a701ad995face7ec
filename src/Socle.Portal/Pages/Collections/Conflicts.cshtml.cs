using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Discovery;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// The register's conflicts (sources that disagree on a field), open or settled, as <c>/api/1/collections/{slug}/conflicts/</c>
/// lists them: each with the values by source, the published one marked, and for the stewards of its territory a form
/// to settle it — keep a source's value or enter another, with a comment.
/// </summary>
public sealed class ConflictsModel(CollectionService collections, ConflictService conflicts, PortalContext p) : PageModel
{
    public const int PageSize = 50;
    /// <summary>The choice of the form that keeps a value the steward types rather than a source's.</summary>
    internal const string Other = "__autre";

    internal CollectionView View { get; private set; } = null!;
    internal CollectionDefinition Def => View.Definition;
    internal CollectRights Rights { get; private set; } = null!;
    internal string Status { get; private set; } = "open";
    internal string? Field { get; private set; }
    internal long? RecordNumber { get; private set; }
    internal IReadOnlyList<ConflictView> Items { get; private set; } = [];
    internal Pagination Pages { get; private set; } = new(1, PageSize, 0);
    /// <summary>The conflict just settled (its notice).</summary>
    internal ConflictView? Resolved { get; private set; }
    /// <summary>The refused form: which conflict, what was chosen and typed, the errors.</summary>
    internal Guid? Failed { get; private set; }
    internal Dictionary<string, string> Posted { get; } = new(StringComparer.Ordinal);
    internal FormErrors Errors { get; private set; } = new();

    public async Task OnGetAsync(string slug, Guid? resolved) => await LoadAsync(slug, resolved);

    public async Task<IActionResult> OnPostResolveAsync(string slug, Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var form = await Request.ReadFormAsync(ct);
        foreach (var n in new[] { "choice", "value", "comment" }) Posted[n] = form[n].ToString();
        var body = new JsonObject();
        var choice = Posted["choice"];
        if (choice == Other) body["value"] = Posted["value"].Trim();
        else if (choice.Length > 0) body["source"] = choice;
        if (Posted["comment"].Trim() is { Length: > 0 } comment) body["comment"] = comment;
        try
        {
            await conflicts.ResolveAsync(p.Actor, slug, id, body, ct);
            return Redirect(ListUrl(slug, id) + "#resolu");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict or Problem.PreconditionFailed)
        {
            Failed = id;
            Errors = new FormErrors { Prefix = Prefix(id) };
            var labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["choice"] = p.T("portal.collect.conflicts.choice"), ["value"] = p.T("portal.collect.conflicts.other-value"),
                ["comment"] = p.T("portal.collect.form.comment"),
            };
            // The service names "source" the choice, and says of the other value "values.<field>" or "value".
            CollectViews.AddErrors(Errors, e, p, labels, f => f == "source" ? "choice" : f.StartsWith("values", StringComparison.Ordinal) ? "value" : f);
            Response.StatusCode = e.Problem == Problem.Invalid ? 400 : 409;
            await LoadAsync(slug, null);
            return Page();
        }
    }

    private async Task LoadAsync(string slug, Guid? resolved)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Rights = await collections.RightsAsync(View.Collection, p.Actor, ct);
        var q = Request.Query;
        Status = q["status"].ToString() is "resolved" or "all" ? q["status"].ToString() : "open";
        Field = q["field"].ToString() is { Length: > 0 } f && Def.Schema.IndexOf(f) >= 0 ? f : null;
        RecordNumber = long.TryParse(q["record"], out var n) ? n : null;
        ConflictStatus? status = Status switch { "open" => ConflictStatus.Open, "resolved" => ConflictStatus.Resolved, _ => null };
        var page = int.TryParse(q["page"], out var pg) ? Math.Max(1, pg) : 1;
        var result = await conflicts.ListAsync(slug, status, Field, page, PageSize, ct, RecordNumber);
        Items = result.Items;
        Pages = new Pagination(result.Page, result.PageSize, result.Total);
        if (resolved is { } r2) Resolved = await conflicts.GetAsync(slug, r2, ct);
    }

    /// <summary>This listing (its filters and page), with the notice of a settled conflict.</summary>
    internal string ListUrl(string slug, Guid? resolved = null)
    {
        var pairs = new List<string>();
        foreach (var n in new[] { "status", "field", "record", "page" })
            if (Request.Query[n].ToString() is { Length: > 0 } v) pairs.Add(n + "=" + Uri.EscapeDataString(v));
        if (resolved is { } r) pairs.Add("resolved=" + r);
        return CollectViews.Base(slug) + "conflicts/" + (pairs.Count > 0 ? "?" + string.Join('&', pairs) : "");
    }

    /// <summary>Where a conflict's form posts: this listing, so that the answer keeps its filters.</summary>
    internal string ActionUrl(Guid id)
    {
        var url = ListUrl(View.Slug);
        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=resolve&id=" + id;
    }

    internal static string Prefix(Guid id) => "c" + id.ToString("N")[..8] + "-";

    internal bool MayResolve(ConflictView c) =>
        c.Conflict.Status == ConflictStatus.Open && Rights.May(CollectionRole.Steward, c.Region, c.Departement);

    internal string Twin
    {
        get
        {
            var pairs = new List<string>();
            if (Status != "all") pairs.Add("status=" + Status);
            if (Field is not null) pairs.Add("field=" + Uri.EscapeDataString(Field));
            return CollectViews.Api(View.Slug) + "conflicts/" + (pairs.Count > 0 ? "?" + string.Join('&', pairs) : "");
        }
    }
}
