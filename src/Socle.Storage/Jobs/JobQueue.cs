namespace Socle.Storage.Jobs;

public static class JobQueue
{
    /// <summary>
    /// Adds a job to the context without saving it: the caller's <c>SaveChanges</c> stores it in the same transaction
    /// as the change that caused it, so neither exists without the other.
    /// </summary>
    public static Job Enqueue(IJobsDb db, string kind, string subject, object payload, TimeProvider? clock = null, int maxAttempts = 5)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var job = new Job
        {
            Id = Guid.CreateVersion7(now), // time-ordered: new rows land at the end of the primary key's index
            Kind = kind,
            Subject = subject,
            Payload = JobJson.Write(payload),
            State = JobState.Queued,
            MaxAttempts = maxAttempts,
            CreatedAt = now,
            RunAfter = now,
        };
        db.Jobs.Add(job);
        return job;
    }
}
