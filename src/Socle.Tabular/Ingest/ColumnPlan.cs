using System.Globalization;
using System.Text;
using Socle.Tabular.Engine;
using Socle.Validation.Schema;

namespace Socle.Tabular.Ingest;

/// <summary>
/// How one text column becomes a typed one: its Table Schema type (from the resource's schema, or inferred from a
/// sample) and the SQL that converts a cell. Conversions are strict: a cell that does not read as the type stops the
/// build with the marker <c>socle-col:N</c>, and the builder then keeps that column as text — a value is never lost
/// or silently turned into null.
/// </summary>
internal sealed class PlannedColumn
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required string Type { get; set; }
    /// <summary>Which reading of the type: "iso", "fr" (dd/mm/yyyy, decimal comma), a strptime pattern, "any".</summary>
    public string Variant { get; set; } = "";
    public Field? Field { get; init; }
    public string? DeclaredType { get; set; }

    public string Source => "c" + Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The SQL giving the typed value, or null when the cell does not read as the type.</summary>
    public string TryConvert()
    {
        var x = Sql.Ident(Source);
        switch (Type)
        {
            case ColumnTypes.Integer:
                {
                    var v = Clean(x);
                    // DuckDB's casts are lenient ('12.5' → 13, '0x10' → 16, '1_000'): the text must be digits first.
                    return Field is null
                        ? $"CASE WHEN regexp_full_match({x}, '[+-]?(0|[1-9][0-9]{{0,17}})') THEN TRY_CAST({x} AS BIGINT) END"
                        : $"CASE WHEN regexp_full_match({v}, '[+-]?[0-9]{{1,18}}') THEN TRY_CAST({v} AS BIGINT) END";
                }
            case ColumnTypes.Number:
                if (Field is null)
                    return Variant == "fr"
                        ? $"CASE WHEN regexp_full_match({x}, '{FrNumber}') THEN TRY_CAST(replace({x}, ',', '.') AS DOUBLE) END"
                        : $"CASE WHEN regexp_full_match({x}, '{Number}') THEN TRY_CAST({x} AS DOUBLE) END";
                {
                    var v = Clean(x);
                    return $"CASE WHEN regexp_full_match({v}, '{SchemaNumber}') THEN TRY_CAST({v} AS DOUBLE) END";
                }
            case ColumnTypes.Year:
                return $"CASE WHEN regexp_full_match({x}, '[+-]?[0-9]{{1,9}}') THEN TRY_CAST({x} AS INTEGER) END";
            case ColumnTypes.Boolean:
                {
                    var t = Sql.List(Field?.TrueValues ?? ["true", "True", "TRUE"]);
                    var f = Sql.List(Field?.FalseValues ?? ["false", "False", "FALSE"]);
                    return $"CASE WHEN list_contains({t}, {x}) THEN true WHEN list_contains({f}, {x}) THEN false END";
                }
            case ColumnTypes.Date:
                return Variant switch
                {
                    "iso" or "" => $"CASE WHEN regexp_full_match({x}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN TRY_CAST({x} AS DATE) END",
                    "fr" => $"CAST(try_strptime({x}, '%d/%m/%Y') AS DATE)",
                    "any" => $"coalesce(TRY_CAST({x} AS DATE), CAST(try_strptime({x}, ['%d/%m/%Y', '%d-%m-%Y', '%Y/%m/%d', '%d.%m.%Y']) AS DATE))",
                    var pattern => $"CAST(try_strptime({x}, {Sql.Literal(pattern)}) AS DATE)",
                };
            case ColumnTypes.DateTime:
                return Variant switch
                {
                    "iso" or "" or "any" => $"TRY_CAST({x} AS TIMESTAMP)",
                    var pattern => $"try_strptime({x}, {Sql.Literal(pattern)})",
                };
            case ColumnTypes.Time:
                return Variant switch
                {
                    "iso" or "" or "any" => $"TRY_CAST({x} AS TIME)",
                    var pattern => $"CAST(try_strptime({x}, {Sql.Literal(pattern)}) AS TIME)",
                };
            default:
                return x;
        }
    }

    /// <summary>The strict conversion: null stays null, a cell that does not convert raises <c>socle-col:N</c>.</summary>
    public string Expression()
    {
        if (Type == ColumnTypes.String) return Sql.Ident(Source);
        return $"CASE WHEN {Sql.Ident(Source)} IS NULL THEN NULL ELSE coalesce({TryConvert()}, error('socle-col:{Index}')) END";
    }

    /// <summary>Removes the schema's group character and reads its decimal character as a point; bareNumber=false strips the rest.</summary>
    private string Clean(string x)
    {
        if (Field is null) return x;
        var v = x;
        if (!Field.BareNumber) v = $"regexp_replace({v}, '[^0-9eE+\\-{Regex(Field.DecimalChar)}{Regex(Field.GroupChar)}]', '', 'g')";
        if (Field.GroupChar.Length > 0) v = $"replace({v}, {Sql.Literal(Field.GroupChar)}, '')";
        if (Field.DecimalChar != ".") v = $"replace({v}, {Sql.Literal(Field.DecimalChar)}, '.')";
        return v;
    }

    private static string Regex(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s) sb.Append(char.IsLetterOrDigit(c) ? c.ToString() : "\\" + c);
        return sb.ToString().Replace("'", "''");
    }

    internal const string Number = "[+-]?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?";
    internal const string FrNumber = "[+-]?(0|[1-9][0-9]*)(,[0-9]+)?";
    /// <summary>A Table Schema number once its group and decimal characters are normalised, NaN and infinities included.</summary>
    internal const string SchemaNumber = "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|[+-]?INF";
}

