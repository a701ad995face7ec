namespace Socle.Validation.Reporting;

/// <summary>
/// One error, shaped like frictionless' (type, rowNumber, fieldNumber, fieldName, cell, cells, label, note).
/// The note and message are rendered per language from <see cref="NoteKey"/>/<see cref="NoteArgs"/> by
/// <see cref="Messages"/>: the error itself holds no user-facing text.
/// </summary>
public sealed class ValidationError
{
    /// <summary>The error code, e.g. "type-error", "french-siret-value".</summary>
    public required string Type { get; init; }
    /// <summary>Row number: the header is row 1; null for header and task errors.</summary>
    public int? RowNumber { get; init; }
    /// <summary>1-based column position in the data; null for row and task errors.</summary>
    public int? FieldNumber { get; init; }
    public string? FieldName { get; init; }
    public string? Cell { get; init; }
    /// <summary>All cells of the row, for row errors (blank-row, primary-key, foreign-key, ...).</summary>
    public IReadOnlyList<string>? Cells { get; init; }
    /// <summary>The header label, for label errors.</summary>
    public string? Label { get; init; }
    /// <summary>Key of the note template in the message files (e.g. "note.type", "note.constraint").</summary>
    public string? NoteKey { get; init; }
    public string[] NoteArgs { get; init; } = [];
    /// <summary>Foreign-key details.</summary>
    public IReadOnlyList<string>? FieldNames { get; init; }
    public IReadOnlyList<string>? FieldCells { get; init; }
    public string? ReferenceName { get; init; }
    public IReadOnlyList<string>? ReferenceFieldNames { get; init; }
}
