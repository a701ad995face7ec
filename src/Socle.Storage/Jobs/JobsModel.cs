using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Socle.Storage.Jobs;

/// <summary>Implemented by a module's DbContext whose database holds its jobs.</summary>
public interface IJobsDb
{
    DbSet<Job> Jobs { get; }
}

/// <summary>The <c>jobs</c> table, added to a module's model from its <c>OnModelCreating</c>.</summary>
public static class JobsModel
{
    // Times are stored as UTC ticks (bigint): EF's SQLite provider cannot compare or order DateTimeOffset in SQL.
    private static readonly ValueConverter<DateTimeOffset, long> UtcTicks =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly ValueConverter<JobState, string> StateText =
        new(v => StateName(v), v => ParseState(v));

    public static void Configure(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Entity<Job>(job =>
        {
            job.ToTable("jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Kind).HasMaxLength(100);
            job.Property(j => j.Subject).HasMaxLength(300);
            job.Property(j => j.State).HasConversion(StateText).HasMaxLength(16);
            job.Property(j => j.CreatedAt).HasConversion(UtcTicks);
            job.Property(j => j.RunAfter).HasConversion(UtcTicks);
            job.Property(j => j.StartedAt).HasConversion(UtcTicks);
            job.Property(j => j.FinishedAt).HasConversion(UtcTicks);
            job.Property(j => j.LeaseUntil).HasConversion(UtcTicks);
            job.HasIndex(j => new { j.State, j.RunAfter });
            job.HasIndex(j => j.Subject);
        });
    }

    private static string StateName(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    private static JobState ParseState(string text) => text switch
    {
        "queued" => JobState.Queued,
        "running" => JobState.Running,
        "succeeded" => JobState.Succeeded,
        "failed" => JobState.Failed,
        _ => throw new InvalidOperationException($"Unknown job state '{text}' in the jobs table."),
    };
}
