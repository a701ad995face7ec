using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Services;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;
using Socle.Validation;
using Socle.Validation.Schema;

namespace Socle.Catalog.Files;

/// <summary>
/// The schema registry: Table Schemas registered by name, each in immutable versions, as files of the data folder that
/// <see cref="SchemaResolver"/> reads and the API serves —
/// <c>&lt;name&gt;/@&lt;version&gt;/schema.json</c> (written once: a temporary file moved into place; the same version with
/// other content is refused), <c>&lt;name&gt;/schema.json</c> (a copy of the latest version, so that a resource naming the
/// schema follows it, and schemas registered before versions existed keep working) and <c>&lt;name&gt;/registry.json</c>
/// (title, description, homepage, type, and each version's source URL, SHA-256 and date; rewritten atomically under one
/// lock for the process). The latest is the highest version (<see cref="SchemaVersionOrder"/>), not the last registered.
/// When it changes, every resource that follows the schema by its bare name is validated again.
/// </summary>
public sealed class SchemaRegistry(SchemaResolver resolver, CatalogDb db, IBlobStore blobs, TimeProvider clock)
{
    /// <summary>A Table Schema is a small JSON document; larger ones are refused before reading.</summary>
    public const long MaxSchemaBytes = 5L << 20;
    /// <summary>schema.data.gouv.fr's whole catalogue is under 1 MB.</summary>
    public const long MaxCatalogueBytes = 20L << 20;
    /// <summary>The subject of catalogue import jobs (they are about the registry, not one resource).</summary>
    public const string ImportSubject = "schemas:import";
    /// <summary>The kind of catalogue import jobs (<see cref="SchemaImportJob"/>).</summary>
    public const string ImportJobKind = "schemas.import";
    public const string RegistryFile = "registry.json";
    private const string LatestFile = "schema.json";

    private static readonly SemaphoreSlim Writing = new(1, 1);
    private static readonly ConcurrentDictionary<string, CachedEntry> Cache = new(StringComparer.Ordinal);
    // Bumped by every write of this process: a cached entry is trusted only if nothing was written since (two rewrites
    // within the file system's clock tick can leave the same time and length); another process's writes show in the stamps.
    private static long generation;
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly JsonSerializerOptions DocumentJson = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // --- reading -----------------------------------------------------------------------------------------------------

    /// <summary>Every registered schema, by name.</summary>
    public IReadOnlyList<SchemaEntry> List() => [.. resolver.Registered().Select(Get).OfType<SchemaEntry>()];

    /// <summary>A registered schema, or null (read from its files; cached until they change).</summary>
    public SchemaEntry? Get(string name)
    {
        if (resolver.NameFolder(name) is not { } folder) return null;
        var (registry, latest) = (Path.Combine(folder, RegistryFile), Path.Combine(folder, LatestFile));
        var written = Interlocked.Read(ref generation);
        var stamps = (StampOf(registry), StampOf(latest));
        if (stamps is (null, null)) return null;
        if (Cache.TryGetValue(folder, out var known) && known.Stamps == stamps && known.Generation == written) return known.Entry;
        var entry = Read(name, registry, latest);
        Cache[folder] = new CachedEntry(stamps, written, entry);
        return entry;
    }

    /// <summary>The versions of a schema, oldest first (none for an unknown schema or one registered before versions).</summary>
    public IReadOnlyList<SchemaVersion> Versions(string name) => Get(name)?.Versions ?? [];

    /// <summary>The latest registered version of a schema, or null when it has none.</summary>
    public string? Latest(string name) => Get(name) is { Legacy: false } e ? e.Latest : null;

    /// <summary>
    /// The reference (<c>name@version</c>) of the registered version downloaded from <paramref name="url"/>, or null: how
    /// a harvested resource's <c>dct:conformsTo</c> or CKAN <c>schema</c> URL becomes a version of this registry.
    /// </summary>
    public string? ReferenceFor(string url)
    {
        foreach (var e in List())
        foreach (var v in e.NewestFirst)
            if (v.SourceUrl is { } source && SameUrl(source, url)) return SchemaResolver.Reference(e.Name, v.Version);
        return null;
    }

