using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Tests.Storage;

public sealed class SqliteJobTests(SqliteJobsDatabase database) : JobTests<SqliteJobsDatabase>(database);

public sealed class PostgresJobTests(PostgresJobsDatabase database) : JobTests<PostgresJobsDatabase>(database);

/// <summary>The jobs' life as users see it (status, progress, result, retries), on a real database of each kind.</summary>
public abstract class JobTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : JobsDatabase
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly ManualClock clock = new(Start);

    private sealed record SumPayload(int[] Numbers);

    [Fact]
    public async Task A_job_succeeds_with_its_result_and_its_progress()
    {
        (double?, string?) progressSeenInDatabase = default;
        DateTimeOffset? handlerTime = null;
        await using var h = await StartAsync(new Handler("test.sum", async (context, ct) =>
        {
            var numbers = context.PayloadAs<SumPayload>().Numbers;
            await context.ReportAsync(0.5, "half way");
            // The handler's own scope and context see what the API would show meanwhile.
            var row = await context.Services.GetRequiredService<TestJobsDb>().Jobs.SingleAsync(j => j.Id == context.Job.Id, ct);
            progressSeenInDatabase = (row.Progress, row.ProgressNote);
            handlerTime = context.Clock.GetUtcNow();
            return new { Total = numbers.Sum() };
        }));
        var job = await h.EnqueueAsync("test.sum", new SumPayload([1, 2, 3]));
        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.True(await h.Runner().RunNextAsync(Ct));

        Assert.Equal((0.5, "half way"), progressSeenInDatabase);
        Assert.Equal(Start + TimeSpan.FromSeconds(3), handlerTime);
        var done = await h.ReloadAsync(job.Id);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal("""{"total":6}""", done.Result);
        Assert.Equal(1, done.Progress);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(Start + TimeSpan.FromSeconds(3), done.StartedAt);
        Assert.Equal(Start + TimeSpan.FromSeconds(3), done.FinishedAt);
        Assert.Null(done.Error);
        Assert.Null(done.LeaseUntil);
        Assert.False(await h.Runner().RunNextAsync(Ct));
    }

    [Fact]
    public async Task A_job_is_stored_only_with_the_change_that_queued_it()
    {
        await using var h = await StartAsync();
        await using (var scope = h.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestJobsDb>();
            JobQueue.Enqueue(db, "test.sum", "resource:1", new SumPayload([1]), clock);
        } // not saved: the change was abandoned
        Job queued;
        await using (var scope = h.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestJobsDb>();
            Assert.Equal(0, await db.Jobs.CountAsync(Ct));
            queued = JobQueue.Enqueue(db, "test.sum", "resource:2", new SumPayload([1]), clock, maxAttempts: 3);
            await db.SaveChangesAsync(Ct);
        }

        var stored = await h.ReloadAsync(queued.Id);
        Assert.Equal(("test.sum", "resource:2", JobState.Queued, 3, Start, Start),
            (stored.Kind, stored.Subject, stored.State, stored.MaxAttempts, stored.CreatedAt, stored.RunAfter));
        Assert.Equal("""{"numbers":[1]}""", stored.Payload);
        await using (var scope = h.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestJobsDb>();
            Assert.Equal("queued", Assert.Single(await db.Database.SqlQueryRaw<string>("SELECT state AS \"Value\" FROM jobs").ToListAsync(Ct)));
            Assert.Equal(queued.Id, (await db.Jobs.SingleAsync(j => j.Subject == "resource:2", Ct)).Id);
        }
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_growing_backoff_then_fails()
    {
        var handler = new Handler("test.flaky", (context, _) => throw new InvalidOperationException($"disk full ({context.Job.Attempts})"));
        await using var h = await StartAsync(handler);
        var job = await h.EnqueueAsync("test.flaky", new { }, maxAttempts: 4);
        var runner = h.Runner();

        foreach (var (attempt, backoff) in new[] { (1, 10), (2, 20), (3, 40) })
        {
            Assert.True(await runner.RunNextAsync(Ct));
            var retry = await h.ReloadAsync(job.Id);
            Assert.Equal((JobState.Queued, attempt, $"disk full ({attempt})"), (retry.State, retry.Attempts, retry.Error));
            Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(backoff), retry.RunAfter);
            clock.Advance(TimeSpan.FromSeconds(backoff - 1));
            Assert.False(await runner.RunNextAsync(Ct)); // not due yet
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.True(await runner.RunNextAsync(Ct));

        var failed = await h.ReloadAsync(job.Id);
        Assert.Equal((JobState.Failed, 4, "disk full (4)"), (failed.State, failed.Attempts, failed.Error));
        Assert.Equal(clock.GetUtcNow(), failed.FinishedAt);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.False(await runner.RunNextAsync(Ct));
        Assert.Equal(4, handler.Calls);
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried()
    {
        var handler = new Handler("test.bad", (_, _) => throw new JobFailedException("The file is not a table."));
        await using var h = await StartAsync(handler);
        var job = await h.EnqueueAsync("test.bad", new { });

        Assert.Equal(1, await h.Runner().DrainAsync(Ct));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await h.Runner().DrainAsync(Ct));

        var failed = await h.ReloadAsync(job.Id);
        Assert.Equal((JobState.Failed, 1, "The file is not a table."), (failed.State, failed.Attempts, failed.Error));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_payload_that_does_not_fit_fails_without_retry()
    {
        await using var h = await StartAsync(new Handler("test.sum", (context, _) =>
            Task.FromResult<object?>(context.PayloadAs<SumPayload>().Numbers.Sum())));
        var job = await h.EnqueueAsync("test.sum", new { Numbers = "one, two" });

        await h.Runner().DrainAsync(Ct);

        var failed = await h.ReloadAsync(job.Id);
        Assert.Equal((JobState.Failed, 1), (failed.State, failed.Attempts));
        Assert.Contains("SumPayload", failed.Error);
    }

    [Fact]
    public async Task A_job_of_an_unknown_kind_fails_clearly()
    {
        await using var h = await StartAsync(new Handler("test.sum", (_, _) => Task.FromResult<object?>(null)));
        var job = await h.EnqueueAsync("resource.unheard-of", new { });

        Assert.Equal(1, await h.Runner().DrainAsync(Ct));

        var failed = await h.ReloadAsync(job.Id);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal("No handler is registered for jobs of kind 'resource.unheard-of'.", failed.Error);
    }

    [Fact]
    public async Task A_job_left_running_by_a_crashed_worker_is_resumed_once_its_lease_has_passed()
    {
        var handler = new Handler("test.sum", (_, _) => Task.FromResult<object?>("done"));
        await using var h = await StartAsync(handler);
        var job = await h.InsertAsync(new Job
        {
            Id = Guid.NewGuid(), Kind = "test.sum", Subject = "resource:1", State = JobState.Running, Attempts = 1,
            CreatedAt = Start, RunAfter = Start, StartedAt = Start,
            LeaseOwner = "crashed-host/123/abc", LeaseUntil = Start + TimeSpan.FromMinutes(5), Progress = 0.4,
        });
        var runner = h.Runner();

        Assert.False(await runner.RunNextAsync(Ct)); // its worker may still be alive
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.True(await runner.RunNextAsync(Ct));

        var done = await h.ReloadAsync(job.Id);
        Assert.Equal((JobState.Succeeded, 2, "worker-a", "\"done\""), (done.State, done.Attempts, done.LeaseOwner, done.Result));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_job_whose_worker_died_on_every_attempt_fails_instead_of_looping()
    {
        var handler = new Handler("test.sum", (_, _) => Task.FromResult<object?>(null));
        await using var h = await StartAsync(handler);
        var job = await h.InsertAsync(new Job
        {
            Id = Guid.NewGuid(), Kind = "test.sum", Subject = "resource:1", State = JobState.Running, Attempts = 2, MaxAttempts = 2,
            CreatedAt = Start, RunAfter = Start, StartedAt = Start, LeaseOwner = "oom-killed", LeaseUntil = Start - TimeSpan.FromSeconds(1),
        });

        Assert.Equal(1, await h.Runner().DrainAsync(Ct));

        var failed = await h.ReloadAsync(job.Id);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal("The job was interrupted 2 times before it could finish.", failed.Error);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Two_runners_never_run_the_same_job_twice()
    {
        var runs = new ConcurrentDictionary<Guid, int>();
        await using var h = await StartAsync(new Handler("test.count", async (context, ct) =>
        {
            runs.AddOrUpdate(context.Job.Id, 1, (_, n) => n + 1);
            await Task.Delay(Random.Shared.Next(1, 5), ct); // let the other runner try to take it meanwhile
            return null;
        }));
        var jobs = new List<Guid>();
        for (var i = 0; i < 20; i++) jobs.Add((await h.EnqueueAsync("test.count", new { i })).Id);
        var (a, b) = (h.Runner("worker-a"), h.Runner("worker-b"));

        var counts = await Task.WhenAll(Task.Run(() => a.DrainAsync(Ct), Ct), Task.Run(() => b.DrainAsync(Ct), Ct));

        Assert.Equal(20, counts.Sum());
        Assert.Equal(jobs.Order(), runs.Keys.Order());
        Assert.All(runs.Values, n => Assert.Equal(1, n));
        foreach (var id in jobs) Assert.Equal(JobState.Succeeded, (await h.ReloadAsync(id)).State);
    }

    [Fact]
    public async Task Reporting_progress_renews_the_lease_at_most_twice_a_second()
    {
        var seen = new List<(double?, DateTimeOffset?)>();
        await using var h = await StartAsync(new Handler("test.long", async (context, ct) =>
        {
            async Task See()
            {
                var db = context.Services.GetRequiredService<TestJobsDb>();
                var row = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == context.Job.Id, ct);
                seen.Add((row.Progress, row.LeaseUntil));
            }
            clock.Advance(TimeSpan.FromMinutes(4));
            await context.ReportAsync(0.3, null);
            await See();
            await context.ReportAsync(0.6, null); // too soon after the last write: kept in memory only
            await See();
            clock.Advance(TimeSpan.FromSeconds(1));
            await context.ReportAsync(0.7, null);
            await See();
            return null;
        }));
        await h.EnqueueAsync("test.long", new { });

        await h.Runner().RunNextAsync(Ct);

        var lease = TimeSpan.FromMinutes(5);
        Assert.Equal(
            new (double?, DateTimeOffset?)[] { (0.3, Start + TimeSpan.FromMinutes(4) + lease), (0.3, Start + TimeSpan.FromMinutes(4) + lease),
             (0.7, Start + TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(1) + lease) },
            seen);
    }

    [Fact]
    public async Task A_worker_that_lost_its_lease_records_nothing()
    {
        JobRunner<TestJobsDb>? other = null;
        await using var h = await StartAsync(new Handler("test.slow", async (context, ct) =>
        {
            if (context.Job.LeaseOwner == "worker-b") return "from b";
            // Worker a stalls past its lease; worker b takes the job over and finishes it.
            clock.Advance(TimeSpan.FromMinutes(6));
            Assert.True(await other!.RunNextAsync(ct));
            return "from a";
        }));
        var job = await h.EnqueueAsync("test.slow", new { });
        other = h.Runner("worker-b");

        Assert.True(await h.Runner("worker-a").RunNextAsync(Ct));

        var done = await h.ReloadAsync(job.Id);
        Assert.Equal((JobState.Succeeded, 2, "worker-b", "\"from b\""), (done.State, done.Attempts, done.LeaseOwner, done.Result));
    }

    [Fact]
    public async Task A_job_interrupted_by_shutdown_goes_back_to_the_queue_without_costing_an_attempt()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = true;
        await using var h = await StartAsync(new Handler("test.wait", async (_, ct) =>
        {
            if (!stop) return "finished";
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }));
        var job = await h.EnqueueAsync("test.wait", new { });
        using var shutdown = new CancellationTokenSource();

        var run = h.Runner().RunNextAsync(shutdown.Token);
        await started.Task.WaitAsync(Ct);
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var back = await h.ReloadAsync(job.Id);
        Assert.Equal((JobState.Queued, 0, null), (back.State, back.Attempts, back.LeaseOwner));
        stop = false;
        Assert.Equal(1, await h.Runner().DrainAsync(Ct));
        var done = await h.ReloadAsync(job.Id);
        Assert.Equal((JobState.Succeeded, 1), (done.State, done.Attempts));
    }

    [Fact]
    public async Task The_hosted_worker_runs_jobs_queued_while_it_waits()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await StartAsync(
            services => services.AddJobs<TestJobsDb>(o => o.PollInterval = TimeSpan.FromMilliseconds(20)),
            new Handler("test.ping", (_, _) => { done.TrySetResult(); return Task.FromResult<object?>("pong"); }));
        var worker = h.Services.GetServices<IHostedService>().Single();

        await worker.StartAsync(Ct);
        var job = await h.EnqueueAsync("test.ping", new { });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await worker.StopAsync(Ct);

        Assert.Equal("\"pong\"", (await h.ReloadAsync(job.Id)).Result);
    }

    private Task<Harness> StartAsync(params IJobHandler[] handlers) => StartAsync(_ => { }, handlers);

    private async Task<Harness> StartAsync(Action<IServiceCollection> configure, params IJobHandler[] handlers)
    {
        var options = database.OptionsOrSkip();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddDbContext<TestJobsDb>(o => options.Apply(o));
        foreach (var handler in handlers) services.AddSingleton<IJobHandler>(handler);
        configure(services);
        var harness = new Harness(services.BuildServiceProvider(), clock);
        // The database lives as long as the test class: each test starts from an empty table.
        await harness.WithDbAsync(db => db.Jobs.ExecuteDeleteAsync(Ct));
        return harness;
    }

    private sealed class Harness(ServiceProvider services, TimeProvider clock) : IAsyncDisposable
    {
        public ServiceProvider Services => services;

        public JobRunner<TestJobsDb> Runner(string worker = "worker-a") => new(
            services.GetRequiredService<IServiceScopeFactory>(), services.GetServices<IJobHandler>(),
            new JobOptions { WorkerId = worker }, clock, NullLogger<JobRunner<TestJobsDb>>.Instance);

        public Task<Job> EnqueueAsync(string kind, object payload, int maxAttempts = 5) => WithDbAsync(async db =>
        {
            var job = JobQueue.Enqueue(db, kind, $"resource:{Guid.NewGuid()}", payload, clock, maxAttempts);
            await db.SaveChangesAsync(Ct);
            return job;
        });

        public Task<Job> InsertAsync(Job job) => WithDbAsync(async db =>
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(Ct);
            return job;
        });

        public Task<Job> ReloadAsync(Guid id) => WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, Ct));

        public async Task<T> WithDbAsync<T>(Func<TestJobsDb, Task<T>> use)
        {
            await using var scope = services.CreateAsyncScope();
            return await use(scope.ServiceProvider.GetRequiredService<TestJobsDb>());
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }

    private sealed class Handler(string kind, Func<JobContext, CancellationToken, Task<object?>> run) : IJobHandler
    {
        private int calls;

        public int Calls => calls;
        public string Kind => kind;

        public Task<object?> RunAsync(JobContext context, CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            return run(context, ct);
        }
    }
}

public sealed class JobBackoffTests
{
    [Fact]
    public void Backoff_doubles_from_the_base_up_to_the_cap()
    {
        var runner = new JobRunner<TestJobsDb>(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), [],
            new JobOptions { BaseBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromMinutes(1) },
            TimeProvider.System, NullLogger<JobRunner<TestJobsDb>>.Instance);

        Assert.Equal([10, 20, 40, 60, 60, 60], new[] { 1, 2, 3, 4, 5, 1000 }.Select(a => runner.Backoff(a).TotalSeconds));
    }
}
