using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Validation.Reporting;

namespace Socle.Portal.Pages.Datasets;

/// <summary>
/// Proposing a missing dataset: anyone signed in may (as <c>POST /api/1/datasets/</c>). The dataset is created in
/// status proposed, with the organisation suggested if any, and waits for review; the free comment goes with it as
/// its first comment. The profile's required fields are asked too, since a dataset cannot exist without them.
/// </summary>
public sealed class ProposeModel(DatasetService datasets, CatalogSettings settings, CatalogDb db, PortalContext p) : PageModel
{
    /// <summary>The longest comment the catalogue takes (see DatasetService.CommentAsync), checked before anything is created.</summary>
    internal const int MaxComment = 10_000;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Organization { get; set; }
    [BindProperty] public string? Keywords { get; set; }
    [BindProperty] public string? Comment { get; set; }

    /// <summary>The profile's fields every dataset must have, asked on the form.</summary>
    public IReadOnlyList<ProfileField> ProfileFields => settings.Profile.Fields.Where(f => f.Required).ToList();
    public MetadataProfile Profile => settings.Profile;
    /// <summary>The posted values of the profile fields, by key (several for a multiple field).</summary>
    public Dictionary<string, List<string>> Extras { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<(string Slug, string Name)> Organizations { get; private set; } = [];
    /// <summary>Errors by form field id (title, description, organization, keywords, comment, extras-KEY); "" for the rest.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public static string ExtraId(string key) => "extras-" + key;

    public async Task<IActionResult> OnGetAsync()
    {
        p.Actor.RequireAccount();
        await LoadOrganizationsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = p.Actor;
        actor.RequireAccount();
        foreach (var f in ProfileFields)
            Extras[f.Key] = Request.Form["extras." + f.Key].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();

        var comment = Comment?.Trim() ?? "";
        if (comment.Length > MaxComment)
            Errors["comment"] = Message(FieldError.Of("comment", "too-long", MaxComment));
        else
        {
            try
            {
                var d = await datasets.CreateAsync(actor, Body(), HttpContext.RequestAborted);
                // A member of the suggested organisation gets a draft: this form always asks for review.
                if (d.Status == DatasetStatus.Draft) d = await datasets.TransitionAsync(actor, d.Slug, "propose", null, HttpContext.RequestAborted);
                if (comment.Length > 0) await datasets.CommentAsync(actor, d.Slug, comment, HttpContext.RequestAborted);
                return Redirect("/datasets/propose/sent/?dataset=" + Uri.EscapeDataString(d.Slug));
            }
            catch (CatalogException e) when (e.Problem == Problem.Invalid)
            {
                foreach (var f in e.Errors) Errors.TryAdd(FieldId(f.Field), Message(f));
                if (e.Errors.Count == 0) Errors[""] = e.Title(p.Lang);
            }
        }
        await LoadOrganizationsAsync();
        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>The API's JSON body for the form: the same checks and the same rules apply.</summary>
    private JsonObject Body()
    {
        var body = new JsonObject
        {
            ["title"] = Title ?? "",
            ["description"] = Description ?? "",
            ["tags"] = new JsonArray((Keywords ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
        };
        if (!string.IsNullOrWhiteSpace(Organization)) body["organization"] = Organization.Trim();
        var extras = new JsonObject();
        foreach (var f in ProfileFields)
        {
            var values = Extras[f.Key];
            if (values.Count == 0) continue;
            extras[f.Key] = f.Multiple ? new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()) : values[0];
        }
        body["extras"] = extras;
        return body;
    }

    private static string FieldId(string field) => field switch
    {
        "title" or "description" or "organization" or "comment" => field,
        "tags" => "keywords",
        _ when field.StartsWith("extras.", StringComparison.Ordinal) => ExtraId(field["extras.".Length..]),
        _ => "",
    };

    /// <summary>
    /// The catalogue's message, naming the field by its label on this form rather than by its API name; profile
    /// messages already name their field by its label.
    /// </summary>
    private string Message(FieldError f)
    {
        if (!f.MessageKey.StartsWith("catalog.error.", StringComparison.Ordinal) || f.Args.Length == 0) return f.Message(p.Lang);
        var label = FieldId(f.Field) switch
        {
            "title" => p.T("portal.validate.propose.title.label"),
            "description" => p.T("portal.validate.propose.description.label"),
            "organization" => p.T("portal.validate.propose.organization.label"),
            "keywords" => p.T("portal.validate.propose.keywords.label"),
            "comment" => p.T("portal.validate.propose.comment.label"),
            _ => f.Args[0],
        };
        return Messages.Format(f.MessageKey, p.Lang, [label, .. f.Args[1..]]);
    }

    private async Task LoadOrganizationsAsync() =>
        Organizations = (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Slug, o.Name })
            .ToListAsync(HttpContext.RequestAborted)).Select(o => (o.Slug, o.Name)).ToList();
}
