using System.Buffers;
using Socle.Validation.Checks;
using Socle.Validation.Constraints;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Engine;

/// <summary>What the row checks found in one row, handed (in row order) to the sequential stage.</summary>
internal struct RowOutcome
{
    public int RowNumber;
    /// <summary>Cell errors in frictionless order (type/constraint by field, extra cells, missing cells) or one blank-row.</summary>
    public List<ValidationError>? CellErrors;
    /// <summary>Errors that come after the key errors: foreign keys, then custom checks.</summary>
    public List<ValidationError>? LateErrors;
    /// <summary>Where the row's key hashes start in its batch's key array (see <see cref="RowChecker.KeyCount"/>).</summary>
    public int KeyOffset;
    /// <summary>The row's cells as text, kept when an error of this row may be listed.</summary>
    public string[]? Cells;
    /// <summary>Whether the row has anything for the sequential stage.</summary>
    public bool Any;
}

/// <summary>One column as read by the checks.</summary>
internal sealed class Slot
{
    public required ExpectedField Expected { get; init; }
    public required CellReader Reader { get; init; }
    public ConstraintChecker? Constraints { get; init; }
    public required MissingValues Missing { get; init; }
    public bool Required { get; init; }
    public string RequiredNote { get; init; } = "True";
    /// <summary>Every non-missing text is valid and nothing needs its value (cached: read on every cell).</summary>
    public bool Trivial { get; init; }
    public Field Field => Expected.Field;
}

/// <summary>A foreign key ready to check: the slots of its local fields and the set of referenced key hashes.</summary>
internal sealed class ForeignKeyCheck
{
    public required ForeignKey Key { get; init; }
    public required int[] SchemaIndexes { get; init; }
    public required HashSet<UInt128> Lookup { get; init; }
}

/// <summary>
/// Checks one row on its own (types, constraints, structure, foreign keys, custom checks) and computes the hashes of
/// its keys. Stateless between rows apart from per-thread scratch space, so rows are checked on several threads;
/// what needs row order (unique, primary key) is left to <see cref="TableValidation"/>.
/// </summary>
internal sealed class RowChecker
{
    private readonly Slot[] _slots;
    private readonly int[] _order;
    private readonly int _schemaFieldCount;
    private readonly int[] _slotOfSchemaField;
    private readonly Slot?[] _slotBySchema;
    private readonly int[] _uniqueSchemaFields;
    private readonly int[] _pkSchemaFields;
    private readonly int[][] _uniqueKeySchemaFields;
    private readonly IReadOnlyList<ForeignKeyCheck> _foreignKeys;
    private readonly IReadOnlyList<CustomCheck> _customChecks;
    private readonly ErrorGate _gate;
    private readonly bool[] _inView;
    [ThreadStatic] private static RowView? t_view;
    [ThreadStatic] private static List<ConstraintFailure>? t_failures;

    public RowChecker(Slot[] slots, TableSchema schema, IReadOnlyList<ForeignKeyCheck> foreignKeys,
        IReadOnlyList<CustomCheck> customChecks, ErrorGate gate)
    {
        _slots = slots;
        _schemaFieldCount = schema.Fields.Count;
        _slotOfSchemaField = Enumerable.Repeat(-1, _schemaFieldCount).ToArray();
        _slotBySchema = new Slot?[_schemaFieldCount];
        for (var i = 0; i < slots.Length; i++)
            if (slots[i].Expected.SchemaIndex >= 0)
            {
                _slotOfSchemaField[slots[i].Expected.SchemaIndex] = i;
                _slotBySchema[slots[i].Expected.SchemaIndex] = slots[i];
            }
        _uniqueSchemaFields = Enumerable.Range(0, _schemaFieldCount).Where(i => schema.Fields[i].Constraints.Unique).ToArray();
        // A key naming a field the data lacks is not checked: its missing-label already says what is wrong.
        _pkSchemaFields = schema.PrimaryKey.Select(schema.IndexOf).ToArray();
        if (_pkSchemaFields.Any(i => _slotOfSchemaField[i] < 0)) _pkSchemaFields = [];
        _uniqueKeySchemaFields = schema.UniqueKeys.Select(k => k.Select(schema.IndexOf).ToArray()).ToArray();
        _foreignKeys = foreignKeys.Where(fk => fk.SchemaIndexes.All(i => _slotOfSchemaField[i] >= 0)).ToList();
        _customChecks = customChecks;
        _gate = gate;
        KeyCount = _uniqueSchemaFields.Length + (_pkSchemaFields.Length > 0 ? 1 : 0) + _uniqueKeySchemaFields.Length;
        // Cell texts are copied into the row view only for the fields someone reads there: every field for custom
        // checks, else only the fields of keys.
        _inView = new bool[slots.Length];
        for (var s = 0; s < slots.Length; s++)
        {
            var i = slots[s].Expected.SchemaIndex;
            _inView[s] = i >= 0 && (customChecks.Count > 0 || _uniqueSchemaFields.Contains(i) || _pkSchemaFields.Contains(i)
                || _uniqueKeySchemaFields.Any(k => k.Contains(i)) || _foreignKeys.Any(fk => fk.SchemaIndexes.Contains(i)));
        }

        // frictionless reads unique fields first, then primary-key fields, then the rest: their cell errors come first.
        var first = _uniqueSchemaFields.Concat(_pkSchemaFields).Select(i => _slotOfSchemaField[i]).Where(s => s >= 0).Distinct().ToList();
        _order = first.Concat(Enumerable.Range(0, slots.Length).Where(s => !first.Contains(s))).ToArray();
    }

