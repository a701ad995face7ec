using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;
using Socle.Validation.Reporting;

namespace Socle.Catalog.Demo;

/// <summary>
/// The demonstration catalogue behind <c>socle serve --demo</c>: accounts, organisations and about fifty datasets
/// over the GD4H environments, with generated CSV files (some bound to a Table Schema, some deliberately invalid),
/// documentation, a workflow history and comments. Everything goes through the catalogue's own services, as a user
/// would, so revisions, search index, quality scores and validation jobs are real. The content is data
/// (<c>Resources/demo/*.json</c>); the same seed gives the same demo every time.
/// </summary>
public static class DemoCatalog
{
    public const string AdminEmail = "admin@demo.socle.fr";
    public const string Password = "demo-socle-2026";

    /// <summary>Where the demo's Table Schemas are registered in the data folder (<c>schemas/demo/&lt;name&gt;</c>).</summary>
    internal const string SchemaNamespace = "demo";

    private static readonly HashSet<string> DemoKeys = ["by", "status", "resources", "edits", "comments", "review_note"];

    /// <summary>
    /// Seeds only when the catalogue has no dataset yet (idempotent: a second start does nothing and returns false).
    /// <paramref name="services"/> is the root provider of a host built with <see cref="CatalogModule.AddSocleCatalog"/>,
    /// its database migrated. Queued validations are run before returning, so their statuses show at once.
    /// </summary>
    public static async Task<bool> SeedAsync(IServiceProvider services, IProgress<string>? progress, string lang, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        lang = Messages.Normalize(lang);
        await using (var scope = services.CreateAsyncScope())
            if (await scope.ServiceProvider.GetRequiredService<CatalogDb>().Datasets.AnyAsync(ct)) return false;

        var watch = Stopwatch.StartNew();
        progress?.Report(Messages.Get("demo.start", lang));
        var content = DemoResources.Json("catalog.json").AsObject();
        var world = DemoWorld.Load();
        var tables = new DemoTables(world, new Random(2026));
        RegisterSchemas(services.GetRequiredService<CatalogOptions>().DataFolder);

        var actors = await CreatePeopleAsync(services, content, ct);
        progress?.Report(Messages.Format("demo.people", lang, actors.Count, content["organizations"]!.AsArray().Count));

        var seeder = new DatasetSeeder(content, world, tables, actors);
        var datasets = content["datasets"]!.AsArray();
        for (var i = 0; i < datasets.Count; i++)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                try
                {
                    await seeder.SeedAsync(scope.ServiceProvider, datasets[i]!.AsObject(), ct);
                }
                catch (CatalogException e)
                {
                    // The demo's own content was refused (a profile it does not fit, a typo in catalog.json): say what and why.
                    var why = string.Join("; ", e.Errors.Select(x => x.Message(Messages.English)).DefaultIfEmpty(e.Title(Messages.English)));
                    throw new InvalidOperationException($"Demo dataset \"{Str(datasets[i], "title")}\" refused: {why}", e);
                }
            }
            if ((i + 1) % 10 == 0 || i == datasets.Count - 1) progress?.Report(Messages.Format("demo.datasets", lang, i + 1, datasets.Count));
        }

        var algorithms = await DemoAlgorithms.SeedAsync(services, actors, Str(content, "reviewer"), ct);
        progress?.Report(Messages.Format("demo.algorithms", lang, algorithms));

        progress?.Report(Messages.Format("demo.validation", lang, seeder.SchemaBound));
        await services.GetRequiredService<JobRunner<CatalogDb>>().DrainAsync(ct);

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var statuses = await db.Resources.GroupBy(r => r.ValidationStatus).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            int Count(ValidationStatus s) => statuses.FirstOrDefault(x => x.Key == s)?.Count ?? 0;
            progress?.Report(Messages.Format("demo.done", lang,
                Math.Max(1, (int)Math.Round(watch.Elapsed.TotalSeconds)),
                await db.Datasets.CountAsync(ct), await db.Datasets.CountAsync(d => d.Status == DatasetStatus.Published, ct),
                statuses.Sum(s => s.Count), Count(ValidationStatus.Valid), Count(ValidationStatus.Invalid)));
        }
        return true;
    }

    /// <summary>
    /// Writes the demo's Table Schemas (<c>Resources/demo/schemas/&lt;name&gt;.json</c>) into the data folder's registry,
    /// where resources name them <c>demo/&lt;name&gt;</c>.
    /// </summary>
    private static void RegisterSchemas(string dataFolder)
    {
        foreach (var name in DemoResources.Names("schemas."))
        {
            var folder = Path.Combine(dataFolder, "schemas", SchemaNamespace, Path.GetFileNameWithoutExtension(name));
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "schema.json"), DemoResources.Bytes("schemas." + name));
        }
    }

    /// <summary>Accounts, then organisations (created by the admin) and their members; returns each account's actor.</summary>
    private static async Task<Dictionary<string, Actor>> CreatePeopleAsync(IServiceProvider services, JsonObject content, CancellationToken ct)
    {
        var ids = new Dictionary<string, (Guid Id, string Email)>();
        string? adminKey = null;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            foreach (var a in content["accounts"]!.AsArray())
            {
                var email = Str(a, "email");
                // An interrupted earlier seed may have left the accounts: reuse them.
                var existing = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), ct);
                var isAdmin = a!["admin"]?.GetValue<bool>() == true;
                var account = existing ?? await accounts.RegisterAsync(email, Str(a, "name"), Password, isAdmin, ct);
                ids[Str(a, "key")] = (account.Id, email);
                if (isAdmin) adminKey ??= Str(a, "key");
            }
        }
        var admin = await ActorAsync(services, ids[adminKey ?? throw new InvalidOperationException("catalog.json names no admin account.")].Id, ct);
        await using (var scope = services.CreateAsyncScope())
        {
            var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
            foreach (var o in content["organizations"]!.AsArray())
            {
                var body = o!["body"]!.AsObject();
                var slug = Str(body, "slug");
                if (!await ExistsAsync(organizations, slug, ct))
                    await organizations.CreateAsync(admin, (JsonObject)body.DeepClone(), ct);
                foreach (var (who, role) in o["members"]!.AsObject())
                    await organizations.SetMemberAsync(admin, slug, ids[who].Email, role!.GetValue<string>(), ct);
            }
        }
        // Memberships changed: actors are built now, from the accounts as they are.
        var actors = new Dictionary<string, Actor>();
        foreach (var (key, (id, _)) in ids) actors[key] = await ActorAsync(services, id, ct);
        return actors;
    }

    private static async Task<bool> ExistsAsync(OrganizationService organizations, string slug, CancellationToken ct)
    {
        try
        {
            await organizations.GetAsync(slug, ct);
            return true;
        }
        catch (CatalogException e) when (e.Problem == Problem.NotFound)
        {
            return false;
        }
    }

    private static async Task<Actor> ActorAsync(IServiceProvider services, Guid id, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<AccountService>().FindAsync(id, ct)
                      ?? throw new InvalidOperationException($"Demo account {id} vanished.");
        return Actor.For(account);
    }

    private static string Str(JsonNode? node, string key) => node![key]!.GetValue<string>();

    /// <summary>Creates one dataset as its author would: metadata, files, workflow moves, later edits, comments.</summary>
    private sealed class DatasetSeeder(JsonObject content, DemoWorld world, DemoTables tables, Dictionary<string, Actor> actors)
    {
        private readonly Dictionary<string, JsonObject> defaults = content["organizations"]!.AsArray()
            .ToDictionary(o => Str(o!["body"], "slug"), o => o!["defaults"]!.AsObject());
        private readonly string reviewer = Str(content, "reviewer");

        /// <summary>How many uploaded files declare a schema (and so were queued for validation).</summary>
        public int SchemaBound { get; private set; }

        public async Task SeedAsync(IServiceProvider services, JsonObject spec, CancellationToken ct)
        {
            var datasets = services.GetRequiredService<DatasetService>();
            var resources = services.GetRequiredService<ResourceService>();
            var body = Body(spec, services.GetRequiredService<CatalogSettings>().Profile);
            var author = actors[Str(spec, "by")];
            var dataset = await datasets.CreateAsync(author, body, ct);
            var slug = dataset.Slug;

            foreach (var (file, name, input) in Files(spec, body))
            {
                await resources.UploadAsync(author, slug, new MemoryStream(file), name, input, ct);
                if (input.Schema is not null) SchemaBound++;
            }

            await MoveAsync(datasets, dataset, author, spec, ct);
            foreach (var edit in spec["edits"]?.AsArray() ?? [])
                await datasets.UpdateAsync(actors[Str(edit, "by")], slug, (JsonObject)edit!["patch"]!.DeepClone(), null, ct);
            foreach (var comment in spec["comments"]?.AsArray() ?? [])
                await datasets.CommentAsync(actors[Str(comment, "by")], slug, Str(comment, "body"), ct);
        }

        /// <summary>
        /// Takes the dataset where the demo wants it (<c>status</c>), as the workflow allows: an editor publishes their own
        /// draft; a contributor's draft is proposed, then published by the reviewer; a proposal from outside the
        /// organisation is already proposed, and the reviewer rejects it with a note.
        /// </summary>
        private async Task MoveAsync(DatasetService datasets, Dataset dataset, Actor author, JsonObject spec, CancellationToken ct)
        {
            var target = Str(spec, "status");
            if (target == "draft") return;
            var authorEdits = author.Has(dataset.OrganizationId, OrganizationRole.Editor);
            var editor = authorEdits ? author : actors[reviewer];
            if (dataset.Status == DatasetStatus.Draft && !(target == "published" && authorEdits))
                await datasets.TransitionAsync(author, dataset.Slug, "propose", null, ct);
            if (target == "published")
                await datasets.TransitionAsync(editor, dataset.Slug, "publish", null, ct);
            else if (target == "rejected")
                await datasets.TransitionAsync(editor, dataset.Slug, "reject", spec["review_note"]?.GetValue<string>(), ct);
        }

        /// <summary>
        /// The API body: the dataset's metadata, completed by its organisation's defaults where absent. The extras are
        /// written for the GD4H profile; under another profile (<c>--demo --profile dcat-ap</c>) those it refuses are left out.
        /// </summary>
        private JsonObject Body(JsonObject spec, MetadataProfile profile)
        {
            var body = new JsonObject();
            foreach (var (key, value) in spec)
                if (!DemoKeys.Contains(key)) body[key] = value?.DeepClone();
            if (body["organization"]?.GetValue<string>() is { } org && defaults.TryGetValue(org, out var d))
            {
                foreach (var (key, value) in d)
                {
                    if (key == "extras") continue;
                    if (!body.ContainsKey(key)) body[key] = value?.DeepClone();
                }
                var extras = body["extras"] as JsonObject ?? [];
                foreach (var (key, value) in d["extras"]?.AsObject() ?? [])
                    if (!extras.ContainsKey(key)) extras[key] = value?.DeepClone();
                body["extras"] = extras;
            }
            if (body["extras"] is JsonObject all)
                foreach (var error in MetadataValidator.Validate(profile, all).Errors)
                    all.Remove(error.Field);
            return body;
        }

        /// <summary>The dataset's files: generated tables, then documentation (a notice built from the tables' dictionaries, or a text).</summary>
        private IEnumerable<(byte[] Content, string Name, ResourceInput Input)> Files(JsonObject spec, JsonObject body)
        {
            var specs = spec["resources"]?.AsArray().Select(r => r!.AsObject()).ToList() ?? [];
            var zones = body["spatial"]?["zones"]?.AsArray().Select(z => z!.GetValue<string>()).ToList() ?? [];
            var places = world.PlacesIn(zones);
            var generated = new List<(JsonObject Spec, GeneratedTable Table)>();
            foreach (var r in specs.Where(r => r.ContainsKey("table")))
            {
                var (start, end) = Period(r, body);
                var table = tables.Generate(new TableRequest(Str(r, "table"), start, end, places)
                {
                    Months = r["months"]?.AsArray().Select(m => m!.GetValue<int>()).ToArray(),
                    Where = r["where"]?.AsObject(),
                    Rows = r["rows"]?.GetValue<int>(),
                    Defects = r["defects"]?.AsArray().Select(x => (Str(x, "column"), Str(x, "value"))).ToList() ?? [],
                });
                generated.Add((r, table));
                yield return (table.ToCsv(), Str(r, "file"), new ResourceInput
                {
                    Title = Str(r, "title"),
                    Description = r["description"]?.GetValue<string>(),
                    Type = ResourceTypes.Main,
                    Schema = r["schema"] is { } schema ? $"{SchemaNamespace}/{schema.GetValue<string>()}" : null,
                });
            }
            foreach (var r in specs.Where(r => !r.ContainsKey("table")))
            {
                var text = r["text"]?.GetValue<string>() ?? Notice(body, generated);
                yield return (new UTF8Encoding(false).GetBytes(text), Str(r, "file"),
                    new ResourceInput { Title = Str(r, "title"), Type = ResourceTypes.Documentation });
            }
        }

        /// <summary>The resource's own period, else the dataset's temporal coverage, else the year 2025.</summary>
        private static (DateOnly Start, DateOnly End) Period(JsonObject resource, JsonObject body)
        {
            if (resource["period"] is JsonArray p) return (Date(p[0]), Date(p[1]));
            var t = body["temporal_coverage"];
            return (t?["start"] is { } s ? Date(s) : new DateOnly(2025, 1, 1), t?["end"] is { } e ? Date(e) : new DateOnly(2025, 12, 31));
        }

        private static DateOnly Date(JsonNode? n) => DateOnly.ParseExact(n!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>A Markdown notice: what the dataset is, the data dictionary of each generated file, the contact.</summary>
        private string Notice(JsonObject body, List<(JsonObject Spec, GeneratedTable Table)> generated)
        {
            var labels = content["notice"]!.AsObject();
            var md = new StringBuilder();
            md.Append("# ").Append(Str(body, "title")).Append("\n\n");
            md.Append(body["description"]?.GetValue<string>()).Append("\n\n");
            md.Append("*").Append(Str(labels, "generated")).Append("*\n\n");
            md.Append("## ").Append(Str(labels, "dictionary")).Append("\n\n");
            foreach (var files in generated.GroupBy(g => Str(g.Spec, "table")))
            {
                var table = files.First().Table;
                md.Append("### ").AppendJoin(", ", files.Select(f => $"`{Str(f.Spec, "file")}`")).Append("\n\n");
                md.Append("| ").Append(Str(labels, "column")).Append(" | ").Append(Str(labels, "description")).Append(" |\n|---|---|\n");
                for (var i = 0; i < table.Header.Length; i++)
                    md.Append("| `").Append(table.Header[i]).Append("` | ").Append(table.Descriptions[i].Replace("|", "\\|")).Append(" |\n");
                md.Append('\n');
            }
            if (body["contact_point"] is JsonObject contact)
                md.Append("## ").Append(Str(labels, "contact")).Append("\n\n")
                  .Append(contact["name"]?.GetValue<string>()).Append(" – <").Append(contact["email"]?.GetValue<string>()).Append(">\n");
            return md.ToString();
        }
    }
}
