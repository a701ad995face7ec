using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Storage.Jobs;
using Socle.Tabular.Engine;
using Socle.Validation.Reporting;

namespace Socle.Tabular;

/// <summary>Registers the tabular API's services: the shared DuckDB engine, the table service and the build jobs.</summary>
public static class TabularModule
{
    static TabularModule() => Messages.Register(typeof(TabularModule).Assembly);

    /// <summary>Tables go to <c>tables/</c> in the catalogue's data folder unless <paramref name="options"/> says otherwise.</summary>
    public static IServiceCollection AddSocleTabular(this IServiceCollection services, CatalogOptions catalog, TabularOptions? options = null)
    {
        options ??= new TabularOptions { Folder = Path.Combine(catalog.DataFolder, "tables") };
        Directory.CreateDirectory(options.Folder);
        services.AddSingleton(options);
        services.AddSingleton(_ => new DuckEngine(options));
        services.AddScoped(sp => new TableService(sp.GetRequiredService<CatalogDb>(), options, sp.GetRequiredService<DuckEngine>()));
        services.AddSingleton<IJobHandler>(sp => new TableIngestJob(options, sp.GetRequiredService<DuckEngine>()));
        services.AddSingleton<IJobHandler>(sp => new TableDropJob(options, sp.GetRequiredService<DuckEngine>()));
        return services;
    }
}
