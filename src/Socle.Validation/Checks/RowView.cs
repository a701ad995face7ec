using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>State of one schema field's cell in a row.</summary>
internal enum CellState : byte
{
    /// <summary>The row has no cell for this field (short row, or a field with no column).</summary>
    Absent,
    /// <summary>The cell is one of the missing values (by default the empty string).</summary>
    Missing,
    /// <summary>The cell was read as its type; <see cref="RowView.Value"/> holds the value.</summary>
    Valid,
    /// <summary>The cell could not be read as its type (a type-error was reported).</summary>
    TypeError,
}

/// <summary>
/// One data row as the checks see it, by schema field index. Reused from row to row by one thread: a check must not
/// keep it, nor spans from it, after <see cref="CustomCheck.CheckRow"/> returns.
/// </summary>
internal sealed class RowView
{
    private char[] _chars = new char[1024];
    private int[] _start;
    private int[] _length;

    public RowView(int fieldCount)
    {
        _start = new int[fieldCount];
        _length = new int[fieldCount];
        States = new CellState[fieldCount];
        Values = new CellValue[fieldCount];
    }

    /// <summary>Row number as frictionless counts it: the header is row 1.</summary>
    public int RowNumber { get; internal set; }
    public int FieldCount => States.Length;
    public CellState[] States { get; }
    public CellValue[] Values { get; }

    public CellState State(int field) => States[field];
    public ref readonly CellValue Value(int field) => ref Values[field];

    /// <summary>The cell's raw text ("" when absent).</summary>
    public ReadOnlySpan<char> Text(int field) => States[field] == CellState.Absent
        ? default : _chars.AsSpan(_start[field], _length[field]);

    /// <summary>True when the cell is absent or a missing value.</summary>
    public bool IsEmpty(int field) => States[field] is CellState.Absent or CellState.Missing;

    internal void Reset(int rowNumber)
    {
        RowNumber = rowNumber;
        _used = 0;
        Array.Clear(States);
    }

    private int _used;

    internal void SetText(int field, ReadOnlySpan<char> text)
    {
        if (_used + text.Length > _chars.Length)
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + text.Length));
        text.CopyTo(_chars.AsSpan(_used));
        _start[field] = _used;
        _length[field] = text.Length;
        _used += text.Length;
    }
}
