namespace Socle.Validation;

/// <summary>Options of a validation, named as frictionless names them.</summary>
public sealed record ValidationOptions
{
    /// <summary>How many errors the report lists (frictionless' default: 1000). Counting by code goes on past it.</summary>
    public int LimitErrors { get; init; } = 1000;
    /// <summary>Report only these error codes or tags (#header, #row, #cell, #table, #label).</summary>
    public IReadOnlyList<string> PickErrors { get; init; } = [];
    /// <summary>Do not report these error codes or tags.</summary>
    public IReadOnlyList<string> SkipErrors { get; init; } = [];
    /// <summary>Does the first row hold the labels? Null: true (frictionless' default).</summary>
    public bool? Header { get; init; }
    /// <summary>Match labels to field names case-sensitively (frictionless' dialect.header_case).</summary>
    public bool HeaderCase { get; init; } = true;
    /// <summary>frictionless' deprecated schema_sync: match labels by name, as fieldsMatch "partial" unless the schema says otherwise.</summary>
    public bool SchemaSync { get; init; }
    /// <summary>Delimiter to use instead of sniffing it.</summary>
    public char? Delimiter { get; init; }
    /// <summary>Encoding name (utf-8, windows-1252, ...) to use instead of detecting it.</summary>
    public string? Encoding { get; init; }
    /// <summary>Sheet of a spreadsheet (first sheet when null).</summary>
    public string? Sheet { get; init; }
    /// <summary>csv, tsv, xlsx or xls when the file name does not tell (a stored upload); anything else: from the content.</summary>
    public string? Format { get; init; }
    /// <summary>Threads for row checks: 0 = automatic (all cores for large files), 1 = sequential.</summary>
    public int Parallelism { get; init; }
    /// <summary>Receives the bytes read so far and the total when known, for progress bars.</summary>
    public IProgress<(long Read, long Total)>? Progress { get; init; }
}
