using System.Collections.Frozen;
using System.Text.Json;
using Socle.Validation.Schema;

namespace Socle.Validation.Checks;

/// <summary>
/// The catalogue of Validata's custom checks: builds a check from one entry of a schema's <c>custom_checks</c>
/// (<c>{"name": ..., "params": {...}}</c>). A declaration that cannot be used throws a <see cref="SchemaException"/>:
/// <c>check.unknown</c> (unknown name), <c>check.bad-declaration</c> (not an object with a name),
/// <c>check.bad-params</c> (a parameter missing or malformed), <c>check.unknown-column</c> (a column absent from the
/// schema), <c>check.bad-operator</c> (compare-columns-value's op).
/// </summary>
internal static class CustomChecks
{
    private delegate CustomCheck Factory(string name, CheckParams p);

    private static readonly FrozenDictionary<string, Factory> Factories = new Dictionary<string, Factory>
    {
        ["french-siret-value"] = Siret,
        ["siret"] = Siret,
        ["french-siren-value"] = Siren,
        ["siren"] = Siren,
        ["french-gps-coordinates"] = (n, p) => new FrenchGpsCoordinatesCheck(n, p.Context, p.Column("column")),
        ["opening-hours-value"] = (n, p) => new OpeningHoursCheck(n, p.Context, p.Column("column")),
        ["phone-number-value"] = (n, p) => new PhoneNumberCheck(n, p.Context, p.Column("column")),
        ["year-interval-value"] = (n, p) => new YearIntervalCheck(n, p.Context, p.Column("column"),
            p.Flag("allow-year-only", "allow_year_only")),
        ["nomenclature-actes-value"] = Nomenclature,
        ["nomenclature-acte"] = Nomenclature,
        ["cohesive-columns-value"] = Cohesive,
        ["compare-columns-value"] = Compare,
        ["sum-columns-value"] = Sum,
        ["one-of-required"] = OneOfRequired,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every check name accepted in <c>custom_checks</c> (Validata's names and their newer aliases).</summary>
    public static IReadOnlyList<string> KnownNames { get; } = Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Builds the check a declaration describes, bound to the schema's fields. The check's code is its name.</summary>
    public static CustomCheck Create(JsonElement declaration, CheckContext context)
    {
        if (declaration.ValueKind != JsonValueKind.Object
            || !declaration.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            throw new SchemaException("check.bad-declaration");
        var name = nameElement.GetString()!;
        if (!Factories.TryGetValue(name, out var factory)) throw new SchemaException("check.unknown", name);
        var parameters = declaration.TryGetProperty("params", out var p) ? p : default;
        if (parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
            throw new SchemaException("check.bad-params", name, "params");
        return factory(name, new CheckParams(name, parameters, context));
    }

    /// <summary>Builds all the checks a schema declares, in order.</summary>
    public static IReadOnlyList<CustomCheck> CreateAll(CheckContext context) =>
        context.Schema.CustomChecks.Select(d => Create(d, context)).ToArray();

    private static CustomCheck Siret(string name, CheckParams p) => FrenchIdentifierCheck.Siret(name, p.Context, p.Column("column"));
    private static CustomCheck Siren(string name, CheckParams p) => FrenchIdentifierCheck.Siren(name, p.Context, p.Column("column"));
    private static CustomCheck Nomenclature(string name, CheckParams p) => new NomenclatureActesCheck(name, p.Context, p.Column("column"));

    private static CustomCheck Cohesive(string name, CheckParams p)
    {
        int[] fields = [p.Column("column"), .. p.Columns("othercolumns")];
        return new CohesiveColumnsCheck(name, fields, string.Join(", ", fields.Select(p.FieldName)));
    }

    private static CustomCheck Compare(string name, CheckParams p)
    {
        var first = p.Column("column");
        var second = p.Column("column2");
        var op = p.String("op").Trim();
        if (!CompareColumnsCheck.Operators.Contains(op)) throw new SchemaException("check.bad-operator", name, op);
        return new CompareColumnsCheck(name, first, op, second, p.FieldName(first), p.FieldName(second));
    }

    private static CustomCheck Sum(string name, CheckParams p)
    {
        var total = p.Column("column");
        var parts = p.Columns("columns");
        return new SumColumnsCheck(name, total, parts, p.FieldName(total), parts.Select(p.FieldName).ToArray());
    }

    private static CustomCheck OneOfRequired(string name, CheckParams p)
    {
        // Validata reads column1/column2; its documentation shows column/column2: both are accepted.
        var first = p.Column("column1", "column");
        var second = p.Column("column2");
        return new OneOfRequiredCheck(name, first, second, p.FieldName(first), p.FieldName(second));
    }
}
