using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Services;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;
using Socle.Validation.Reporting;

namespace Socle.Catalog.Files;

/// <summary>What a catalogue import reads: a URL, or the key of the uploaded file in the blob store.</summary>
public sealed record SchemaImportPayload(string? Url, string? BlobKey);

/// <summary>
/// The result of a catalogue import: how many schemas the catalogue lists, the versions added and those already
/// registered with the same content (or from the same URL), the schemas skipped and the versions that failed, each with
/// its reason (a code, and the message in French and English), and how many resources were queued for a new validation.
/// </summary>
public sealed record SchemaImportReport(
    [property: JsonPropertyName("schemas")] int Schemas,
    [property: JsonPropertyName("versions_added")] int VersionsAdded,
    [property: JsonPropertyName("unchanged")] int Unchanged,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SchemaImportIssue> Skipped,
    [property: JsonPropertyName("failed")] IReadOnlyList<SchemaImportIssue> Failed,
    [property: JsonPropertyName("revalidations")] int Revalidations);

/// <summary>A schema skipped (no version) or a version that failed, with why.</summary>
public sealed record SchemaImportIssue(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] IReadOnlyDictionary<string, string> Message)
{
    /// <summary>The message in a language (French when the language is unknown).</summary>
    public string In(string lang) => Message.TryGetValue(Messages.Normalize(lang), out var m) ? m : Message.Values.FirstOrDefault() ?? Reason;
}

/// <summary>
/// Imports a schema.data.gouv.fr catalogue (<c>schemas.json</c>: <c>{"schemas": [{"name", "title", "description",
/// "schema_type", "homepage", "versions": [{"version_name", "schema_url"}], …}]}</c>) into the registry. Each Table Schema
/// version is downloaded and registered on its own (its own atomic write), so one that fails — missing, too slow, not a
/// Table Schema — is reported and the others go on; other types (JSON Schema, data packages, XSD) are skipped. A version
/// already registered from the same URL is not downloaded again: importing the same catalogue twice changes nothing.
/// </summary>
internal sealed class SchemaImportJob : IJobHandler
{
    public const string Kind = SchemaRegistry.ImportJobKind;
    string IJobHandler.Kind => Kind;

