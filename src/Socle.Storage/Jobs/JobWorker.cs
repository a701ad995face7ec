using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Socle.Storage.Jobs;

/// <summary>The hosted loop of a process: runs due jobs one after another, and polls when there is none.</summary>
public sealed class JobWorker<TDb>(JobRunner<TDb> runner, TimeProvider clock, ILogger<JobWorker<TDb>> log) : BackgroundService
    where TDb : DbContext, IJobsDb
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool ran;
            try
            {
                ran = await runner.RunNextAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be briefly unreachable: a worker that stopped here would leave jobs waiting until a restart.
                JobLog.WorkerError(log, e);
                ran = false;
            }
            if (ran) continue;
            try
            {
                await Task.Delay(runner.Options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
