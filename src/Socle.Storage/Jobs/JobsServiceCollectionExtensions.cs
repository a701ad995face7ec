using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Socle.Storage.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Runs the jobs stored in <typeparamref name="TDb"/> in this process: a <see cref="JobRunner{TDb}"/> and its hosted
    /// <see cref="JobWorker{TDb}"/>. Handlers are registered by their modules as <see cref="IJobHandler"/> singletons.
    /// </summary>
    public static IServiceCollection AddJobs<TDb>(this IServiceCollection services, Action<JobOptions>? configure = null)
        where TDb : DbContext, IJobsDb
    {
        var options = new JobOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        // Options are the runner's own, not a shared singleton: two contexts may be configured differently.
        services.TryAddSingleton(sp => new JobRunner<TDb>(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetServices<IJobHandler>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JobRunner<TDb>>>()));
        services.AddHostedService<JobWorker<TDb>>();
        return services;
    }
}
