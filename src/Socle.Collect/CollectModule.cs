using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Collect.Data;
using Socle.Collect.Records;
using Socle.Storage.Jobs;
using Socle.Validation.Reporting;

namespace Socle.Collect;

/// <summary>Registers the collections' services; the web host and the CLI share this wiring (after the catalogue's).</summary>
public static class CollectModule
{
    static CollectModule() => Messages.Register(typeof(CollectModule).Assembly);

    public static IServiceCollection AddSocleCollect(this IServiceCollection services, CatalogOptions options)
    {
        var database = options.ResolvedDatabase;
        services.AddScoped(_ => CollectDb.Create(database));
        services.AddScoped<CollectionService>();
        services.AddScoped<RecordService>();
        services.AddScoped<ConflictService>();
        services.AddScoped<StatsService>();
        services.AddScoped<EventDocumentService>();
        services.AddScoped<Imports.ImportService>();
        services.AddSingleton<IJobHandler, Imports.ImportPlanJob>();
        services.AddSingleton<IJobHandler, Imports.ImportCommitJob>();
        services.AddScoped<Publication.PublicationService>();
        services.AddSingleton<IJobHandler, Publication.PublishJob>();
        return services;
    }

    /// <summary>Creates or upgrades the collections' tables (after the catalogue's: the jobs table is theirs).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CollectDb>().Database.MigrateAsync(ct);
    }
}
