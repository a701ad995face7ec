using System.Text.Json;

namespace Socle.Validation.Schema;

/// <summary>How header labels are matched to schema fields (Table Schema v2 <c>fieldsMatch</c>).</summary>
public enum FieldsMatch { Exact, Equal, Subset, Superset, Partial }

/// <summary>A foreign key: local fields → fields of a resource ("" is this one).</summary>
public sealed record ForeignKey(IReadOnlyList<string> Fields, string Resource, IReadOnlyList<string> ReferenceFields);

/// <summary>A Table Schema, parsed and checked by <see cref="SchemaReader"/>.</summary>
public sealed class TableSchema
{
    public required IReadOnlyList<Field> Fields { get; init; }
    public IReadOnlyList<string> MissingValues { get; init; } = [""];
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];
    /// <summary>v2 uniqueKeys: each a list of field names whose combined value must be unique.</summary>
    public IReadOnlyList<IReadOnlyList<string>> UniqueKeys { get; init; } = [];
    public IReadOnlyList<ForeignKey> ForeignKeys { get; init; } = [];
    /// <summary>Null when the schema does not declare it (the default is exact).</summary>
    public FieldsMatch? FieldsMatch { get; init; }
    /// <summary>Validata's custom checks: each a JSON object {name, params}.</summary>
    public IReadOnlyList<JsonElement> CustomChecks { get; init; } = [];
    /// <summary>The raw descriptor (title, name, version, ...).</summary>
    public JsonElement Descriptor { get; init; }

    /// <summary>The data package descriptor this schema was taken from, if any: foreign keys to other resources resolve there.</summary>
    public string? PackagePath { get; internal set; }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
            if (Fields[i].Name == name) return i;
        return -1;
    }
}
