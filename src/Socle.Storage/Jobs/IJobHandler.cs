namespace Socle.Storage.Jobs;

/// <summary>
/// Runs the jobs of one kind. A job may run more than once (a retry, or a worker that stopped before recording the
/// outcome), so handlers must be safe to repeat. Handlers are singletons: per-run services come from
/// <see cref="JobContext.Services"/>.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <summary>Does the work; what it returns is stored as the job's JSON result.</summary>
    Task<object?> RunAsync(JobContext context, CancellationToken ct);
}

/// <summary>Thrown by a handler when retrying cannot help (bad input, missing subject): the job fails at once.</summary>
public sealed class JobFailedException(string message) : Exception(message);
