using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Socle.Collect.Records;
using Socle.Validation.Reporting;

namespace Socle.Collect.Imports;

/// <summary>What a row of an import does to the register.</summary>
public static class RowOutcome
{
    public const string New = "new", Changed = "changed", Unchanged = "unchanged", Conflicting = "conflicting", Error = "error";
    public static readonly string[] All = [New, Changed, Unchanged, Conflicting, Error];
}

/// <summary>
/// One thing wrong with a row: a Socle.Validation error (type, field, cell and note, rendered as the validator renders
/// it) or the import's own (<c>collect.import.{Code}</c> with its arguments).
/// </summary>
public sealed record PlanError(string Code, string? Field, string? Cell, string? NoteKey, string[] Args, bool Validator)
{
    public string Message(string lang, int row)
    {
        if (!Validator) return Messages.Format($"collect.import.{Code}", lang, [row, .. Args]);
        // The validator's own sentence names a column of the normalized file, not the user's: say the field instead.
        var error = new ValidationError { Type = Code, RowNumber = row, FieldName = Field, Cell = Cell, NoteKey = NoteKey, NoteArgs = Args };
        return Field is null
            ? Messages.Message(error, lang)
            : Messages.Format("collect.import.cell", lang, row, Field, Cell ?? "", Messages.Title(error, lang), Messages.Note(error, lang));
    }
}

public sealed record PlanConflict(string Field, SortedDictionary<string, string> Values);

/// <summary>One row of the dry run, as the report shows it.</summary>
public sealed record PlanRow(int Row, string Outcome, long? Record, string? Label, IReadOnlyList<FieldChange>? Changes,
    IReadOnlyList<PlanConflict>? Conflicts, IReadOnlyList<PlanError>? Errors);

/// <summary>
/// The dry run of an import: how many rows are new, changed, unchanged, conflicting or wrong, and the first rows of each
/// (<see cref="SamplesPerOutcome"/>), with the changes and errors they carry.
/// </summary>
public sealed class ImportPlan
{
    public const int SamplesPerOutcome = 100;

    public int Rows { get; set; }
    public int New { get; set; }
    public int Changed { get; set; }
    public int Unchanged { get; set; }
    public int Conflicting { get; set; }
    public int Errors { get; set; }
    public IReadOnlyList<string> IgnoredColumns { get; set; } = [];
    public IReadOnlyList<string> MissingOptionalColumns { get; set; } = [];
    /// <summary>Rows in error by error code (a row with two codes counts in both).</summary>
    public SortedDictionary<string, int> ErrorCodes { get; set; } = new(StringComparer.Ordinal);
    public List<PlanRow> Samples { get; set; } = [];
    /// <summary>Seconds spent: crosswalk, validation, matching.</summary>
    public Dictionary<string, double> Timings { get; set; } = [];

    private readonly Dictionary<string, int> sampled = new(StringComparer.Ordinal);

    public void Count(PlanRow row)
    {
        switch (row.Outcome)
        {
            case RowOutcome.New: New++; break;
            case RowOutcome.Changed: Changed++; break;
            case RowOutcome.Unchanged: Unchanged++; break;
            case RowOutcome.Conflicting: Conflicting++; break;
            default:
                Errors++;
                foreach (var code in row.Errors?.Select(e => e.Code).Distinct() ?? []) ErrorCodes[code] = ErrorCodes.GetValueOrDefault(code) + 1;
                break;
        }
        var taken = sampled.GetValueOrDefault(row.Outcome);
        if (taken < SamplesPerOutcome) { Samples.Add(row); sampled[row.Outcome] = taken + 1; }
    }

    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static ImportPlan? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<ImportPlan>(json, Json);

    public static string Seconds(double s) => s.ToString("0.00", CultureInfo.InvariantCulture);
}
