using System.Text.Json.Nodes;
using Socle.Tabular.Query;
using Socle.Validation.Reporting;

namespace Socle.Tabular;

/// <summary>
/// An OpenAPI 3.1 document for one table: its data route with a parameter for every column and operator the
/// column's type allows, its exports and its profile — what data.gouv.fr serves as a resource's "swagger".
/// </summary>
public static class TableOpenApi
{
    public static JsonObject Describe(TableInfo t, string title, string baseUrl, string lang)
    {
        var parameters = new JsonArray
        {
            Param("page", "integer", M("page", lang)),
            Param("page_size", "integer", M("page-size", lang)),
            Param("columns", "string", M("columns", lang)),
            Param("q", "string", M("q", lang)),
            Param("after", "string", M("after", lang)),
            Param("or", "string", M("or", lang)),
        };
        foreach (var c in t.Columns)
        {
            var schemaType = c.Type switch
            {
                ColumnTypes.Integer or ColumnTypes.Year => "integer",
                ColumnTypes.Number => "number",
                ColumnTypes.Boolean => "boolean",
                _ => "string",
            };
            foreach (var op in OperatorsFor(c))
                parameters.Add(Param($"{c.Name}__{op}", op is "in" or "notin" or "isnull" or "isnotnull" or "groupby" or "count" or "sum" or "avg" or "min" or "max" or "sort" ? "string" : schemaType,
                    Messages.Format("tabular.openapi.op." + op, lang, c.Name)));
        }
        var row = new JsonObject { ["__id"] = new JsonObject { ["type"] = "integer" } };
        foreach (var c in t.Columns)
            row[c.Name] = Schema(c);
        var path = $"/api/1/resources/{t.ResourceId}";
        var exports = new JsonObject();
        foreach (var f in new[] { "csv", "json", "jsonl", "geojson", "parquet", "xlsx" })
        {
            if (f == "geojson" && t.Geo is null) continue;
            exports[$"{path}/data/{f}/"] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["summary"] = Messages.Format("tabular.openapi.export", lang, f.ToUpperInvariant()),
                    ["parameters"] = parameters.DeepClone(),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = f } },
                },
            };
        }
        var paths = new JsonObject
        {
            [$"{path}/data/"] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["summary"] = M("data", lang),
                    ["parameters"] = parameters,
                    ["responses"] = new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = M("page", lang),
                            ["content"] = new JsonObject
                            {
                                ["application/json"] = new JsonObject
                                {
                                    ["schema"] = new JsonObject
                                    {
                                        ["type"] = "object",
                                        ["properties"] = new JsonObject
                                        {
                                            ["data"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["properties"] = row } },
                                            ["links"] = new JsonObject { ["type"] = "object" },
                                            ["meta"] = new JsonObject { ["type"] = "object" },
                                        },
                                    },
                                },
                            },
                        },
                        ["400"] = new JsonObject { ["description"] = M("bad", lang) },
                    },
                },
            },
            [$"{path}/profile/"] = new JsonObject
            {
                ["get"] = new JsonObject { ["summary"] = M("profile", lang), ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "profile" } } },
            },
        };
        foreach (var (k, v) in exports) paths[k] = v!.DeepClone();
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = Path.GetFileNameWithoutExtension(t.File), ["description"] = Messages.Format("tabular.openapi.description", lang, t.Rows, t.Columns.Count) },
            ["servers"] = new JsonArray { new JsonObject { ["url"] = baseUrl } },
            ["paths"] = paths,
        };
    }

    /// <summary>What a column of this type accepts: contains only on text, sum and avg only on numbers, no ranges on booleans.</summary>
    public static IEnumerable<string> OperatorsFor(TableColumn c)
    {
        yield return Operators.Exact;
        yield return Operators.Differs;
        if (c.Type == ColumnTypes.String) { yield return Operators.Contains; yield return Operators.NotContains; }
        yield return Operators.In;
        yield return Operators.NotIn;
        if (c.Type != ColumnTypes.Boolean)
        {
            yield return Operators.Less; yield return Operators.Greater;
            yield return Operators.StrictlyLess; yield return Operators.StrictlyGreater;
        }
        yield return Operators.IsNull;
        yield return Operators.IsNotNull;
        yield return Operators.Sort;
        yield return Operators.GroupBy;
        yield return "count";
        yield return "min";
        yield return "max";
        if (c.IsNumeric) { yield return "sum"; yield return "avg"; }
    }

    private static JsonObject Schema(TableColumn c) => c.Type switch
    {
        ColumnTypes.Integer or ColumnTypes.Year => new JsonObject { ["type"] = new JsonArray("integer", "null") },
        ColumnTypes.Number => new JsonObject { ["type"] = new JsonArray("number", "null") },
        ColumnTypes.Boolean => new JsonObject { ["type"] = new JsonArray("boolean", "null") },
        ColumnTypes.Date => new JsonObject { ["type"] = new JsonArray("string", "null"), ["format"] = "date" },
        ColumnTypes.DateTime => new JsonObject { ["type"] = new JsonArray("string", "null"), ["format"] = "date-time" },
        ColumnTypes.Time => new JsonObject { ["type"] = new JsonArray("string", "null"), ["format"] = "time" },
        _ => new JsonObject { ["type"] = new JsonArray("string", "null") },
    };

    private static JsonObject Param(string name, string type, string description) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = type },
    };

    private static string M(string key, string lang) => Messages.Get("tabular.openapi." + key, lang);
}
