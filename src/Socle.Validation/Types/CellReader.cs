using System.Text.Json;
using Socle.Validation.Schema;

namespace Socle.Validation.Types;

/// <summary>
/// Reads the text of a non-missing cell as the value of one field's type and format, with the frictionless-py v5
/// semantics (what it accepts and rejects). One instance per field, built once per validation, used from several
/// threads at once: implementations must be immutable after construction.
/// </summary>
internal abstract class CellReader
{
    protected CellReader(Field field, bool acceptsAnything = false)
    {
        Field = field;
        AcceptsAnything = acceptsAnything;
    }

    public Field Field { get; }

    /// <summary>True when every non-missing cell is valid and no value is needed (type string/any, default format).
    /// A plain property (asked per cell): the reader says it at construction.</summary>
    public bool AcceptsAnything { get; }

    /// <summary>True when a cell's key is its text as written (string and any): keys are then hashed without a copy.</summary>
    public virtual bool KeyIsText => AcceptsAnything;

    /// <summary>Reads a cell's text. False is a type-error.</summary>
    public abstract bool TryRead(ReadOnlySpan<char> cell, out CellValue value);

    /// <summary>Reads a value written in the schema (enum item, minimum, ...): a JSON string is read like a cell,
    /// a JSON number/bool/array/object natively.</summary>
    public abstract bool TryReadJson(JsonElement element, out CellValue value);

    /// <summary>Total order used by minimum/maximum; equality used by enum and unique.</summary>
    public abstract int Compare(in CellValue a, in CellValue b);

    public abstract bool ValueEquals(in CellValue a, in CellValue b);

    /// <summary>A canonical text for keys (unique, primaryKey, foreignKeys): two cells read as equal values
    /// (e.g. "1" and "1.0" for a number) give the same key.</summary>
    public abstract string ToKey(ReadOnlySpan<char> cell, in CellValue value);

    /// <summary>The "type/format" text frictionless puts in a type-error note.</summary>
    public string TypeLabel => $"{Field.Type}/{Field.Format}";
}