    /// <summary><c>name@version</c> (or <c>name</c> when <paramref name="version"/> is null) when registered, else null.</summary>
    public string? ReferenceFor(string name, string? version)
    {
        var reference = SchemaResolver.Reference(name, version);
        return SchemaResolver.Split(reference) is not null && resolver.RegisteredPath(reference) is not null ? reference : null;
    }

    /// <summary>A name the registry accepts: a resolver name whose parts start with a letter or digit and are not file names (<c>*.json</c>).</summary>
    public static bool IsRegistrableName(string name) => SchemaResolver.IsName(name) &&
        name.Split('/').All(p => p.Length > 0 && char.IsAsciiLetterOrDigit(p[0]) && !p.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

    // --- registering -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Registers a version of a schema from its content (an upload, or what <paramref name="sourceUrl"/> served). The
    /// version defaults to the one the schema declares. Platform admins only. Refused, with nothing written, when the
    /// name or version is not usable, the content is not a usable Table Schema, or the version exists with other content.
    /// </summary>
    public async Task<SchemaRegistration> RegisterAsync(Actor actor, string name, string? version, byte[] content, string? sourceUrl = null,
        SchemaMeta? meta = null, CancellationToken ct = default)
    {
        RequireAdmin(actor, "schemas.register");
        var done = await AddAsync(name, version, content, sourceUrl, meta, sourceUrl is null ? "file" : "url", ct);
        return done.LatestChanged ? done with { Revalidations = await RevalidateFollowersAsync(name, ct) } : done;
    }

    /// <summary>Registers the schema at <paramref name="url"/> (downloaded with a time limit and a size cap; the URL is kept as its source).</summary>
    public async Task<SchemaRegistration> RegisterFromUrlAsync(Actor actor, string name, string? version, string url, SchemaMeta? meta = null,
        CancellationToken ct = default)
    {
        RequireAdmin(actor, "schemas.register");
        var errors = CheckInput(name, version, meta);
        if (!SchemaResolver.IsUrl(url)) errors.Add(FieldError.Of("url", "url", url));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        byte[] content;
        try
        {
            content = await SchemaFetch.GetAsync(url, MaxSchemaBytes, ct);
        }
        catch (SchemaFetchException e)
        {
            throw CatalogException.Invalid([new FieldError("url", "schema-fetch", e.Key, e.Args)]);
        }
        return await RegisterAsync(actor, name, version, content, url, meta, ct);
    }

    /// <summary>Queues the import of a schema.data.gouv.fr catalogue (<c>schemas.json</c>) found at a URL.</summary>
    public async Task<Job> ImportAsync(Actor actor, string url, CancellationToken ct = default)
    {
        RequireAdmin(actor, "schemas.import");
        if (!SchemaResolver.IsUrl(url)) throw CatalogException.Invalid("url", "url", url);
        return await QueueImportAsync(new SchemaImportPayload(url, null), ct);
    }

    /// <summary>Queues the import of an uploaded catalogue: streamed to the blob store first (size-capped), read by the job.</summary>
    public async Task<Job> ImportAsync(Actor actor, Stream catalogue, CancellationToken ct = default)
    {
        RequireAdmin(actor, "schemas.import");
        StoredBlob blob;
        try
        {
            blob = await blobs.PutAsync(catalogue, MaxCatalogueBytes, ct);
        }
        catch (BlobTooLargeException e)
        {
            throw new CatalogException(Problem.TooLarge, "too-large", null, e.Limit);
        }
        try
        {
            if (blob.Size == 0) throw CatalogException.Invalid("file", "required");
            return await QueueImportAsync(new SchemaImportPayload(null, blob.Key), ct);
        }
        catch
        {
            blobs.Delete(blob.Key);
            throw;
        }
    }

    private async Task<Job> QueueImportAsync(SchemaImportPayload payload, CancellationToken ct)
    {
        var job = JobQueue.Enqueue(db, SchemaImportJob.Kind, ImportSubject, payload, clock, maxAttempts: 3);
        await db.SaveChangesAsync(ct);
        return job;
    }

    /// <summary>Registering and importing are for platform admins: 401 when anonymous, 403 otherwise.</summary>
    public static void RequireAdmin(Actor actor, string action)
    {
        actor.RequireAccount();
        if (!actor.IsAdmin) throw CatalogException.Forbidden(action);
    }

    /// <summary>
    /// Writes one version (checked, once) and the schema's description, and moves the latest copy when the highest
    /// version's content is not the one it holds. <paramref name="field"/> names the input the content came from, for errors.
    /// </summary>
    internal async Task<SchemaRegistration> AddAsync(string name, string? version, byte[] content, string? sourceUrl, SchemaMeta? meta,
        string field, CancellationToken ct)
    {
        var errors = CheckInput(name, version, meta);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        if (content.Length > MaxSchemaBytes) throw new CatalogException(Problem.TooLarge, "too-large", null, MaxSchemaBytes);
        var declared = ReadSchema(content, field, sourceUrl ?? field);
        version ??= declared is { } d && SchemaResolver.IsVersion(d) ? d : throw CatalogException.Invalid("version", "schema-version-required");
        var folder = resolver.NameFolder(name) ?? throw new InvalidOperationException("The catalogue has no schema folder.");
        var sha = Sha256(content);

        await Writing.WaitAsync(ct);
        try
        {
            var registryPath = Path.Combine(folder, RegistryFile);
            var doc = ReadDocument(registryPath) ?? AdoptLegacy(folder, name);
            var file = VersionFile(folder, version);
            var added = !File.Exists(file);
            if (added) WriteOnce(file, content, name, version);
            else if (Sha256(File.ReadAllBytes(file)) != sha) throw Immutable(name, version);
            if (doc.Versions.All(v => v.Version != version))
                doc.Versions.Add(new VersionRecord { Version = version, SourceUrl = sourceUrl, Sha256 = sha, RegisteredAt = clock.GetUtcNow() });
            doc.Name = name;
            Describe(doc, meta);
            doc.Latest = SchemaVersionOrder.Latest(doc.Versions.Select(v => v.Version!));

            // The latest copy is rewritten only when its content is not the latest version's: that is what resources follow.
            var latest = File.ReadAllBytes(VersionFile(folder, doc.Latest!));
            var latestPath = Path.Combine(folder, LatestFile);
            var latestChanged = !File.Exists(latestPath) || Sha256(File.ReadAllBytes(latestPath)) != Sha256(latest);
            if (latestChanged) WriteReplacing(latestPath, latest);
            WriteIfChanged(registryPath, doc);
            return new SchemaRegistration(Get(name)!, version, added, latestChanged, 0);
        }
        finally
        {
            Writing.Release();
        }
    }

    /// <summary>Updates a registered schema's description (a catalogue import whose versions are all known already).</summary>
    internal async Task DescribeAsync(string name, SchemaMeta meta, CancellationToken ct)
    {
        if (resolver.NameFolder(name) is not { } folder || CheckInput(name, null, meta).Count > 0) return;
        await Writing.WaitAsync(ct);
        try
        {
            var path = Path.Combine(folder, RegistryFile);
            if (ReadDocument(path) is not { } doc) return;
            Describe(doc, meta);
            WriteIfChanged(path, doc);
        }
        finally
        {
            Writing.Release();
        }
    }

    /// <summary>
    /// Queues a validation of every resource that follows <paramref name="name"/> without a version (they now follow
    /// another schema), in one transaction; returns how many. Pinned resources (<c>name@version</c>) are not concerned.
    /// </summary>
    internal async Task<int> RevalidateFollowersAsync(string name, CancellationToken ct)
    {
        var following = await db.Resources.AsNoTracking()
            .Where(r => r.Schema == name && (r.FileType == "file" ? r.BlobKey != null : r.Url != null))
            .Select(r => new { r.Id, r.Checksum }).ToListAsync(ct);
        // Subjects as ResourceService.Subject writes them, so the jobs show with the resource's.
        foreach (var r in following)
            JobQueue.Enqueue(db, ResourceValidationJob.Kind, $"resource:{r.Id}", new ValidationPayload(r.Id, r.Checksum), clock);
        if (following.Count > 0) await db.SaveChangesAsync(ct);
        return following.Count;
    }

    private static List<FieldError> CheckInput(string name, string? version, SchemaMeta? meta)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name)) errors.Add(FieldError.Of("name", "required"));
        else if (!IsRegistrableName(name)) errors.Add(FieldError.Of("name", "schema-name", name));
        if (version is not null && !SchemaResolver.IsVersion(version)) errors.Add(FieldError.Of("version", "schema-version-label", version));
        if (meta?.Title is { Length: > 500 }) errors.Add(FieldError.Of("title", "too-long", 500));
        if (meta?.Description is { Length: > 20_000 }) errors.Add(FieldError.Of("description", "too-long", 20_000));
        if (meta?.Homepage is { Length: > 0 } home && !SchemaResolver.IsUrl(home)) errors.Add(FieldError.Of("homepage", "url", home));
        if (meta?.SchemaType is { Length: > 50 }) errors.Add(FieldError.Of("schema_type", "too-long", 50));
        return errors;
    }

    /// <summary>Checks that the content is a Table Schema the validator can use; returns the version it declares.</summary>
    private static string? ReadSchema(byte[] content, string field, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(WithoutBom(content), JsonOptions);
            Validator.CheckSchema(SchemaReader.Read(doc.RootElement));
            return doc.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (JsonException e)
        {
            throw NotTableSchema(field, new SchemaException("schema.invalid-json", source, $"{e.LineNumber + 1}:{e.BytePositionInLine + 1}"));
        }
        catch (SchemaException e)
        {
            throw NotTableSchema(field, e);
        }
    }

    private static CatalogException NotTableSchema(string field, SchemaException e) =>
        CatalogException.Invalid([FieldError.Of(field, "not-table-schema"), new FieldError(field, "not-table-schema", e.Key, e.Args)]);

    private static CatalogException Immutable(string name, string version) =>
        new(Problem.Conflict, "schema-version-immutable", [FieldError.Of("version", "schema-version-immutable", name, version)], name, version);

    private static ReadOnlyMemory<byte> WithoutBom(byte[] b) => b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? b.AsMemory(3) : b;

    private static void Describe(RegistryDocument doc, SchemaMeta? meta)
    {
        if (meta is null) return;
        doc.Title = meta.Title ?? doc.Title;
        doc.Description = meta.Description ?? doc.Description;
        doc.Homepage = meta.Homepage ?? doc.Homepage;
        doc.SchemaType = meta.SchemaType ?? doc.SchemaType;
    }

    /// <summary>
    /// A schema registered before versions existed (only <c>schema.json</c>) becomes its own first version when it is
    /// usable and declares one, so registering a new version does not lose it; otherwise the new latest replaces it.
    /// </summary>
    private static RegistryDocument AdoptLegacy(string folder, string name)
    {
        var doc = new RegistryDocument();
        var legacy = Path.Combine(folder, LatestFile);
        if (!File.Exists(legacy)) return doc;
        var bytes = File.ReadAllBytes(legacy);
        string? own;
        try
        {
            own = ReadSchema(bytes, "file", legacy);
        }
        catch (CatalogException)
        {
            return doc;
        }
        if (own is null || !SchemaResolver.IsVersion(own)) return doc;
        var file = VersionFile(folder, own);
        if (!File.Exists(file)) WriteOnce(file, bytes, name, own);
        doc.Versions.Add(new VersionRecord { Version = own, Sha256 = Sha256(bytes), RegisteredAt = new DateTimeOffset(File.GetLastWriteTimeUtc(legacy)) });
        return doc;
    }

    private static string VersionFile(string folder, string version) => Path.Combine(folder, "@" + version, LatestFile);

    /// <summary>Publishes a version's file: written beside it under a temporary name, then moved — never over an existing one.</summary>
    private static void WriteOnce(string path, byte[] content, string name, string version)
    {
        var temp = Temp(path);
        WriteDurably(temp, content);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process published this version meanwhile: the same content is no change, other content is refused.
            File.Delete(temp);
            if (Sha256(File.ReadAllBytes(path)) != Sha256(content)) throw Immutable(name, version);
        }
    }

    /// <summary>Replaces a file atomically: readers see the old content or the new one, never a part.</summary>
    private static void WriteReplacing(string path, byte[] content)
    {
        var temp = Temp(path);
        WriteDurably(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    private static void WriteIfChanged(string path, RegistryDocument doc)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(doc, DocumentJson);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        WriteReplacing(path, bytes);
    }

    private static string Temp(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        // A dot name: never listed as a schema, never matched by readers.
        return Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }

    private static void WriteDurably(string path, byte[] content)
    {
        Interlocked.Increment(ref generation);
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        f.Write(content);
        f.Flush(flushToDisk: true);
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static bool SameUrl(string a, string b) => a == b ||
        Uri.TryCreate(a, UriKind.Absolute, out var ua) && Uri.TryCreate(b, UriKind.Absolute, out var ub) &&
        Uri.Compare(ua, ub, UriComponents.AbsoluteUri, UriFormat.UriEscaped, StringComparison.Ordinal) == 0;

    // --- the files ---------------------------------------------------------------------------------------------------

    private static SchemaEntry Read(string name, string registryPath, string latestPath)
    {
        var (title, declared) = OwnTitleAndVersion(latestPath);
        if (ReadDocument(registryPath) is { } doc)
        {
            var versions = doc.Versions
                .Where(v => v.Version is { } label && SchemaResolver.IsVersion(label))
                .DistinctBy(v => v.Version)
                .Select(v => new SchemaVersion(v.Version!, v.SourceUrl, v.Sha256 ?? "", v.RegisteredAt))
                .OrderBy(v => v.Version, SchemaVersionOrder.Instance).ToList();
            return new SchemaEntry(name, doc.Title ?? title, doc.Description, doc.Homepage, doc.SchemaType, versions,
                SchemaVersionOrder.Latest(versions.Select(v => v.Version)));
        }
        return new SchemaEntry(name, title, null, null, null, [], declared);
    }

    private static RegistryDocument? ReadDocument(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RegistryDocument>(File.ReadAllBytes(path), DocumentJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string? Title, string? Version) OwnTitleAndVersion(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(WithoutBom(File.ReadAllBytes(path)), JsonOptions);
            string? S(string p) => doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(p, out var v)
                && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (S("title"), S("version"));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    private static FileStamp? StampOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.LastWriteTimeUtc.Ticks, info.Length) : null;
    }

    private readonly record struct FileStamp(long Ticks, long Length);

    private sealed record CachedEntry((FileStamp?, FileStamp?) Stamps, long Generation, SchemaEntry Entry);

    /// <summary><c>registry.json</c>, as written (snake_case, like the API).</summary>
    private sealed class RegistryDocument
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("description")] public string? Description { get; set; }
        [JsonPropertyName("homepage")] public string? Homepage { get; set; }
        [JsonPropertyName("schema_type")] public string? SchemaType { get; set; }
        [JsonPropertyName("versions")] public List<VersionRecord> Versions { get; set; } = [];
        [JsonPropertyName("latest")] public string? Latest { get; set; }
    }

    private sealed class VersionRecord
    {
        [JsonPropertyName("version")] public string? Version { get; set; }
        [JsonPropertyName("source_url")] public string? SourceUrl { get; set; }
        [JsonPropertyName("sha256")] public string? Sha256 { get; set; }
        [JsonPropertyName("registered_at")] public DateTimeOffset RegisteredAt { get; set; }
    }
}
