using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>
/// Receives a file for a dataset: the multipart body is read section by section, the metadata fields first, then the
/// file part streams straight into <see cref="ResourceService.UploadAsync"/> (the blob store's temporary file) —
/// never buffered whole. Without the antiforgery token, which would make the framework read the whole form first:
/// the session cookie is SameSite=Strict, and a post whose Origin is another site is refused.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UploadModel(DatasetService datasets, ResourceService resources, SchemaRegistry schemas, CatalogSettings settings, PortalContext p) : PageModel
{
    /// <summary>The text fields are small; a bigger one is refused rather than read into memory.</summary>
    private const int MaxFieldChars = 20_000;

    public Dataset Dataset { get; private set; } = null!;
    internal UploadFormView Upload { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        await LoadAsync(slug);
        Upload = Form(p, schemas, settings, Dataset.Slug, new ResourceForm(p, schemas, "upload-"));
        return Page();
    }

    // No handler parameter, even for the route's slug: binding one would build the form value provider, which reads
    // (and buffers) the whole body before the handler runs.
    public async Task<IActionResult> OnPostAsync()
    {
        if (!SameOrigin(Request)) return StatusCode(403);
        var ct = HttpContext.RequestAborted;
        await LoadAsync(RouteData.Values["slug"] as string ?? "");
        var form = new ResourceForm(p, schemas, "upload-");
        try
        {
            var r = await ReceiveAsync(form, ct);
            return Redirect($"/admin/datasets/{Dataset.Slug}/resources/?added={r.Id}");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.TooLarge)
        {
            // The browser may still be sending the file: read the rest, so that it gets this answer.
            await DrainAsync(Request, ct);
            // Built twice: the first build registers the form's fields, which AddErrors maps the service's errors to.
            Upload = Form(p, schemas, settings, Dataset.Slug, form);
            if (e.Problem == Problem.TooLarge) form.Errors.Add("file", p.T("portal.admin.upload.too-large", p.Bytes(settings.MaxUploadBytes)));
            else form.AddErrors(e);
            Upload = Form(p, schemas, settings, Dataset.Slug, form);
            Response.StatusCode = e.Problem == Problem.TooLarge ? 413 : 400;
            return Page();
        }
    }

    /// <summary>The upload form of a dataset, with the values and errors of <paramref name="form"/>.</summary>
    internal static UploadFormView Form(PortalContext p, SchemaRegistry schemas, CatalogSettings settings, string slug, ResourceForm form)
    {
        form.Labels["file"] = p.T("portal.admin.upload.file");
        IReadOnlyList<InputView> inputs =
        [
            form.Text("title", "portal.admin.resource.title", hintKey: "portal.admin.resource.title.file-hint"),
            form.Type(),
            form.SchemaList(),
            form.SchemaUrl(),
        ];
        return new UploadFormView($"/admin/datasets/{slug}/resources/upload/", inputs, form.Errors, settings.MaxUploadBytes);
    }

    private async Task<Resource> ReceiveAsync(ResourceForm form, CancellationToken ct)
    {
        var boundary = MediaTypeHeaderValue.TryParse(Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary)) throw CatalogException.Invalid("file", "multipart-expected");
        var reader = new MultipartReader(boundary, Request.Body) { BodyLengthLimit = null };
        Resource? stored = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                // A form sent without a chosen file has an empty, nameless file part.
                if (name != "file" || stored is not null || fileName.Length == 0) continue;
                stored = await resources.UploadAsync(p.Actor, Dataset.Id.ToString(), section.Body, fileName, form.Input(withUrl: false), ct);
            }
            else if (stored is null && name is "title" or "type" or "schema" or "schema_url")
            {
                form.Values[name] = await ReadFieldAsync(section.Body, name, ct);
            }
        }
        return stored ?? throw CatalogException.Invalid("file", "required");
    }

    /// <summary>A text field of a streamed multipart form, refused past <see cref="MaxFieldChars"/> rather than read into memory.</summary>
    internal static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken ct)
    {
        using var text = new StreamReader(body);
        var buffer = new char[MaxFieldChars + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await text.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        if (read > MaxFieldChars) throw CatalogException.Invalid(name, "too-long", MaxFieldChars);
        return new string(buffer, 0, read);
    }

    /// <summary>Reads what the browser still sends of a refused form, so that it gets the answer.</summary>
    internal static async Task DrainAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var buffer = new byte[81920];
            while (await request.Body.ReadAsync(buffer, ct) > 0) { }
        }
        catch (BadHttpRequestException)
        {
            // Past the server's body limit: the connection ends with the answer.
        }
    }

    /// <summary>A post from this site (or without an Origin header): what forms without an antiforgery token require.</summary>
    internal static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var u) && string.Equals(u.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private async Task LoadAsync(string slug)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        Dataset = await datasets.GetAsync(slug, actor, HttpContext.RequestAborted);
        if (!DatasetService.CanEdit(Dataset, actor)) throw CatalogException.Forbidden("resource.edit");
    }
}
