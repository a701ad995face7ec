using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Socle.Catalog.Files;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin.Datasets;

namespace Socle.Portal.Pages.Admin.Schemas;

/// <summary>
/// The schema registry, for platform admins: the registered schemas and their versions, a form that registers a version
/// (by URL or upload), and one that imports a schema.data.gouv.fr catalogue (by URL or upload), which queues a job and
/// leads to its page. Both forms are multipart posts read section by section, as the resource upload is (the catalogue
/// file streams into the blob store) — hence no antiforgery token, with the same-origin check instead.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class IndexModel(SchemaRegistry registry, CatalogSettings settings, PortalContext p) : PageModel
{
    public const string RegisterPrefix = "register-", ImportPrefix = "import-";

    public IReadOnlyList<SchemaEntry> Schemas { get; private set; } = [];
    /// <summary>The version just registered (after the redirect), to confirm.</summary>
    public (string Name, string Version, bool Added, int Revalidations)? Done { get; private set; }
    internal FormErrors RegisterErrors { get; } = new() { Prefix = RegisterPrefix };
    internal FormErrors ImportErrors { get; } = new() { Prefix = ImportPrefix };
    internal IReadOnlyList<InputView> RegisterInputs { get; private set; } = [];
    internal IReadOnlyList<InputView> ImportInputs { get; private set; } = [];
    public long MaxSchemaBytes => SchemaRegistry.MaxSchemaBytes;
    public long MaxCatalogueBytes => SchemaRegistry.MaxCatalogueBytes;

    private readonly Dictionary<string, string> registerValues = new(StringComparer.Ordinal), importValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> registerLabels = new(StringComparer.Ordinal), importLabels = new(StringComparer.Ordinal);

    public IActionResult OnGet(string? done, string? name, string? version, bool? added, int? revalidations)
    {
        Load();
        if (done == "registered" && name is not null && version is not null) Done = (name, version, added ?? true, revalidations ?? 0);
        return Page();
    }

    // No handler parameters: binding one would read (and buffer) the whole multipart body first.
    public async Task<IActionResult> OnPostRegisterAsync()
    {
        Load();
        if (!UploadModel.SameOrigin(Request)) return StatusCode(403);
        var ct = HttpContext.RequestAborted;
        try
        {
            byte[]? content = null;
            await ReadAsync(registerValues, async body => content = await ReadCapped(body, SchemaRegistry.MaxSchemaBytes, ct), ct);
            var (name, version, url) = (Value(registerValues, "name") ?? "", Value(registerValues, "version"), Value(registerValues, "url"));
            if (url is not null && content is not null) return Refused(RegisterErrors, "url", p.T("portal.schemas.admin.error.two-sources"));
            if (url is null && content is null) return Refused(RegisterErrors, "url", p.T("portal.schemas.admin.error.no-source"));
            var done = content is not null
                ? await registry.RegisterAsync(p.Actor, name, version, content, null, null, ct)
                : await registry.RegisterFromUrlAsync(p.Actor, name, version, url!, null, ct);
            return Redirect(QueryHelpers.AddQueryString("/admin/schemas/", new Dictionary<string, string?>
            {
                ["done"] = "registered", ["name"] = done.Schema.Name, ["version"] = done.Version, ["added"] = done.Added ? "true" : "false",
                ["revalidations"] = done.Revalidations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict or Problem.TooLarge)
        {
            return await RefusedAsync(RegisterErrors, registerLabels, e, ct);
        }
    }

    public async Task<IActionResult> OnPostImportAsync()
    {
        Load();
        if (!UploadModel.SameOrigin(Request)) return StatusCode(403);
        var ct = HttpContext.RequestAborted;
        try
        {
            Socle.Storage.Jobs.Job? job = null;
            string? conflict = null;
            await ReadAsync(importValues, async body =>
            {
                // The address comes before the file in the form: both given is refused before the file is read.
                if (Value(importValues, "url") is not null) conflict = p.T("portal.schemas.admin.error.two-sources");
                else job = await registry.ImportAsync(p.Actor, body, ct);
            }, ct);
            if (conflict is not null) return Refused(ImportErrors, "url", conflict);
            if (job is null)
            {
                if (Value(importValues, "url") is not { } url) return Refused(ImportErrors, "url", p.T("portal.schemas.admin.error.no-source"));
                job = await registry.ImportAsync(p.Actor, url, ct);
            }
            return Redirect($"/admin/schemas/import/{job.Id}/");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.TooLarge)
        {
            return await RefusedAsync(ImportErrors, importLabels, e, ct);
        }
    }

    private void Load()
    {
        var actor = p.Actor;
        SchemaRegistry.RequireAdmin(actor, "schemas");
        Schemas = registry.List();
        Build();
    }

    private void Build()
    {
        RegisterInputs =
        [
            Input(RegisterPrefix, RegisterErrors, registerValues, registerLabels, "name", "portal.schemas.admin.register.name", InputKind.Text, required: true),
            Input(RegisterPrefix, RegisterErrors, registerValues, registerLabels, "version", "portal.schemas.admin.register.version", InputKind.Text),
            Input(RegisterPrefix, RegisterErrors, registerValues, registerLabels, "url", "portal.schemas.admin.register.url", InputKind.Url),
        ];
        registerLabels["file"] = p.T("portal.schemas.admin.register.file");
        ImportInputs = [Input(ImportPrefix, ImportErrors, importValues, importLabels, "url", "portal.schemas.admin.import.url", InputKind.Url)];
        importLabels["file"] = p.T("portal.schemas.admin.import.file");
    }

    private InputView Input(string prefix, FormErrors errors, Dictionary<string, string> values, Dictionary<string, string> labels, string name,
        string key, InputKind kind, bool required = false)
    {
        var label = p.T(key);
        labels[name] = label;
        return new InputView(name, label, kind)
        {
            Prefix = prefix, Hint = p.T(key + ".hint"), Required = required, Values = values.TryGetValue(name, out var v) ? [v] : [], Error = errors.For(name),
        };
    }

    /// <summary>Reads the form's text fields into <paramref name="values"/> and hands a chosen file's content to <paramref name="file"/>.</summary>
    private async Task ReadAsync(Dictionary<string, string> values, Func<Stream, Task> file, CancellationToken ct)
    {
        var boundary = MediaTypeHeaderValue.TryParse(Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary)) throw CatalogException.Invalid("file", "multipart-expected");
        var reader = new MultipartReader(boundary, Request.Body) { BodyLengthLimit = null };
        var fileRead = false;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                // A form sent without a chosen file has an empty, nameless file part.
                if (name != "file" || fileRead || fileName.Length == 0) continue;
                fileRead = true;
                await file(section.Body);
            }
            else if (name is "name" or "version" or "url")
            {
                values[name] = await UploadModel.ReadFieldAsync(section.Body, name, ct);
            }
        }
    }

    private static Task<byte[]> ReadCapped(Stream body, long max, CancellationToken ct) =>
        CappedStream.ReadAllAsync(body, max, () => new CatalogException(Problem.TooLarge, "too-large", null, max), ct);

    private static string? Value(Dictionary<string, string> values, string name) => values.TryGetValue(name, out var v) && v.Trim().Length > 0 ? v.Trim() : null;


    private PageResult Refused(FormErrors errors, string field, string message)
    {
        errors.Add(field, message);
        Build();
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<IActionResult> RefusedAsync(FormErrors errors, Dictionary<string, string> labels, CatalogException e, CancellationToken ct)
    {
        // The browser may still be sending the file: read the rest, so that it gets this answer.
        await UploadModel.DrainAsync(Request, ct);
        if (e.Problem == Problem.TooLarge) errors.Add("file", p.T("portal.admin.upload.too-large", p.Bytes(e.Args.FirstOrDefault() is long max ? max : settings.MaxUploadBytes)));
        else errors.Add(e, p.Lang, labels);
        Build();
        Response.StatusCode = e.Problem switch { Problem.TooLarge => 413, Problem.Conflict => 409, _ => 400 };
        return Page();
    }
}
