using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Socle.Catalog;
using Socle.Catalog.Files;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Validation;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Portal.Pages.Validate;

/// <summary>
/// A schema of the registry, as the form lists it: its name (<see cref="Latest"/>: it follows the latest version, named
/// in <see cref="Version"/>) or one of its versions (<c>name@version</c>).
/// </summary>
public sealed record RegisteredSchema(string Name, string? Title, string? Version, bool Latest = false);

/// <summary>
/// One validation asked for by the <c>/validate/</c> form or its JSON twin: the inputs (a file streamed to a temporary
/// folder, or a URL; a registered schema, a schema URL or an uploaded schema), what is wrong with them by field, and
/// the report. Disposing it deletes the temporary folder, whatever happened.
/// </summary>
public sealed class ValidationRun(SchemaResolver schemas, CatalogSettings settings, PortalContext p, PublicFetcher fetcher) : IDisposable
{
    private readonly string lang = p.Lang;

    /// <summary>The form's fields (also the query parameters of a URL validation).</summary>
    public const string FileField = "file", UrlField = "url", SchemaField = "schema", SchemaUrlField = "schema_url", SchemaFileField = "schema_file";

    /// <summary>The value of the schema list that asks for no schema: types are then inferred, as frictionless does.</summary>
    public const string InferSchema = "-";

    /// <summary>A schema is a small JSON document: larger uploads are refused before parsing.</summary>
    public const long MaxSchemaBytes = 10L << 20;

    private const int MaxTextField = 8192;

    private string? folder;
    private string? dataPath, schemaPath;