/// <summary>Column names as reusers will write them in URLs: the header's text, made unique and never empty.</summary>
internal static class ColumnNames
{
    public const string RowId = "__id";
    /// <summary>Socle's hidden columns start with this; a header that does too gets a leading underscore.</summary>
    public const string HiddenPrefix = "__socle";

    public static string Folded(int index) => HiddenPrefix + "_fold_" + index.ToString(CultureInfo.InvariantCulture);

    public static List<string> Unique(IReadOnlyList<string> header)
    {
        var names = new List<string>(header.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { RowId };
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0) name = "colonne_" + (i + 1).ToString(CultureInfo.InvariantCulture);
            if (name.StartsWith(HiddenPrefix, StringComparison.OrdinalIgnoreCase)) name = "_" + name;
            var candidate = name;
            for (var n = 2; !seen.Add(candidate); n++) candidate = name + "_" + n.ToString(CultureInfo.InvariantCulture);
            names.Add(candidate);
        }
        return names;
    }
}

/// <summary>Types for text columns: the schema's when the resource has one, else inferred on a sample.</summary>
internal static class ColumnPlanner
{
    public static List<PlannedColumn> FromSchema(IReadOnlyList<string> names, TableSchema schema)
    {
        var plan = new List<PlannedColumn>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var field = schema.Fields.FirstOrDefault(f => f.Name == names[i])
                        ?? schema.Fields.FirstOrDefault(f => string.Equals(f.Name.Trim(), names[i], StringComparison.OrdinalIgnoreCase));
            var (type, variant) = field is null ? (ColumnTypes.String, "") : TypeOf(field);
            plan.Add(new PlannedColumn { Index = i, Name = names[i], Type = type, Variant = variant, Field = field });
        }
        return plan;
    }

    private static (string Type, string Variant) TypeOf(Field f) => f.Type switch
    {
        "integer" => (ColumnTypes.Integer, ""),
        "number" => (ColumnTypes.Number, ""),
        "boolean" => (ColumnTypes.Boolean, ""),
        "year" => (ColumnTypes.Year, ""),
        "date" => (ColumnTypes.Date, Variant(f.Format)),
        "datetime" => (ColumnTypes.DateTime, Variant(f.Format)),
        "time" => (ColumnTypes.Time, Variant(f.Format)),
        _ => (ColumnTypes.String, ""),
    };

    private static string Variant(string format) => format switch
    {
        "default" or "" => "iso",
        "any" => "any",
        _ => format.StartsWith("fmt:", StringComparison.Ordinal) ? format[4..] : format,
    };

    /// <summary>The candidate readings tried in order on a sample; the first that every non-empty cell satisfies wins.</summary>
    private static readonly (string Type, string Variant, string Test)[] Candidates =
    [
        (ColumnTypes.Integer, "", "regexp_full_match({0}, '[+-]?(0|[1-9][0-9]{{0,17}})')"),
        (ColumnTypes.Number, "", $"regexp_full_match({{0}}, '{PlannedColumn.Number}')"),
        // After integer and number: a column of "12,5" and "3" is French decimals; one of "3" alone stays integer.
        (ColumnTypes.Number, "fr", $"regexp_full_match({{0}}, '{PlannedColumn.FrNumber}')"),
        (ColumnTypes.Boolean, "", "{0} IN ('true', 'false', 'True', 'False', 'TRUE', 'FALSE')"),
        (ColumnTypes.Date, "iso", "regexp_full_match({0}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') AND TRY_CAST({0} AS DATE) IS NOT NULL"),
        (ColumnTypes.Date, "fr", "regexp_full_match({0}, '[0-9]{{2}}/[0-9]{{2}}/[0-9]{{4}}') AND try_strptime({0}, '%d/%m/%Y') IS NOT NULL"),
        (ColumnTypes.DateTime, "iso", "regexp_full_match({0}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[T ][0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}}(\\.[0-9]+)?)?') AND TRY_CAST({0} AS TIMESTAMP) IS NOT NULL"),
    ];

    /// <summary>
    /// Infers types on the first rows, in one query: per column and candidate, how many non-empty cells fail. Codes
    /// with leading zeros (communes, postcodes) fail the numeric readings and stay text; "fr" numbers need a comma.
    /// </summary>
    public static List<PlannedColumn> Infer(DuckSession session, string relation, IReadOnlyList<string> names, int sampleRows)
    {
        var selects = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var x = Sql.Ident("c" + i.ToString(CultureInfo.InvariantCulture));
            selects.Add($"count({x})");
            foreach (var (_, _, test) in Candidates)
                selects.Add($"count(*) FILTER (WHERE {x} IS NOT NULL AND NOT coalesce({string.Format(CultureInfo.InvariantCulture, test, x)}, false))");
        }
        var sql = $"SELECT {string.Join(", ", selects)} FROM (SELECT * FROM {relation} LIMIT {sampleRows})";
        using var reader = session.Reader(sql, []);
        reader.Read();
        var plan = new List<PlannedColumn>(names.Count);
        var width = Candidates.Length + 1;
        for (var i = 0; i < names.Count; i++)
        {
            var filled = reader.GetInt64(i * width);
            var column = new PlannedColumn { Index = i, Name = names[i], Type = ColumnTypes.String };
            if (filled > 0)
                for (var k = 0; k < Candidates.Length; k++)
                    if (reader.GetInt64(i * width + 1 + k) == 0)
                    {
                        column.Type = Candidates[k].Type;
                        column.Variant = Candidates[k].Variant;
                        break;
                    }
            plan.Add(column);
        }
        return plan;
    }
}
