using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Tests.Catalog;

/// <summary>
/// A real catalogue on a fresh database (SQLite file or PostgreSQL) with the GD4H profile, three people and one
/// organisation: its admin (who may publish), a contributor and an outsider — the roles whose rights the tests check.
/// </summary>
public sealed class CatalogFixture : IAsyncDisposable
{
    private TestDatabase database = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public Actor Editor { get; private set; } = null!;
    public Actor Contributor { get; private set; } = null!;
    public Actor Outsider { get; private set; } = null!;
    public Organization Org { get; private set; } = null!;
    public string DataFolder => database.DataFolder;

    public static async Task<CatalogFixture> CreateAsync(Db kind)
    {
        var f = new CatalogFixture { database = await TestDatabase.CreateAsync(kind) };
        var services = new ServiceCollection().AddLogging();
        services.AddSocleCatalog(new CatalogOptions { DataFolder = f.database.DataFolder, Database = f.database.Options, Profile = "gd4h", MaxUploadBytes = 1 << 20 });
        f.Services = services.BuildServiceProvider();
        await CatalogModule.MigrateAsync(f.Services);
        var editor = await f.Run<AccountService, Account>(a => a.RegisterAsync("editor@example.org", "Éditrice", "a-long-password-1"));
        var contributor = await f.Run<AccountService, Account>(a => a.RegisterAsync("contrib@example.org", "Contributeur", "a-long-password-2"));
        var outsider = await f.Run<AccountService, Account>(a => a.RegisterAsync("citizen@example.org", "Citoyenne", "a-long-password-3"));
        f.Editor = await f.ActorAsync(editor.Id);
        f.Org = await f.Run<OrganizationService, Organization>(o => o.CreateAsync(f.Editor, new JsonObject { ["name"] = "Observatoire de l'air", ["acronym"] = "OA" }));
        f.Editor = await f.ActorAsync(editor.Id);
        await f.Run<OrganizationService, Membership>(o => o.SetMemberAsync(f.Editor, f.Org.Slug, contributor.Id.ToString(), "contributor"));
        f.Editor = await f.ActorAsync(editor.Id);
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

    public async Task<T> Db<T>(Func<CatalogDb, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<CatalogDb>());
    }

    public Task<int> DrainJobsAsync() => Services.GetRequiredService<JobRunner<CatalogDb>>().DrainAsync(CancellationToken.None);

    /// <summary>A complete, valid GD4H dataset body; tests change what they need.</summary>
    public JsonObject DatasetBody(string title, string environment = "air") => new()
    {
        ["title"] = title,
        ["description"] = "Mesures quotidiennes des polluants réglementés par les stations du réseau de surveillance, validées par l'observatoire régional.",
        ["organization"] = Org.Slug,
        ["license"] = "lov2",
        ["tags"] = new JsonArray("pollution", "stations"),
        ["spatial"] = new JsonObject { ["zones"] = new JsonArray("fr:region:76") },
        ["temporal_coverage"] = new JsonObject { ["start"] = "2020-01-01", ["end"] = "2024-12-31" },
        ["frequency"] = "annual",
        ["extras"] = new JsonObject { ["environment"] = new JsonArray(environment), ["nature"] = new JsonArray("mesures") },
    };

    public Task<Dataset> CreateAsync(Actor actor, JsonObject body) => Run<DatasetService, Dataset>(s => s.CreateAsync(actor, body));

    public Task<Dataset> PublishedAsync(string title, string environment = "air") =>
        PublishAsync(CreateAsync(Editor, DatasetBody(title, environment)));

    private async Task<Dataset> PublishAsync(Task<Dataset> created)
    {
        var d = await created;
        return await Run<DatasetService, Dataset>(s => s.TransitionAsync(Editor, d.Slug, "publish", null));
    }

    public static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    public async ValueTask DisposeAsync()
    {
        if (Services is not null) await Services.DisposeAsync();
        await database.DisposeAsync();
    }
}
