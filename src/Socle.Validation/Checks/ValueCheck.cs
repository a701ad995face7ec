using Socle.Validation.Reporting;
using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>Why a cell fails a value check: the note to show and, when it differs from the check's, the error code.</summary>
internal readonly record struct CellFailure(string NoteKey, string[] NoteArgs, string? Code = null)
{
    public CellFailure(string noteKey) : this(noteKey, []) { }
}

/// <summary>
/// A check of the cells of one column (Validata's single-column checks). Empty cells are skipped (requiredness is the
/// <c>required</c> constraint's job), and so are cells that already have a type-error.
/// </summary>
internal abstract class ValueCheck : CustomCheck
{
    private readonly CheckContext _context;

    protected ValueCheck(string code, CheckContext context, int field)
    {
        Code = code;
        _context = context;
        Field = field;
        FieldName = context.Schema.Fields[field].Name;
    }

    public override string Code { get; }
    public int Field { get; }
    public string FieldName { get; }

    /// <summary>Checks one non-empty cell; returns null when it is valid (which must not allocate where avoidable).</summary>
    protected abstract CellFailure? Check(ReadOnlySpan<char> text, in CellValue value);

    public override void CheckRow(RowView row, List<ValidationError> errors)
    {
        if (row.State(Field) != CellState.Valid) return;
        var text = row.Text(Field);
        if (Check(text, in row.Value(Field)) is not { } failure) return;
        errors.Add(new ValidationError
        {
            Type = failure.Code ?? Code,
            RowNumber = row.RowNumber,
            FieldNumber = _context.FieldNumber(Field),
            FieldName = FieldName,
            Cell = text.ToString(),
            NoteKey = failure.NoteKey,
            NoteArgs = failure.NoteArgs,
        });
    }
}
