using System.Text.Json;

namespace Socle.Validation.Schema;

/// <summary>A Table Schema field descriptor (v1 plus the v2 additions), as read from JSON.</summary>
public sealed class Field
{
    public required string Name { get; init; }
    /// <summary>Lower-case type name. A descriptor without one reads as "any", as frictionless-py v5 does.</summary>
    public string Type { get; init; } = "any";
    public string Format { get; init; } = "default";
    public string? Title { get; init; }
    public string? Description { get; init; }
    public FieldConstraints Constraints { get; init; } = new();
    /// <summary>Field-level missingValues (v2); null means "inherit the schema's".</summary>
    public IReadOnlyList<string>? MissingValues { get; init; }
    public IReadOnlyList<string> TrueValues { get; init; } = ["true", "True", "TRUE", "1"];
    public IReadOnlyList<string> FalseValues { get; init; } = ["false", "False", "FALSE", "0"];
    public string DecimalChar { get; init; } = ".";
    public string GroupChar { get; init; } = "";
    public bool BareNumber { get; init; } = true;
    public bool FloatNumber { get; init; }
    /// <summary>Item separator of the v2 <c>list</c> type.</summary>
    public string Delimiter { get; init; } = ",";
    /// <summary>Item type of the v2 <c>list</c> type (and of arrays with an <c>arrayItem</c>).</summary>
    public string? ItemType { get; init; }
    /// <summary>v2 <c>categories</c>: a list of values or of {value, label} objects.</summary>
    public JsonElement? Categories { get; init; }
    public bool CategoriesOrdered { get; init; }
    /// <summary>The raw descriptor, for properties no check needs (rdfType, example, ...).</summary>
    public JsonElement Descriptor { get; init; }
}

/// <summary>Field constraints. Bounds stay raw JSON: their meaning depends on the field type.</summary>
public sealed class FieldConstraints
{
    public bool Required { get; init; }
    public bool Unique { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public JsonElement? Minimum { get; init; }
    public JsonElement? Maximum { get; init; }
    public JsonElement? ExclusiveMinimum { get; init; }
    public JsonElement? ExclusiveMaximum { get; init; }
    public string? Pattern { get; init; }
    /// <summary>A JSON array of allowed values (strings or native JSON values).</summary>
    public JsonElement? Enum { get; init; }

    public bool Any => Required || Unique || MinLength is not null || MaxLength is not null || Minimum is not null
        || Maximum is not null || ExclusiveMinimum is not null || ExclusiveMaximum is not null || Pattern is not null
        || Enum is not null;
}
