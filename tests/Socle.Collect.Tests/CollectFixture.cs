using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Catalog.Tests;
using Socle.Collect.Data;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Storage.Jobs;

namespace Socle.Collect.Tests;

/// <summary>
/// A catalogue and its collections on a fresh database (SQLite file or PostgreSQL), with one organisation and the people
/// whose rights the tests check: its admin (a collection admin), an editor of the organisation (a steward everywhere),
/// a contributor named on the collection for one department (Haute-Garonne, 31), and a signed-in outsider. The
/// collection is made from the <c>installations-enr</c> template.
/// </summary>
public sealed class CollectFixture : IAsyncDisposable
{
    public const string Departement = "31";
    public const string Region = "76";

    private TestDatabase database = null!;
    public Db Kind { get; private set; }
    public ServiceProvider Services { get; private set; } = null!;
    public Organization Org { get; private set; } = null!;
    public Actor Admin { get; private set; } = null!;
    public Actor Steward { get; private set; } = null!;
    public Actor Contributor { get; private set; } = null!;
    public Actor Outsider { get; private set; } = null!;
    public CollectionView Collection { get; private set; } = null!;
    public string Slug => Collection.Slug;
    public string DataFolder => database.DataFolder;

    /// <param name="clock">The services' clock (the system's by default): tests of "as of" and jobs' delays may move it.</param>
    public static async Task<CollectFixture> CreateAsync(Db kind, TimeProvider? clock = null)
    {
        var f = new CollectFixture { database = await TestDatabase.CreateAsync(kind), Kind = kind };
        var options = new CatalogOptions { DataFolder = f.database.DataFolder, Database = f.database.Options, MaxUploadBytes = 256L << 20 };
        var services = new ServiceCollection().AddLogging();
        services.AddSocleCatalog(options);
        services.AddSocleCollect(options);
        if (clock is not null) services.AddSingleton(clock);
        f.Services = services.BuildServiceProvider();
        await CatalogModule.MigrateAsync(f.Services);
        await CollectModule.MigrateAsync(f.Services);

        var admin = await f.Run<AccountService, Account>(a => a.RegisterAsync("admin@example.org", "Administratrice", "a-long-password-1"));
        var steward = await f.Run<AccountService, Account>(a => a.RegisterAsync("steward@example.org", "Gestionnaire", "a-long-password-2"));
        var contributor = await f.Run<AccountService, Account>(a => a.RegisterAsync("contrib31@example.org", "Contributeur 31", "a-long-password-3"));
        var outsider = await f.Run<AccountService, Account>(a => a.RegisterAsync("citizen@example.org", "Citoyenne", "a-long-password-4"));
        f.Admin = await f.ActorAsync(admin.Id);
        f.Org = await f.Run<OrganizationService, Organization>(o => o.CreateAsync(f.Admin, new JsonObject { ["name"] = "Observatoire régional de l'énergie", ["acronym"] = "ORE" }));
        f.Admin = await f.ActorAsync(admin.Id);
        await f.Run<OrganizationService, Membership>(o => o.SetMemberAsync(f.Admin, f.Org.Slug, steward.Id.ToString(), "editor"));
        f.Collection = await f.Run<CollectionService, CollectionView>(s => s.CreateAsync(f.Admin, new JsonObject
        {
            ["title"] = "Installations de production d'énergie renouvelable en Occitanie",
            ["description"] = "Registre des installations, de leur projet à leur démantèlement.",
            ["organization"] = f.Org.Slug,
            ["template"] = "installations-enr",
        }));
        await f.Run<CollectionService, CollectionMember>(s => s.SetMemberAsync(f.Admin, f.Slug, new JsonObject
        {
            ["account"] = contributor.Id.ToString(), ["role"] = "contributor", ["territories"] = new JsonArray("fr:departement:" + Departement),
        }));
        f.Steward = await f.ActorAsync(steward.Id);
        f.Contributor = await f.ActorAsync(contributor.Id);
        f.Outsider = await f.ActorAsync(outsider.Id);
        return f;
    }

