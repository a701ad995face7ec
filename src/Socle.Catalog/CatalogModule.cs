using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Storage.Blobs;
using Socle.Storage.Database;
using Socle.Storage.Jobs;
using Socle.Validation.Reporting;

namespace Socle.Catalog;

/// <summary>How a catalogue is set up: its data folder, its database, its profile.</summary>
public sealed record CatalogOptions
{
    /// <summary>Uploads (<c>files/</c>), registered schemas (<c>schemas/</c>) and, by default, the SQLite database.</summary>
    public required string DataFolder { get; init; }
    /// <summary>A PostgreSQL store instead of <c>socle.db</c> in the data folder.</summary>
    public DatabaseOptions? Database { get; init; }
    /// <summary>A built-in profile id ("dcat-ap", "gd4h") or the path of a profile file.</summary>
    public string Profile { get; init; } = "dcat-ap";
    /// <summary>The algorithm register's profile: the built-in "etalab" or the path of a profile file.</summary>
    public string AlgorithmProfile { get; init; } = ProfileLoader.AlgorithmDefaultId;
    public long MaxUploadBytes { get; init; } = 2L << 30;
    public string? PublicBaseUrl { get; init; }
    /// <summary>Limits of harvest runs (per-request timeout, document size).</summary>
    public Harvest.HarvestOptions Harvest { get; init; } = new();

    public DatabaseOptions ResolvedDatabase => Database ?? DatabaseOptions.SqliteIn(DataFolder);
}

/// <summary>Registers the catalogue's services; the web host and the CLI share this one wiring.</summary>
public static class CatalogModule
{
    static CatalogModule() => Messages.Register(typeof(CatalogModule).Assembly);

    public static IServiceCollection AddSocleCatalog(this IServiceCollection services, CatalogOptions options)
    {
        Directory.CreateDirectory(options.DataFolder);
        var database = options.ResolvedDatabase;
        var profile = ProfileLoader.BuiltInIds.Contains(options.Profile) ? ProfileLoader.LoadBuiltIn(options.Profile) : ProfileLoader.Load(options.Profile);
        var contextOptions = ContextOptions(database);
        services.AddSingleton(options);
        services.AddSingleton(database);
        services.AddSingleton(new CatalogSettings { Profile = profile, AlgorithmProfile = ProfileLoader.LoadAlgorithmProfile(options.AlgorithmProfile), MaxUploadBytes = options.MaxUploadBytes, PublicBaseUrl = options.PublicBaseUrl });
        services.AddScoped<CatalogDb>(_ => NewContext(database, contextOptions));
        services.AddSingleton<IBlobStore>(new FolderBlobStore(Path.Combine(options.DataFolder, "files")));
        services.AddSingleton(new SchemaResolver(Path.Combine(options.DataFolder, "schemas")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddScoped<DatasetIndexer>();
        services.AddScoped<DatasetService>();
        services.AddScoped<ResourceService>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<ActorAccessor>();
        services.AddScoped<AccountService>();
        services.AddScoped<SearchService>();
        services.AddSingleton<SearchSnapshot>();
        services.AddScoped<CatalogExports>();
        services.AddScoped<AlgorithmService>();
        services.AddScoped<AlgorithmSearch>();
        services.AddSingleton<AlgorithmSnapshot>();
        services.AddScoped<AlgorithmExports>();
        services.AddScoped<Dcat.DcatExport>();
        services.AddScoped<SchemaUsage>();
        services.AddScoped<SchemaRegistry>();
        services.AddSingleton<IJobHandler, ResourceValidationJob>();
        services.AddSingleton<IJobHandler, AvailabilityCheckJob>();
        services.AddSingleton<IJobHandler, SchemaImportJob>();
        services.AddSingleton(options.Harvest);
        services.AddScoped<Harvest.HarvestService>();
        services.AddScoped<Harvest.HarvestApplier>();
        services.AddSingleton<IJobHandler, Harvest.HarvestJob>();
        services.AddSingleton(new JobOptions());
        services.AddSingleton<JobRunner<CatalogDb>>();
        return services;
    }

    /// <summary>Adds the hosted worker that runs queued jobs (validation, availability checks).</summary>
    public static IServiceCollection AddSocleJobWorker(this IServiceCollection services) =>
        services.AddHostedService<JobWorker<CatalogDb>>();

    /// <summary>Creates or upgrades the database to the current schema.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        await db.Database.MigrateAsync(ct);
    }

    private static DbContextOptions ContextOptions(DatabaseOptions database) => database.Provider == DatabaseProvider.Sqlite
        ? database.Apply(new DbContextOptionsBuilder<SqliteCatalogDb>()).Options
        : database.Apply(new DbContextOptionsBuilder<PostgresCatalogDb>()).Options;

    private static CatalogDb NewContext(DatabaseOptions database, DbContextOptions options) => database.Provider == DatabaseProvider.Sqlite
        ? new SqliteCatalogDb((DbContextOptions<SqliteCatalogDb>)options)
        : new PostgresCatalogDb((DbContextOptions<PostgresCatalogDb>)options);
}
