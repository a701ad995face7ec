using System.Text.Json;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Validation.Checks;

/// <summary>
/// A Validata custom check declared in a schema's <c>custom_checks</c> (<c>{"name": ..., "params": {...}}</c>).
/// Built once per validation, then <see cref="CheckRow"/> is called for every non-blank data row, possibly from
/// several threads at once: a check keeps no state between rows.
/// </summary>
internal abstract class CustomCheck
{
    /// <summary>The error code the check reports (e.g. "french-siret-value").</summary>
    public abstract string Code { get; }

    /// <summary>Checks one row; adds errors to <paramref name="errors"/> (created with <see cref="ValidationError"/>).</summary>
    public abstract void CheckRow(RowView row, List<ValidationError> errors);
}

/// <summary>What a check needs to bind itself to a table: the schema and the field positions.</summary>
internal sealed class CheckContext
{
    public required TableSchema Schema { get; init; }

    /// <summary>Index of the named field in the schema, or -1.</summary>
    public int FieldIndex(string name)
    {
        for (var i = 0; i < Schema.Fields.Count; i++)
            if (Schema.Fields[i].Name == name) return i;
        return -1;
    }

    /// <summary>1-based position of the field's column in the data (for fieldNumber), given the header mapping.</summary>
    public required Func<int, int> FieldNumber { get; init; }
}
