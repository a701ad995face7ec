using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Socle.Storage.Jobs;

/// <summary>
/// Claims due jobs from <typeparamref name="TDb"/> and runs them, one at a time. Several runners, in one process or
/// many, may share a database: a job is claimed by a conditional update that only one of them can win, and every
/// later write is fenced by the claim (worker and attempt number), so a runner that lost its lease records nothing.
/// </summary>
public sealed class JobRunner<TDb> where TDb : DbContext, IJobsDb
{
    private const int CandidatesPerQuery = 8;

    private readonly IServiceScopeFactory scopes;
    private readonly Dictionary<string, IJobHandler> handlers = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;
    private readonly ILogger<JobRunner<TDb>> log;

    public JobRunner(IServiceScopeFactory scopes, IEnumerable<IJobHandler> handlers, JobOptions options, TimeProvider clock, ILogger<JobRunner<TDb>> log)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero, nameof(options.PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Lease, TimeSpan.Zero, nameof(options.Lease));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaseBackoff, TimeSpan.Zero, nameof(options.BaseBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBackoff, options.BaseBackoff, nameof(options.MaxBackoff));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.WorkerId, nameof(options.WorkerId));
        foreach (var handler in handlers)
        {
            if (!this.handlers.TryAdd(handler.Kind, handler))
                throw new ArgumentException($"Two job handlers are registered for the kind '{handler.Kind}'.", nameof(handlers));
        }
        this.scopes = scopes;
        Options = options;
        this.clock = clock;
        this.log = log;
    }

    internal JobOptions Options { get; }

    /// <summary>
    /// Claims one due job (queued and past its <see cref="Job.RunAfter"/>, or running under an expired lease: its
    /// worker crashed) and runs it. False when no job is due.
    /// </summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var job = await ClaimAsync(db, ct);
        if (job is null) return false;
        if (job.State == JobState.Running) await RunAsync(db, job, ct);
        return true;
    }

    /// <summary>Runs due jobs until none is left; returns how many were handled (tests, command line).</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var count = 0;
        while (await RunNextAsync(ct)) count++;
        return count;
    }

    private static IQueryable<Job> Due(IQueryable<Job> jobs, DateTimeOffset now) => jobs.Where(j =>
        (j.State == JobState.Queued && j.RunAfter <= now) || (j.State == JobState.Running && j.LeaseUntil < now));

    /// <summary>The claimed job (state running), one just failed for being abandoned too often, or null when none is due.</summary>
    private async Task<Job?> ClaimAsync(TDb db, CancellationToken ct)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var candidates = await Due(db.Jobs, now).AsNoTracking()
                .OrderBy(j => j.RunAfter).ThenBy(j => j.CreatedAt)
                .Select(j => new { j.Id, j.State, j.Attempts, j.MaxAttempts })
                .Take(CandidatesPerQuery)
                .ToListAsync(ct);
            if (candidates.Count == 0) return null;
            foreach (var candidate in candidates)
            {
                var id = candidate.Id;
                var still = Due(db.Jobs, now).Where(j => j.Id == id);
                int won;
                if (candidate.State == JobState.Running && candidate.Attempts >= candidate.MaxAttempts)
                {
                    // Its worker died on every attempt (killed, out of memory): retrying forever would only repeat that.
                    var error = $"The job was interrupted {candidate.Attempts} times before it could finish.";
                    won = await still.Where(j => j.State == JobState.Running && j.Attempts >= j.MaxAttempts)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(j => j.State, JobState.Failed)
                            .SetProperty(j => j.FinishedAt, now)
                            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                            .SetProperty(j => j.Error, error), ct);
                    if (won == 1) JobLog.Abandoned(log, id, candidate.Attempts);
                }
                else
                {
                    var leaseUntil = now + Options.Lease;
                    won = await still.Where(j => j.State == JobState.Queued || j.Attempts < j.MaxAttempts)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(j => j.State, JobState.Running)
                            .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                            .SetProperty(j => j.StartedAt, now)
                            .SetProperty(j => j.LeaseOwner, Options.WorkerId)
                            .SetProperty(j => j.LeaseUntil, leaseUntil)
                            .SetProperty(j => j.Progress, (double?)null)
                            .SetProperty(j => j.ProgressNote, (string?)null), ct);
                }
                // No row: another worker claimed it between the read and the update.
                if (won == 1) return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, ct);
            }
        }
    }

    private async Task RunAsync(TDb db, Job job, CancellationToken ct)
    {
        Action<UpdateSettersBuilder<Job>> outcome;
        try
        {
            if (!handlers.TryGetValue(job.Kind, out var handler))
                throw new JobFailedException($"No handler is registered for jobs of kind '{job.Kind}'.");
            await using var scope = scopes.CreateAsyncScope();
            var context = new JobContext(job, scope.ServiceProvider, clock, (progress, note) => RenewAsync(db, job, progress, note, ct));
            var result = await handler.RunAsync(context, ct);
            var json = result is null ? null : JobJson.Write(result);
            var now = clock.GetUtcNow();
            outcome = s => s
                .SetProperty(j => j.State, JobState.Succeeded)
                .SetProperty(j => j.Result, json)
                .SetProperty(j => j.Progress, 1.0)
                .SetProperty(j => j.ProgressNote, context.Job.ProgressNote)
                .SetProperty(j => j.Error, (string?)null)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null);
            JobLog.Succeeded(log, job.Id, job.Kind);
        }
        catch (JobLeaseLostException)
        {
            JobLog.LeaseLost(log, job.Id, job.Kind);
            return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: hand the job back at once, and do not count an attempt the handler was not allowed to finish.
            await Fenced(db, job).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.Attempts, j => j.Attempts - 1)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }
        catch (JobFailedException e)
        {
            outcome = Failed(e.Message);
            JobLog.Failed(log, e, job.Id, job.Kind, job.Attempts);
        }
        catch (Exception e)
        {
            if (job.Attempts < job.MaxAttempts)
            {
                var runAfter = clock.GetUtcNow() + Backoff(job.Attempts);
                var error = e.Message;
                outcome = s => s
                    .SetProperty(j => j.State, JobState.Queued)
                    .SetProperty(j => j.RunAfter, runAfter)
                    .SetProperty(j => j.Error, error)
                    .SetProperty(j => j.LeaseOwner, (string?)null)
                    .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null);
                JobLog.Retrying(log, e, job.Id, job.Kind, job.Attempts, runAfter);
            }
            else
            {
                outcome = Failed(e.Message);
                JobLog.Failed(log, e, job.Id, job.Kind, job.Attempts);
            }
        }
        // Recorded even when shutdown has begun: the work is done, losing its outcome would run it again.
        if (await Fenced(db, job).ExecuteUpdateAsync(outcome, CancellationToken.None) == 0)
            JobLog.LeaseLost(log, job.Id, job.Kind);
    }

    private Action<UpdateSettersBuilder<Job>> Failed(string error)
    {
        var now = clock.GetUtcNow();
        return s => s
            .SetProperty(j => j.State, JobState.Failed)
            .SetProperty(j => j.Error, error)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null);
    }

    /// <summary>min(MaxBackoff, BaseBackoff · 2^(attempts − 1)).</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 40));
        var ticks = Math.Min(Options.MaxBackoff.Ticks, Options.BaseBackoff.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The job's row only while this claim holds it: same worker, same attempt, still running.</summary>
    private IQueryable<Job> Fenced(TDb db, Job job)
    {
        var (id, owner, attempt) = (job.Id, Options.WorkerId, job.Attempts);
        return db.Jobs.Where(j => j.Id == id && j.State == JobState.Running && j.LeaseOwner == owner && j.Attempts == attempt);
    }

    /// <summary>Writes reported progress and renews the lease; a claim lost meanwhile stops the handler.</summary>
    private async Task RenewAsync(TDb db, Job job, double progress, string? note, CancellationToken ct)
    {
        var leaseUntil = clock.GetUtcNow() + Options.Lease;
        var rows = await Fenced(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Progress, progress)
            .SetProperty(j => j.ProgressNote, note)
            .SetProperty(j => j.LeaseUntil, leaseUntil), ct);
        if (rows == 0) throw new JobLeaseLostException(job.Id);
    }
}