    public string? FileName { get; private set; }
    public string? Url { get; private set; }
    public string? Schema { get; private set; }
    public string? SchemaUrl { get; private set; }
    public string? SchemaFileName { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public ValidationReport? Report { get; private set; }
    public ReportView.SchemaInfo? SchemaInfo { get; private set; }

    /// <summary>What was validated, as the report names it: the uploaded file's name or the URL.</summary>
    public string? Source => FileName ?? Url;

    /// <summary>Whether the same validation can be asked for again by a link (no uploaded file or schema).</summary>
    public bool Linkable => FileName is null && SchemaFileName is null && Url is not null;

    /// <summary>The query of a link that runs this validation again (<c>/validate/?…</c>, <c>/validate/report.json?…</c>).</summary>
    public string Query()
    {
        var q = new Dictionary<string, string?> { [UrlField] = Url };
        if (!string.IsNullOrEmpty(Schema)) q[SchemaField] = Schema;
        if (!string.IsNullOrEmpty(SchemaUrl)) q[SchemaUrlField] = SchemaUrl;
        return QueryHelpers.AddQueryString("", q);
    }

    /// <summary>The registered schemas, each by its name (the latest version) then by each of its versions, newest first.</summary>
    public static IReadOnlyList<RegisteredSchema> Registered(SchemaRegistry registry) =>
    [
        .. registry.List().SelectMany(e => e.NewestFirst.Select(v => new RegisteredSchema(SchemaResolver.Reference(e.Name, v.Version), e.Title, v.Version))
            .Prepend(new RegisteredSchema(e.Name, e.Title, e.Latest, Latest: true))),
    ];

    /// <summary>The inputs of a link: a file URL and a registered schema or a schema URL.</summary>
    public void ReadQuery(IQueryCollection query)
    {
        Url = Clean(query[UrlField].ToString());
        Schema = Clean(query[SchemaField].ToString());
        SchemaUrl = Clean(query[SchemaUrlField].ToString());
    }

    /// <summary>
    /// Reads the form section by section: files stream to the temporary folder as they arrive (never held in memory,
    /// never buffered by the framework first), capped like uploads; text fields are read as they come.
    /// </summary>
    public async Task ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            // A form without a file input (or a client sending url-encoded fields): small, read as it is.
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                Url = Clean(form[UrlField].ToString());
                Schema = Clean(form[SchemaField].ToString());
                SchemaUrl = Clean(form[SchemaUrlField].ToString());
            }
            return;
        }
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                var fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "");
                // A file input left empty still sends a part, with no name and no bytes.
                if (fileName.Length == 0) continue;
                if (name == FileField && dataPath is null)
                {
                    var path = TempPath("data", fileName);
                    if (await SaveAsync(section.Body, path, settings.MaxUploadBytes, ct)) { dataPath = path; FileName = fileName; }
                    else Errors[FileField] = Messages.Format("portal.validate.error.too-large", lang, fileName, p.Bytes(settings.MaxUploadBytes));
                }
                else if (name == SchemaFileField && schemaPath is null)
                {
                    var path = TempPath("schema", ".json");
                    if (await SaveAsync(section.Body, path, MaxSchemaBytes, ct)) { schemaPath = path; SchemaFileName = fileName; }
                    else Errors[SchemaFileField] = Messages.Format("portal.validate.error.too-large", lang, fileName, p.Bytes(MaxSchemaBytes));
                }
                continue;
            }
            var text = await ReadTextAsync(section.Body, ct);
            switch (name)
            {
                case UrlField: Url = Clean(text); break;
                case SchemaField: Schema = Clean(text); break;
                case SchemaUrlField: SchemaUrl = Clean(text); break;
            }
        }
    }

    /// <summary>
    /// Checks the inputs, loads the schema, fetches the file when given by URL, and validates it. Returns false, with
    /// <see cref="Errors"/> by field, when there is nothing to validate.
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        if (Errors.Count > 0) return false;
        if (dataPath is not null && Url is not null) Errors[UrlField] = Messages.Get("portal.validate.error.file-and-url", lang);
        else if (dataPath is null && Url is null) Errors[FileField] = Messages.Get("portal.validate.error.no-file", lang);
        else if (Url is not null && !IsHttp(Url)) Errors[UrlField] = Messages.Format("portal.validate.error.not-http", lang, Url);

        var given = new[] { (SchemaField, Schema), (SchemaUrlField, SchemaUrl), (SchemaFileField, SchemaFileName) }
            .Where(x => x.Item2 is not null).ToList();
        if (given.Count == 0) Errors[SchemaField] = Messages.Get("portal.validate.error.no-schema", lang);
        else if (given.Count > 1) Errors[given[1].Item1] = Messages.Get("portal.validate.error.two-schemas", lang);
        else if (SchemaUrl is not null && !IsHttp(SchemaUrl)) Errors[SchemaUrlField] = Messages.Format("portal.validate.error.not-http", lang, SchemaUrl);
        if (Errors.Count > 0) return false;

        var schema = await LoadSchemaAsync(ct);
        if (Errors.Count > 0) return false;

        if (dataPath is null)
        {
            var fetched = TempPath("data", Path.GetFileName(new Uri(Url!).AbsolutePath));
            if (!await FetchAsync(Url!, fetched, settings.MaxUploadBytes, UrlField, ct)) return false;
            dataPath = fetched;
        }
        var path = dataPath;
        var ext = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        try
        {
            Report = Validator.ValidateTable(path, schema, new ValidationOptions { Format = ext is "csv" or "tsv" or "xlsx" or "xls" ? ext : null });
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Errors[Url is not null ? UrlField : FileField] = Messages.Format("portal.validate.error.unreadable", lang, Source, e.Message);
            return false;
        }
        return true;
    }

    /// <summary>The report as frictionless-shaped JSON, naming the file or URL rather than the temporary path.</summary>
    public string ReportJson()
    {
        var node = JsonNode.Parse(ReportWriter.ToJson(Report!, lang))!;
        foreach (var t in node["tasks"]?.AsArray() ?? [])
        {
            if (t is not JsonObject task) continue;
            task["name"] = FileName is not null ? Path.GetFileNameWithoutExtension(FileName) : task["name"]?.DeepClone();
            task["place"] = Source;
            if (SchemaInfo is { } s) task["schema"] = new JsonObject { ["name"] = s.Name, ["title"] = s.Title, ["version"] = s.Version, ["reference"] = s.Reference };
        }
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private async Task<TableSchema?> LoadSchemaAsync(CancellationToken ct)
    {
        var (field, reference) = Schema is not null ? (SchemaField, Schema) : SchemaUrl is not null ? (SchemaUrlField, SchemaUrl) : (SchemaFileField, SchemaFileName!);
        if (field == SchemaField && Schema == InferSchema) return null;
        try
        {
            TableSchema schema;
            if (field == SchemaField) schema = schemas.Load(reference);
            else
            {
                // A schema URL is fetched as the file's URL is (same guard, a smaller cap), then read as an uploaded one.
                if (field == SchemaUrlField)
                {
                    var fetched = TempPath("schema", ".json");
                    if (!await FetchAsync(SchemaUrl!, fetched, MaxSchemaBytes, SchemaUrlField, ct)) return null;
                    schemaPath = fetched;
                }
                using (var s = File.OpenRead(schemaPath!))
                {
                    JsonDocument doc;
                    try { doc = JsonDocument.Parse(s, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
                    catch (JsonException e) { throw new SchemaException("schema.invalid-json", reference, $"{e.LineNumber + 1}:{e.BytePositionInLine + 1}"); }
                    using (doc) schema = SchemaReader.Read(doc.RootElement);
                }
                Validator.CheckSchema(schema);
            }
            SchemaInfo = ReportView.Describe(schema, reference);
            return schema;
        }
        catch (SchemaException e)
        {
            Errors[field] = Messages.Format("portal.validate.error.schema", lang, e.Localized(lang));
        }
        catch (FileNotFoundException) when (field == SchemaField)
        {
            // SchemaResolver's answer for a name that is not in the registry.
            Errors[field] = Messages.Format("portal.validate.error.schema-unknown", lang, reference);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Errors[field] = Messages.Format("portal.validate.error.schema", lang, e.Message);
        }
        return null;
    }

    /// <summary>
    /// Fetches a URL into <paramref name="path"/> as uploads are stored: streamed, size-capped. False, with the error
    /// on <paramref name="field"/>, when it cannot be had.
    /// </summary>
    private async Task<bool> FetchAsync(string url, string path, long max, string field, CancellationToken ct)
    {
        try
        {
            using var response = await fetcher.Client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                Errors[field] = Messages.Format("portal.validate.error.unreachable", lang, url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                return false;
            }
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            if (await SaveAsync(body, path, max, ct)) return true;
            Errors[field] = Messages.Format("portal.validate.error.too-large", lang, url, p.Bytes(max));
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            var reason = Inner<PublicFetcher.PrivateAddressException>(e) is { } denied
                ? Messages.Format("portal.validate.error.private-address", lang, denied.Host) : e.Message;
            Errors[field] = Messages.Format("portal.validate.error.unreachable", lang, url, reason);
            return false;
        }
    }

    private static T? Inner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    /// <summary>Copies a stream to a file up to <paramref name="max"/> bytes; past it, the file is deleted, the rest of the stream is read and dropped, and false is returned.</summary>
    private static async Task<bool> SaveAsync(Stream source, string path, long max, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            while ((n = await source.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > max) break;
                await target.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        if (total <= max) return true;
        File.Delete(path);
        // Reading on lets the browser see the answer instead of a reset connection (Kestrel still caps the request).
        while (await source.ReadAsync(buffer, ct) > 0) { }
        return false;
    }

    private string TempPath(string stem, string nameOrExtension)
    {
        folder ??= Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "socle-validate-" + Guid.NewGuid().ToString("N"))).FullName;
        // Only the extension is kept from the user's name (it tells CSV from Excel): never a path, never odd characters.
        var ext = Path.GetExtension(nameOrExtension).ToLowerInvariant();
        if (ext.Length is < 2 or > 6 || !ext.Skip(1).All(char.IsAsciiLetterOrDigit)) ext = "";
        return Path.Combine(folder, stem + ext);
    }

    private static async Task<string> ReadTextAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxTextField];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return new string(buffer, 0, read);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool IsHttp(string s) => Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    public void Dispose()
    {
        if (folder is null) return;
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        folder = null;
    }
}
