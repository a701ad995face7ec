namespace Socle.Validation.Reporting;

/// <summary>The report of one table (a frictionless "task").</summary>
public sealed class TaskReport
{
    public required string Name { get; init; }
    /// <summary>Where the data came from (path or URL).</summary>
    public required string Place { get; init; }
    public bool Valid => ErrorCount == 0;
    public IReadOnlyList<string> Labels { get; internal set; } = [];
    /// <summary>The errors listed (at most limitErrors of them).</summary>
    public List<ValidationError> Errors { get; } = [];
    /// <summary>Task warnings, as message keys with arguments (e.g. the error limit was reached).</summary>
    public List<(string Key, string[] Args)> Warnings { get; } = [];
    /// <summary>Every error counted by code, including those past the limit.</summary>
    public SortedDictionary<string, long> ErrorCounts { get; } = new(StringComparer.Ordinal);
    public long ErrorCount { get; internal set; }
    public long Rows { get; internal set; }
    public long Bytes { get; internal set; }
    public int Fields { get; internal set; }
    public string? Encoding { get; internal set; }
    public string? Delimiter { get; internal set; }
    public string? Format { get; internal set; }
    public double Seconds { get; internal set; }
    /// <summary>The schema used: given, or inferred when the table had none.</summary>
    public bool SchemaInferred { get; internal set; }
}

/// <summary>A validation report shaped like frictionless' (valid, stats, tasks with errors), plus counts by code.</summary>
public sealed class ValidationReport
{
    public List<TaskReport> Tasks { get; } = [];
    /// <summary>Report-level errors (e.g. an unusable data package), outside any task.</summary>
    public List<ValidationError> Errors { get; } = [];
    public bool Valid => Errors.Count == 0 && Tasks.All(t => t.Valid);
    public double Seconds { get; internal set; }

    public long ErrorCount => Errors.Count + Tasks.Sum(t => t.ErrorCount);

    /// <summary>All error counts by code over every task.</summary>
    public SortedDictionary<string, long> ErrorCounts
    {
        get
        {
            var d = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var e in Errors) d[e.Type] = d.GetValueOrDefault(e.Type) + 1;
            foreach (var t in Tasks)
                foreach (var (k, v) in t.ErrorCounts) d[k] = d.GetValueOrDefault(k) + v;
            return d;
        }
    }
}
