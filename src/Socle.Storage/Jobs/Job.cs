namespace Socle.Storage.Jobs;

/// <summary>Where a job is in its life; stored as lowercase text (<c>queued</c>, <c>running</c>, …).</summary>
public enum JobState { Queued, Running, Succeeded, Failed }

/// <summary>
/// A unit of background work persisted in the module's database, so that uploads, validations and imports survive
/// restarts: queued in the same transaction as the change that needs it, claimed by one worker at a time under a
/// lease, retried with backoff.
/// </summary>
public sealed class Job
{
    public Guid Id { get; set; }

    /// <summary>Which handler runs it, e.g. <c>resource.validate</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>What it is about, e.g. <c>resource:&lt;guid&gt;</c>; indexed so the API can list a subject's jobs.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The handler's input, as JSON.</summary>
    public string Payload { get; set; } = "{}";

    public JobState State { get; set; }

    /// <summary>Runs started so far, counting the current one.</summary>
    public int Attempts { get; set; }

    public int MaxAttempts { get; set; } = 5;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not before: a retry waits here for its backoff.</summary>
    public DateTimeOffset RunAfter { get; set; }

    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Until when the worker in <see cref="LeaseOwner"/> holds the job; past it, another worker may take it over.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }

    /// <summary>Fraction done, 0 to 1, as last reported by the handler.</summary>
    public double? Progress { get; set; }

    public string? ProgressNote { get; set; }

    /// <summary>The last failure's message.</summary>
    public string? Error { get; set; }

    /// <summary>What the handler returned, as JSON.</summary>
    public string? Result { get; set; }
}
