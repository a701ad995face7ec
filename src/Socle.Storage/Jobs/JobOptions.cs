namespace Socle.Storage.Jobs;

public sealed class JobOptions
{
    /// <summary>How long an idle worker waits before looking for due jobs again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim holds without news from the handler; past it, the job counts as abandoned by a crashed worker.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait before the first retry; doubled at each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Names this worker in <see cref="Job.LeaseOwner"/>; unique per process so two processes never share a lease.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}
