using System.Text.Json;
using Socle.Validation.Schema;

namespace Socle.Validation.Types;

/// <summary>Builds the <see cref="CellReader"/> of a field: one immutable, thread-safe instance per field.</summary>
internal static class CellReaders
{
    /// <summary>The field types frictionless-py v5 knows (Table Schema v1 plus v2's <c>list</c>).</summary>
    public static readonly IReadOnlyList<string> KnownTypes =
    [
        "any", "array", "boolean", "date", "datetime", "duration", "geojson", "geopoint", "integer", "list",
        "number", "object", "string", "time", "year", "yearmonth",
    ];

    /// <summary>The reader of a field's type and format. Throws <see cref="SchemaException"/> for an unknown type.</summary>
    public static CellReader Create(Field field) => CreateTyped(field);

    internal static TypeReader CreateTyped(Field field)
    {
        // Table Schema v1's deprecated "fmt:" prefix: frictionless strips it when it loads the descriptor.
        if (field.Format.StartsWith("fmt:", StringComparison.Ordinal)) field = WithFormat(field, field.Format[4..]);
        return field.Type switch
        {
            "string" => StringReaders.Create(field),
            "any" => new AnyReader(field),
            "integer" => new IntegerReader(field),
            "number" => new NumberReader(field),
            "boolean" => new BooleanReader(field),
            "date" => new DateReader(field),
            "datetime" => new DateTimeReader(field),
            "time" => new TimeReader(field),
            "year" => new YearReader(field),
            "yearmonth" => new YearMonthReader(field),
            "duration" => new DurationReader(field),
            "geopoint" => new GeoPointReader(field),
            "geojson" => new GeoJsonReader(field),
            "object" => new ObjectReader(field),
            "array" => new ArrayReader(field),
            "list" => new ListReader(field),
            _ => throw new SchemaException("schema.unknown-type", field.Name, field.Type),
        };
    }

    /// <summary>A field of the given type with default properties, as frictionless builds for list items and inference.</summary>
    internal static TypeReader ForType(string name, string type, string format = "default") =>
        CreateTyped(new Field { Name = name, Type = type, Format = format });

    internal static Field WithFormat(Field f, string format) => new()
    {
        Name = f.Name, Type = f.Type, Format = format.Length == 0 ? "default" : format, Title = f.Title,
        Description = f.Description, Constraints = f.Constraints, MissingValues = f.MissingValues,
        TrueValues = f.TrueValues, FalseValues = f.FalseValues, DecimalChar = f.DecimalChar, GroupChar = f.GroupChar,
        BareNumber = f.BareNumber, FloatNumber = f.FloatNumber, Delimiter = f.Delimiter, ItemType = f.ItemType,
        Categories = f.Categories, CategoriesOrdered = f.CategoriesOrdered, Descriptor = f.Descriptor,
    };
}

/// <summary>
/// Base of the readers: adds reading a value loaded from JSON (an enum item, a bound, an array item) the way
/// frictionless' value readers accept non-string Python values.
/// </summary>
internal abstract class TypeReader(Field field, bool acceptsAnything = false) : CellReader(field, acceptsAnything)
{
    /// <summary>The kind of values this reader produces.</summary>
    public abstract ValueKind Kind { get; }

    /// <summary>Reads a Python value from <see cref="PyJson"/> (a string is read like a cell).</summary>
    public abstract bool TryReadPy(object? value, out CellValue result);

    public override bool TryReadJson(JsonElement element, out CellValue value) =>
        TryReadPy(PyJson.FromElement(element), out value);

    /// <summary>Reads a string value: like a cell.</summary>
    protected bool TryReadString(object? value, out CellValue result)
    {
        if (value is string s) return TryRead(s, out result);
        result = default;
        return false;
    }

    public override bool ValueEquals(in CellValue a, in CellValue b) => Compare(a, b) == 0;
}

/// <summary>Type <c>any</c>: every value is valid and kept as text.</summary>
internal sealed class AnyReader(Field field) : TypeReader(field, acceptsAnything: true)
{
    public override ValueKind Kind => ValueKind.Any;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = new CellValue { Kind = ValueKind.Any, Length = -1 };
        return true;
    }

    // A JSON value keeps its Python type: enum [1] does not match the cell "1" (str != int), enum ["1"] does.
    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = new CellValue { Kind = ValueKind.Any, Object = value, Length = -1 };
        return true;
    }

    public override int Compare(in CellValue a, in CellValue b) =>
        string.CompareOrdinal(KeyOf(a), KeyOf(b));

    public override bool ValueEquals(in CellValue a, in CellValue b) => KeyOf(a) == KeyOf(b);

    private static string KeyOf(in CellValue v) => v.Object is string s ? s : v.Object is null ? "" : PyJson.Key(v.Object);

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) => cell.ToString();
}