    private sealed record Entry(string? Name, string Type, SchemaMeta Meta, IReadOnlyList<(string? Version, string? Url)> Versions);

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var payload = context.PayloadAs<SchemaImportPayload>();
        var blobs = context.Services.GetRequiredService<IBlobStore>();
        try
        {
            var report = await ImportAsync(context, payload, blobs, ct);
            if (payload.BlobKey is not null) blobs.Delete(payload.BlobKey);
            return report;
        }
        catch (Exception e) when (payload.BlobKey is not null && e is not OperationCanceledException
                                  && (e is JobFailedException || context.Job.Attempts >= context.Job.MaxAttempts))
        {
            // The last attempt: the uploaded catalogue is not needed any more.
            blobs.Delete(payload.BlobKey);
            throw;
        }
    }

    private static async Task<SchemaImportReport> ImportAsync(JobContext context, SchemaImportPayload payload, IBlobStore blobs, CancellationToken ct)
    {
        var registry = context.Services.GetRequiredService<SchemaRegistry>();
        await context.ReportAsync(0, "schemas.json");
        var entries = Read(await CatalogueAsync(payload, blobs, ct));
        var total = Math.Max(1, entries.Where(e => e.Name is { } n && SchemaRegistry.IsRegistrableName(n) && e.Type == "tableschema").Sum(e => Math.Max(1, e.Versions.Count)));
        int done = 0, added = 0, unchanged = 0, revalidations = 0;
        List<SchemaImportIssue> skipped = [], failed = [];
        foreach (var entry in entries)
        {
            if (entry.Name is not { } name || !SchemaRegistry.IsRegistrableName(name))
            {
                skipped.Add(Issue(entry.Name ?? "", null, "invalid-name", "catalog.schemas.import.invalid-name", entry.Name ?? ""));
                continue;
            }
            if (entry.Type != "tableschema")
            {
                skipped.Add(Issue(name, null, "not-tableschema", "catalog.schemas.import.not-tableschema", entry.Type));
                continue;
            }
            if (entry.Versions.Count == 0)
            {
                skipped.Add(Issue(name, null, "no-version", "catalog.schemas.import.no-version"));
                await context.ReportAsync(++done / (double)total, $"{done} / {total}");
                continue;
            }
            var known = registry.Get(name);
            var latestChanged = false;
            var written = false;
            foreach (var (version, url) in entry.Versions)
            {
                try
                {
                    if (url is null)
                    {
                        failed.Add(Issue(name, version, "no-url", "catalog.schemas.import.no-url"));
                        continue;
                    }
                    if (version is not null && known?.Version(version) is { SourceUrl: { } source } && source == url)
                    {
                        unchanged++;
                        continue;
                    }
                    var content = await SchemaFetch.GetAsync(url, SchemaRegistry.MaxSchemaBytes, ct);
                    var registration = await registry.AddAsync(name, version, content, url, entry.Meta, "url", ct);
                    written = true;
                    if (registration.Added) added++;
                    else unchanged++;
                    latestChanged |= registration.LatestChanged;
                }
                catch (SchemaFetchException e)
                {
                    failed.Add(Issue(name, version, "fetch", e.Key, e.Args));
                }
                catch (CatalogException e)
                {
                    failed.Add(new SchemaImportIssue(name, version, e.Errors.Count > 0 ? e.Errors[^1].Code : e.Code, Both(lang =>
                        e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.Message(lang))) : e.Title(lang))));
                }
                finally
                {
                    await context.ReportAsync(++done / (double)total, $"{done} / {total}");
                }
            }
            // Versions known already were not read again; their schema's description may still have changed.
            if (!written && known is { Legacy: false }) await registry.DescribeAsync(name, entry.Meta, ct);
            if (latestChanged) revalidations += await registry.RevalidateFollowersAsync(name, ct);
        }
        return new SchemaImportReport(entries.Count, added, unchanged, skipped, failed, revalidations);
    }

    private static async Task<byte[]> CatalogueAsync(SchemaImportPayload payload, IBlobStore blobs, CancellationToken ct)
    {
        if (payload.BlobKey is { } key)
        {
            try
            {
                await using var s = blobs.OpenRead(key);
                using var copy = new MemoryStream();
                await s.CopyToAsync(copy, ct);
                return copy.ToArray();
            }
            catch (BlobNotFoundException)
            {
                throw new JobFailedException("The uploaded catalogue is no longer in the store.");
            }
        }
        try
        {
            return await SchemaFetch.GetAsync(payload.Url ?? "", SchemaRegistry.MaxCatalogueBytes, ct);
        }
        catch (SchemaFetchException e) when (!e.Transient)
        {
            throw new JobFailedException(e.Message);
        }
    }

    /// <summary>The catalogue's entries; a document that is not one fails the job (retrying would not change it).</summary>
    private static List<Entry> Read(byte[] bytes)
    {
        JsonDocument doc;
        try
        {
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            doc = JsonDocument.Parse(bytes.AsMemory(start), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new JobFailedException($"Not a schemas.json catalogue: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}.");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("schemas", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new JobFailedException("Not a schemas.json catalogue: no \"schemas\" list.");
            var entries = new List<Entry>();
            foreach (var e in list.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) { entries.Add(new Entry(null, "", new SchemaMeta(), [])); continue; }
                var name = Str(e, "name")?.Trim();
                var versions = new List<(string?, string?)>();
                if (e.TryGetProperty("versions", out var vs) && vs.ValueKind == JsonValueKind.Array)
                    foreach (var v in vs.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object))
                        versions.Add((Str(v, "version_name")?.Trim() is { Length: > 0 } label ? label : null, Str(v, "schema_url")));
                // A catalogue entry without a list of versions still names its schema: its version is the one it declares.
                if (versions.Count == 0 && Str(e, "schema_url") is { } only) versions.Add((null, only));
                var homepage = Str(e, "homepage");
                var meta = new SchemaMeta(Cut(Str(e, "title"), 500), Cut(Str(e, "description"), 20_000),
                    homepage is not null && SchemaResolver.IsUrl(homepage) ? homepage : null, "tableschema");
                entries.Add(new Entry(name, Str(e, "schema_type") ?? "tableschema", meta, versions));
            }
            return entries;
        }
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Cut(string? s, int max) => s is { Length: > 0 } ? s.Length > max ? s[..max] : s : null;

    private static SchemaImportIssue Issue(string name, string? version, string reason, string key, params object?[] args) =>
        new(name, version, reason, Both(lang => Messages.Format(key, lang, args)));

    private static Dictionary<string, string> Both(Func<string, string> text) =>
        new() { [Messages.French] = text(Messages.French), [Messages.English] = text(Messages.English) };
}
