namespace Socle.Catalog.Tests.Storage;

/// <summary>A clock that moves only when a test says so; timers still run on real time.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return now;
    }

    public void Advance(TimeSpan by)
    {
        lock (gate) now += by;
    }
}