/// <summary>Another worker took the job over after this one's lease expired: this run must stop and record nothing.</summary>
internal sealed class JobLeaseLostException(Guid id)
    : Exception($"Job {id} was taken over by another worker after this worker's lease expired.");

internal static partial class JobLog
{
    [LoggerMessage(LogLevel.Information, "Job {Id} ({Kind}) succeeded")]
    public static partial void Succeeded(ILogger log, Guid id, string kind);

    [LoggerMessage(LogLevel.Warning, "Job {Id} ({Kind}) failed on attempt {Attempt}, retrying after {RunAfter}")]
    public static partial void Retrying(ILogger log, Exception error, Guid id, string kind, int attempt, DateTimeOffset runAfter);

    [LoggerMessage(LogLevel.Error, "Job {Id} ({Kind}) failed on attempt {Attempt}, for good")]
    public static partial void Failed(ILogger log, Exception error, Guid id, string kind, int attempt);

    [LoggerMessage(LogLevel.Error, "Job {Id} failed: its worker stopped during each of its {Attempts} attempts")]
    public static partial void Abandoned(ILogger log, Guid id, int attempts);

    [LoggerMessage(LogLevel.Warning, "Job {Id} ({Kind}) was taken over by another worker after its lease expired; this run's outcome is discarded")]
    public static partial void LeaseLost(ILogger log, Guid id, string kind);

    [LoggerMessage(LogLevel.Error, "The job worker could not look for or run jobs; trying again after the poll interval")]
    public static partial void WorkerError(ILogger log, Exception error);
}