    public async Task<Actor> ActorAsync(Guid id) => Actor.For((await Run<AccountService, Account?>(a => a.FindAsync(id)))!);

    /// <summary>Runs one call in its own scope, as one HTTP request would.</summary>
    public async Task<TResult> Run<TService, TResult>(Func<TService, Task<TResult>> call) where TService : notnull
    {
        using var scope = Services.CreateScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task Run<TService>(Func<TService, Task> call) where TService : notnull
    {
        using var scope = Services.CreateScope();
        await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A query on the collections' tables, in its own scope.</summary>
    public async Task<T> Collect<T>(Func<CollectDb, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<CollectDb>());
    }

    /// <summary>A query on the catalogue's tables, in its own scope.</summary>
    public async Task<T> Catalog<T>(Func<CatalogDb, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<CatalogDb>());
    }

    /// <summary>Runs the due jobs (imports, publication, validations) until none is left; returns how many ran.</summary>
    public Task<int> DrainJobsAsync() => Services.GetRequiredService<JobRunner<CatalogDb>>().DrainAsync(CancellationToken.None);

    /// <summary>
    /// Valid values of an installation (a wind farm in Haute-Garonne unless told otherwise); tests add or change fields.
    /// </summary>
    public static JsonObject Values(string name, string commune = "31555", string departement = Departement, string region = Region,
        string filiere = "eolien", double? powerKw = 12000, string? eic = null, double? latitude = 43.6, double? longitude = 1.44)
    {
        var v = new JsonObject
        {
            ["nom_installation"] = name,
            ["code_insee_commune"] = commune,
            ["code_departement"] = departement,
            ["code_region"] = region,
            ["filiere"] = filiere,
        };
        if (powerKw is { } p) v["puissance_max_installee_kw"] = p;
        if (eic is not null) v["code_eic"] = eic;
        if (latitude is { } lat) v["latitude"] = lat;
        if (longitude is { } lon) v["longitude"] = lon;
        return v;
    }

    /// <summary>A record body: values, and the day they hold from (today when null).</summary>
    public static JsonObject RecordBody(JsonObject values, DateOnly? validFrom = null, string? source = null, string? comment = null)
    {
        var body = new JsonObject { ["values"] = values };
        if (validFrom is { } d) body["valid_from"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (source is not null) body["source"] = source;
        if (comment is not null) body["comment"] = comment;
        return body;
    }

    public Task<RecordView> CreateRecordAsync(Actor actor, JsonObject values, DateOnly? validFrom = null, string? source = null) =>
        Run<RecordService, RecordView>(s => s.CreateAsync(actor, Slug, RecordBody(values, validFrom, source)));

    public Task<RecordView> UpdateRecordAsync(Actor actor, long number, JsonObject values, DateOnly? validFrom = null, string? source = null, int? ifMatch = null) =>
        Run<RecordService, RecordView>(s => s.UpdateAsync(actor, Slug, number, RecordBody(values, validFrom, source), ifMatch));

    public Task<RecordEvent> AddEventAsync(Actor actor, long number, string type, DateOnly date, JsonObject? fields = null) =>
        Run<RecordService, RecordEvent>(s => s.AddEventAsync(actor, Slug, number, new JsonObject
        {
            ["type"] = type, ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["fields"] = fields ?? new JsonObject(),
        }));

    public Task<int> AddMeasureAsync(Actor actor, long number, string measure, string period, double value, string? source = null)
    {
        var body = new JsonObject { ["measures"] = new JsonArray(new JsonObject { ["measure"] = measure, ["period"] = period, ["value"] = value }) };
        if (source is not null) body["source"] = source;
        return Run<RecordService, int>(s => s.AddMeasuresAsync(actor, Slug, number, body));
    }

    public async ValueTask DisposeAsync()
    {
        if (Services is not null) await Services.DisposeAsync();
        await database.DisposeAsync();
    }
}

/// <summary>The system's clock, moved forward on demand: delayed jobs (a publication waits 10 s) become due at once.</summary>
public sealed class TestClock : TimeProvider
{
    private long ticks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
