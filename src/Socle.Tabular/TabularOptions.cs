namespace Socle.Tabular;

/// <summary>Where tables live and what one query may use.</summary>
public sealed record TabularOptions
{
    /// <summary>One DuckDB file per table version (<c>&lt;resource&gt;/&lt;build&gt;.duckdb</c>) and its Parquet twin.</summary>
    public required string Folder { get; init; }
    /// <summary>DuckDB worker threads shared by every query of the process.</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);
    /// <summary>DuckDB's memory limit for the process's queries; larger sorts and groupings spill to <c>.tmp/</c>.</summary>
    public int MemoryLimitMb { get; init; } = 2048;
    /// <summary>A query still running after this is interrupted and answered with a problem detail.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int DefaultPageSize { get; init; } = 20;
    public int MaxPageSize { get; init; } = 1000;
}
