using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Socle.Catalog;
using Socle.Catalog.Services;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin;
using Socle.Portal.Pages.Admin.Datasets;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// A file brought into the register (stewards): chosen with one of the register's crosswalks, a source and the day its
/// values hold from, then planned by a job (the dry run) on the import's page. The multipart body is read in order —
/// the fields first, then the file streamed to the blob store, never buffered whole — hence no antiforgery token (it
/// would make the framework read the whole form first): the session cookie is SameSite=Strict, and a post from another
/// site is refused.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ImportNewModel(CollectionService collections, ImportService imports, CatalogSettings settings, PortalContext p) : PageModel
{
    private static readonly string[] Fields = ["crosswalk", "source", "valid_from", "comment"];

    internal CollectionView View { get; private set; } = null!;
    internal IReadOnlyList<(string Id, string Title, string? Description, string? Source)> Crosswalks { get; private set; } = [];
    internal Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    internal FormErrors Errors { get; } = new();
    internal long MaxBytes => settings.MaxUploadBytes;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Crosswalks.Count > 0) Values["crosswalk"] = Crosswalks[0].Id;
    }

    // No handler parameter, even for the route's slug: binding one would read (and buffer) the whole body first.
    public async Task<IActionResult> OnPostAsync()
    {
        if (!UploadModel.SameOrigin(Request)) return StatusCode(403);
        var ct = HttpContext.RequestAborted;
        await LoadAsync();
        try
        {
            var batch = await ReceiveAsync(ct);
            return Redirect(CollectViews.Base(View.Slug) + "imports/" + batch.Id + "/");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.TooLarge or Problem.Forbidden)
        {
            // The browser may still be sending the file: read the rest, so that it gets this answer.
            await UploadModel.DrainAsync(Request, ct);
            if (e.Problem == Problem.TooLarge) Errors.Add("file", p.T("portal.collect.import.too-large", p.Bytes(settings.MaxUploadBytes)));
            else CollectViews.AddErrors(Errors, e, p, Labels);
            Response.StatusCode = e.Problem switch { Problem.TooLarge => 413, Problem.Forbidden => 403, _ => 400 };
            return Page();
        }
    }

    private async Task<ImportBatch> ReceiveAsync(CancellationToken ct)
    {
        var boundary = MediaTypeHeaderValue.TryParse(Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary)) throw CatalogException.Invalid("file", "multipart-expected");
        var reader = new MultipartReader(boundary, Request.Body) { BodyLengthLimit = null };
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                // A form sent without a chosen file has an empty, nameless file part.
                if (name != "file" || fileName.Length == 0) continue;
                return await imports.CreateAsync(p.Actor, View.Slug, section.Body, fileName, BuildRequest(), ct);
            }
            if (Fields.Contains(name)) Values[name] = (await UploadModel.ReadFieldAsync(section.Body, name, ct)).Trim();
        }
        // No file: the other fields are still checked, so that every error shows at once.
        BuildRequest();
        throw CatalogException.Invalid([new FieldError("file", "collect-required", "collect.error.collect-required", ["file"])]);
    }

    /// <summary>What the form asks, or its errors (a date that is not one is the form's own refusal).</summary>
    private ImportRequest BuildRequest()
    {
        var text = Values.GetValueOrDefault("valid_from") ?? "";
        var validFrom = CollectViews.ParseDate(text);
        if (text.Length > 0 && validFrom is null)
            throw CatalogException.Invalid([new FieldError("valid_from", "collect-bad-date", "collect.error.collect-bad-date", ["valid_from", text])]);
        return new ImportRequest(Values.GetValueOrDefault("crosswalk"), null, Values.GetValueOrDefault("source") is { Length: > 0 } s ? s : null,
            validFrom, Values.GetValueOrDefault("comment") is { Length: > 0 } c ? c : null);
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(RouteData.Values["slug"] as string ?? "", ct);
        (await collections.RightsAsync(View.Collection, p.Actor, ct)).Require(CollectionRole.Steward, "import.create", anywhere: true);
        Crosswalks = [.. (await collections.CrosswalksAsync(View.Slug, ct)).Select(x =>
        {
            var c = Crosswalk.Parse(x.Definition);
            return (c.Id, c.Title.In(p.Lang), c.Description?.In(p.Lang), c.Source);
        })];
    }

    internal Dictionary<string, string> Labels => new(StringComparer.Ordinal)
    {
        ["file"] = p.T("portal.collect.import.file"), ["crosswalk"] = p.T("portal.collect.import.crosswalk"),
        ["source"] = p.T("portal.collect.form.source"), ["valid_from"] = p.T("portal.collect.import.valid-from"),
        ["comment"] = p.T("portal.collect.form.comment"),
    };

    private string Value(string name) => Values.GetValueOrDefault(name) ?? "";

    internal IEnumerable<InputView> Inputs()
    {
        yield return new InputView("crosswalk", p.T("portal.collect.import.crosswalk"), InputKind.Select)
        {
            Hint = p.T("portal.collect.import.crosswalk.hint"), Required = true, Values = [Value("crosswalk")], Error = Errors.For("crosswalk"),
            Options = [.. Crosswalks.Select(c => new OptionView(c.Id, $"{c.Title} ({c.Id})"))],
        };
        yield return new InputView("source", p.T("portal.collect.form.source"), InputKind.Select)
        {
            Hint = p.T("portal.collect.import.source.hint"), Values = [Value("source")], Error = Errors.For("source"),
            Placeholder = p.T("portal.collect.import.source.default"),
            Options = [.. View.Definition.Sources.Select(s => new OptionView(s.Id, s.Label.In(p.Lang)))],
        };
        yield return new InputView("valid_from", p.T("portal.collect.import.valid-from"), InputKind.Date)
        {
            Hint = p.T("portal.collect.import.valid-from.hint"), Values = [Value("valid_from")], Error = Errors.For("valid_from"),
        };
        yield return new InputView("comment", p.T("portal.collect.form.comment"), InputKind.Textarea)
        {
            Hint = p.T("portal.collect.import.comment.hint"), Values = [Value("comment")], Error = Errors.For("comment"),
        };
    }
}
