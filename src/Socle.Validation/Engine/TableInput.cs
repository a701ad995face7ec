namespace Socle.Validation.Engine;

/// <summary>Where a table comes from and how to read it (what a data package resource or the CLI says).</summary>
internal sealed record TableInput
{
    public required string Path { get; init; }
    public string? Name { get; init; }
    /// <summary>csv, tsv, xlsx, xls, or null to decide from the content.</summary>
    public string? Format { get; init; }
    public char? Delimiter { get; init; }
    public char? Quote { get; init; }
    public bool? Header { get; init; }
    public string? Encoding { get; init; }
    public string? Sheet { get; init; }
}
