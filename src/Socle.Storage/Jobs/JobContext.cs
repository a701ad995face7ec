using System.Text.Json;

namespace Socle.Storage.Jobs;

/// <summary>What a handler gets for one run: the job, a fresh DI scope, and a way to report progress.</summary>
public sealed class JobContext
{
    // Handlers may report per row batch; the database sees at most two writes a second.
    internal static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(500);

    private readonly Func<double, string?, Task> persist;
    private readonly SemaphoreSlim writing = new(1, 1);
    private DateTimeOffset? lastWrite;

    internal JobContext(Job job, IServiceProvider services, TimeProvider clock, Func<double, string?, Task> persist)
    {
        Job = job;
        Services = services;
        Clock = clock;
        this.persist = persist;
    }

    /// <summary>A detached copy of the job as claimed for this run.</summary>
    public Job Job { get; }

    /// <summary>A DI scope of this run only: the handler resolves its own DbContext here.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The runner's clock, for times the handler records (a fake one in tests).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The payload read as <typeparamref name="T"/>; a payload that does not fit fails the job without retry.</summary>
    public T PayloadAs<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Job.Payload, JobJson.Options)
                ?? throw new JobFailedException($"Job {Job.Id} ({Job.Kind}) has an empty payload.");
        }
        catch (JsonException e)
        {
            throw new JobFailedException($"The payload of job {Job.Id} ({Job.Kind}) cannot be read as {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Records how far the run is (0 to 1) for the API to show, and renews the worker's lease. Reports closer than
    /// half a second to the last write are kept in memory only; the final state is written when the run ends.
    /// </summary>
    public async Task ReportAsync(double fraction, string? note = null)
    {
        fraction = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);
        Job.Progress = fraction;
        Job.ProgressNote = note;
        // A report from a parallel part of the handler while another is being written is simply superseded.
        if (!writing.Wait(0)) return;
        try
        {
            var now = Clock.GetUtcNow();
            if (lastWrite is { } last && now - last < ReportInterval) return;
            lastWrite = now;
            await persist(fraction, note);
        }
        finally
        {
            writing.Release();
        }
    }
}