    /// <summary>Keys per row: one per unique field, then the primary key (when there is one), then each uniqueKeys entry.</summary>
    public int KeyCount { get; }
    public int[] UniqueSchemaFields => _uniqueSchemaFields;
    public bool HasPrimaryKey => _pkSchemaFields.Length > 0;
    public int[][] UniqueKeySchemaFields => _uniqueKeySchemaFields;
    public int SlotOf(int schemaIndex) => _slotOfSchemaField[schemaIndex];
    public Slot[] Slots => _slots;

    /// <summary>Checks a row. Returns false when the row has nothing to report and no keys (the common case).</summary>
    public bool Check<T>(scoped in T cells, int rowNumber, out RowOutcome outcome, Span<UInt128> keys) where T : ICells, allows ref struct
    {
        var view = t_view ??= new RowView(_schemaFieldCount);
        if (view.FieldCount != _schemaFieldCount) view = t_view = new RowView(_schemaFieldCount);
        view.Reset(rowNumber);
        outcome = new RowOutcome { RowNumber = rowNumber };
        var listing = _gate.Listing;
        var n = _slots.Length;
        var count = cells.Count;
        var blank = 0;
        List<ValidationError>? errors = null;
        string[]? strings = null;

        for (var k = 0; k < _order.Length; k++)
        {
            var s = _order[k];
            var slot = _slots[s];
            var schemaIndex = _inView[s] ? slot.Expected.SchemaIndex : -1;
            if (s >= count)
            {
                blank++;
                if (schemaIndex >= 0) view.States[schemaIndex] = CellState.Absent;
                if (slot.Required) Add(ref errors, ConstraintError(slot, rowNumber, "", "required", slot.RequiredNote, listing, ref strings, cells));
                continue;
            }
            var text = cells[s];
            if (slot.Missing.IsMissing(text))
            {
                blank++;
                if (schemaIndex >= 0) { view.SetText(schemaIndex, text); view.States[schemaIndex] = CellState.Missing; }
                if (slot.Required) Add(ref errors, ConstraintError(slot, rowNumber, text, "required", slot.RequiredNote, listing, ref strings, cells));
                continue;
            }
            CellValue value = default;
            if (!slot.Trivial && !slot.Reader.TryRead(text, out value))
            {
                if (schemaIndex >= 0) { view.SetText(schemaIndex, text); view.States[schemaIndex] = CellState.TypeError; }
                Add(ref errors, listing
                    ? new ValidationError
                    {
                        Type = "type-error", RowNumber = rowNumber, FieldNumber = slot.Expected.FieldNumber,
                        FieldName = slot.Field.Name, Cell = text.ToString(), Cells = strings ??= CellsText.ToStrings(cells),
                        NoteKey = "note.type", NoteArgs = [slot.Reader.TypeLabel],
                    }
                    : ErrorGate.Token("type-error"));
                continue;
            }
            if (schemaIndex >= 0)
            {
                view.SetText(schemaIndex, text);
                view.States[schemaIndex] = CellState.Valid;
                view.Values[schemaIndex] = value;
            }
            if (slot.Constraints is { } cc)
            {
                var failures = t_failures ??= [];
                failures.Clear();
                cc.Check(text, value, failures);
                foreach (var f in failures)
                    Add(ref errors, ConstraintError(slot, rowNumber, text, f.Name, f.Value, listing, ref strings, cells));
            }
        }

        for (var i = n; i < count; i++)
            Add(ref errors, listing
                ? new ValidationError
                {
                    Type = "extra-cell", RowNumber = rowNumber, FieldNumber = i + 1, FieldName = "",
                    Cell = cells[i].ToString(), Cells = strings ??= CellsText.ToStrings(cells),
                }
                : ErrorGate.Token("extra-cell"));
        for (var s = count; s < n; s++)
            Add(ref errors, listing
                ? new ValidationError
                {
                    Type = "missing-cell", RowNumber = rowNumber, FieldNumber = _slots[s].Expected.FieldNumber,
                    FieldName = _slots[s].Field.Name, Cell = "", Cells = strings ??= CellsText.ToStrings(cells),
                }
                : ErrorGate.Token("missing-cell"));

        var isBlank = blank == n;
        if (isBlank)
        {
            errors = [listing
                ? new ValidationError { Type = "blank-row", RowNumber = rowNumber, Cells = strings ??= CellsText.ToStrings(cells) }
                : ErrorGate.Token("blank-row")];
        }
        outcome.CellErrors = errors;

        if (KeyCount > 0)
        {
            var j = 0;
            foreach (var f in _uniqueSchemaFields) keys[j++] = KeyBuilder.Field(view, _slotBySchema, f);
            if (_pkSchemaFields.Length > 0) keys[j++] = KeyBuilder.Composite(view, _slotBySchema, _pkSchemaFields, anyNullSkips: false);
            foreach (var uk in _uniqueKeySchemaFields) keys[j++] = KeyBuilder.Composite(view, _slotBySchema, uk, anyNullSkips: true);
        }

        List<ValidationError>? late = null;
        foreach (var fk in _foreignKeys)
        {
            var key = KeyBuilder.Composite(view, _slotBySchema, fk.SchemaIndexes, anyNullSkips: false);
            if (key == UInt128.Zero || fk.Lookup.Contains(key)) continue;
            if (!listing) { Add(ref late, ErrorGate.Token("foreign-key")); continue; }
            var values = fk.SchemaIndexes.Select(i => view.IsEmpty(i) || view.State(i) == CellState.TypeError ? "None" : view.Text(i).ToString()).ToArray();
            Add(ref late, new ValidationError
            {
                Type = "foreign-key", RowNumber = rowNumber, Cells = strings ??= CellsText.ToStrings(cells),
                FieldNames = fk.Key.Fields, FieldCells = values, ReferenceName = fk.Key.Resource,
                ReferenceFieldNames = fk.Key.ReferenceFields,
                NoteKey = "note.foreign-key",
                NoteArgs = [string.Join(", ", fk.Key.Fields), string.Join(", ", values), fk.Key.Resource, string.Join(", ", fk.Key.ReferenceFields)],
            });
        }
        if (!isBlank && _customChecks.Count > 0)
        {
            List<ValidationError>? custom = null;
            foreach (var check in _customChecks)
            {
                custom ??= [];
                check.CheckRow(view, custom);
            }
            if (custom is { Count: > 0 })
            {
                if (listing)
                    foreach (var e in custom) Add(ref late, e);
                else
                    foreach (var e in custom) Add(ref late, ErrorGate.Token(e.Type, e.FieldNumber is not null));
            }
        }
        outcome.LateErrors = late;

        if (listing && (errors is not null || late is not null)) outcome.Cells = strings ?? CellsText.ToStrings(cells);
        return outcome.Any = errors is not null || late is not null || KeyCount > 0;
    }

    private static ValidationError ConstraintError<T>(Slot slot, int rowNumber, ReadOnlySpan<char> text, string name, string value, bool listing,
        ref string[]? strings, scoped in T cells) where T : ICells, allows ref struct
    {
        if (!listing) return ErrorGate.Token("constraint-error");
        return new ValidationError
        {
            Type = "constraint-error", RowNumber = rowNumber, FieldNumber = slot.Expected.FieldNumber,
            FieldName = slot.Field.Name, Cell = text.ToString(), Cells = strings ??= CellsText.ToStrings(cells),
            NoteKey = "note.constraint", NoteArgs = [name, value],
        };
    }

    private static void Add(ref List<ValidationError>? list, ValidationError e) => (list ??= []).Add(e);
}
