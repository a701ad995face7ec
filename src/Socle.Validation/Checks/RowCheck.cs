using Socle.Validation.Reporting;

namespace Socle.Validation.Checks;

/// <summary>A check across several columns of a row; its errors are row errors (no field number, no cell).</summary>
internal abstract class RowCheck(string code) : CustomCheck
{
    public override string Code { get; } = code;

    protected ValidationError Error(RowView row, string noteKey, string[] noteArgs) => new()
    {
        Type = Code,
        RowNumber = row.RowNumber,
        NoteKey = noteKey,
        NoteArgs = noteArgs,
    };

    /// <summary>True when one of the fields is empty or holds a cell that already has a type-error.</summary>
    protected static bool AnyUnusable(RowView row, int[] fields)
    {
        foreach (var f in fields)
            if (row.State(f) != CellState.Valid) return true;
        return false;
    }
}

/// <summary>
/// <c>one-of-required</c>: at least one of two columns (<c>column1</c>, <c>column2</c>) is filled on each row; both may be.
/// A cell with a type-error counts as filled (it was filled, wrongly, and the type-error says so).
/// </summary>
internal sealed class OneOfRequiredCheck(string code, int first, int second, string firstName, string secondName) : RowCheck(code)
{
    public int First { get; } = first;
    public int Second { get; } = second;

    public override void CheckRow(RowView row, List<ValidationError> errors)
    {
        if (row.IsEmpty(First) && row.IsEmpty(Second))
            errors.Add(Error(row, "note.one-of-required", [firstName, secondName]));
    }
}

/// <summary>
/// <c>cohesive-columns-value</c>: the columns <c>column</c> and <c>othercolumns</c> are all filled or all empty on each
/// row. A cell with a type-error counts as filled.
/// </summary>
internal sealed class CohesiveColumnsCheck(string code, int[] fields, string names) : RowCheck(code)
{
    public IReadOnlyList<int> Fields => fields;

    public override void CheckRow(RowView row, List<ValidationError> errors)
    {
        var filled = !row.IsEmpty(fields[0]);
        for (var i = 1; i < fields.Length; i++)
        {
            if (row.IsEmpty(fields[i]) != filled) continue;
            errors.Add(Error(row, "note.cohesive-columns", [names]));
            return;
        }
    }
}

/// <summary>
/// <c>compare-columns-value</c>: <c>column</c> <c>op</c> <c>column2</c> with op among &gt;, &gt;=, ==, &lt;=, &lt;
/// (and != here), numerically for numbers, in time order for dates and times, in code-point order for text. Rows
/// where either cell is empty or has a type-error are skipped.
/// </summary>
internal sealed class CompareColumnsCheck : RowCheck
{
    public static readonly IReadOnlyList<string> Operators = [">", ">=", "==", "<=", "<", "!="];
    private static readonly string[] OperatorNames = ["gt", "ge", "eq", "le", "lt", "ne"];

    private readonly int[] _fields;
    private readonly int _op;
    private readonly string _name1, _name2;

    public CompareColumnsCheck(string code, int first, string op, int second, string name1, string name2) : base(code)
    {
        _fields = [first, second];
        _op = Operators.ToList().IndexOf(op);
        if (_op < 0) throw new ArgumentOutOfRangeException(nameof(op));
        _name1 = name1;
        _name2 = name2;
    }

    public string Operator => Operators[_op];

    public override void CheckRow(RowView row, List<ValidationError> errors)
    {
        if (AnyUnusable(row, _fields)) return;
        int a = _fields[0], b = _fields[1];
        var x = Operand.Of(row, a);
        var y = Operand.Of(row, b);
        var cmp = Operand.Compare(row, a, x, b, y);
        if (cmp == int.MinValue)
        {
            errors.Add(Error(row, "note.compare-columns.incomparable", [_name1, row.Text(a).ToString(), _name2, row.Text(b).ToString()]));
            return;
        }
        var holds = cmp is { } c ? _op switch
        {
            0 => c > 0, 1 => c >= 0, 2 => c == 0, 3 => c <= 0, 4 => c < 0, _ => c != 0,
        } : _op == 5;
        if (!holds)
            errors.Add(Error(row, "note.compare-columns." + OperatorNames[_op],
                [_name1, row.Text(a).ToString(), _name2, row.Text(b).ToString()]));
    }
}

/// <summary>
/// <c>sum-columns-value</c>: <c>column</c> equals the sum of <c>columns</c>. Rows where one of the cells is empty or
/// has a type-error are skipped; a cell that is not a number is an error.
/// </summary>
internal sealed class SumColumnsCheck(string code, int total, int[] parts, string totalName, string[] partNames) : RowCheck(code)
{
    private readonly int[] _all = [total, .. parts];

    public override void CheckRow(RowView row, List<ValidationError> errors)
    {
        if (AnyUnusable(row, _all)) return;
        var expected = Operand.Of(row, total);
        if (expected.Kind != Operand.Category.Number)
        {
            errors.Add(Error(row, "note.sum-columns.not-number", [totalName, row.Text(total).ToString()]));
            return;
        }
        decimal sum = 0;
        double dsum = 0;
        var useDouble = expected.IsDouble;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = Operand.Of(row, parts[i]);
            if (part.Kind != Operand.Category.Number)
            {
                errors.Add(Error(row, "note.sum-columns.not-number", [partNames[i], row.Text(parts[i]).ToString()]));
                return;
            }
            dsum += part.AsDouble;
            if (useDouble || part.IsDouble) { useDouble = true; continue; }
            try { sum += part.Decimal; }
            catch (OverflowException) { useDouble = true; }
        }
        var equal = useDouble ? dsum == expected.AsDouble : sum == expected.Decimal;
        if (!equal)
            errors.Add(Error(row, "note.sum-columns",
                [string.Join(", ", partNames), useDouble ? dsum.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                    : sum.ToString(System.Globalization.CultureInfo.InvariantCulture), totalName, row.Text(total).ToString()]));
    }
}
