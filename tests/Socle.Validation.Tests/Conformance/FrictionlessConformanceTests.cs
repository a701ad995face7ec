using System.Text.Json;
using Socle.Validation.Reporting;

namespace Socle.Validation.Tests.Conformance;

/// <summary>
/// Runs every case of ../shared/conformance/frictionless/cases.json (transcribed from frictionless-py's own tests)
/// and compares the errors — row, field, type, in order — and the details each case asserts.
/// </summary>
public sealed class FrictionlessConformanceTests
{
    private static string Root => TestPaths.SharedOrSkip("conformance", "frictionless");

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        if (TestPaths.Shared is null) { data.Add("(shared corpus absent)"); return data; }
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Shared, "conformance", "frictionless", "cases.json")));
        foreach (var c in doc.RootElement.EnumerateArray()) data.Add(c.GetProperty("id").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case(string id)
    {
        var root = Root;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "cases.json")));
        var c = doc.RootElement.EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        var options = Options(c.GetProperty("options"));
        var data = Path.Combine(root, c.GetProperty("data").GetString()!);
        ValidationReport report;
        if (c.GetProperty("kind").GetString() == "package")
            report = Validator.ValidatePackage(data, options);
        else
        {
            var schema = c.GetProperty("schema").ValueKind == JsonValueKind.String
                ? Validator.LoadSchema(Path.Combine(root, c.GetProperty("schema").GetString()!))
                : null;
            report = Validator.ValidateTable(data, schema, options);
        }

        var actual = report.Tasks.SelectMany(t => t.Errors.Select(e => (t, e))).ToList();
        var package = c.GetProperty("kind").GetString() == "package";
        var expected = c.GetProperty("errors").EnumerateArray().Select(e => Describe(e, package)).ToList();
        var got = actual.Select(x => Describe(x.e, package ? x.t.Name : null)).ToList();
        Assert.Equal(expected, got);
        Assert.Equal(c.GetProperty("valid").GetBoolean(), report.Valid);

        if (c.TryGetProperty("details", out var details))
        {
            var i = 0;
            foreach (var d in details.EnumerateArray())
            {
                var e = actual[i++].e;
                foreach (var p in d.EnumerateObject())
                {
                    switch (p.Name)
                    {
                        case "cells": Assert.Equal(p.Value.EnumerateArray().Select(v => v.GetString()), e.Cells!); break;
                        case "fieldName": Assert.Equal(p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(), e.FieldName); break;
                        case "label": Assert.Equal(p.Value.GetString(), e.Label); break;
                        case "note": Assert.Equal(p.Value.GetString(), Messages.Note(e, Messages.English)); break;
                        case "fieldNames": Assert.Equal(p.Value.EnumerateArray().Select(v => v.GetString()), e.FieldNames!); break;
                        case "fieldCells": Assert.Equal(p.Value.EnumerateArray().Select(v => v.GetString()), e.FieldCells!); break;
                        case "referenceName": Assert.Equal(p.Value.GetString(), e.ReferenceName); break;
                        case "referenceFieldNames": Assert.Equal(p.Value.EnumerateArray().Select(v => v.GetString()), e.ReferenceFieldNames!); break;
                        default: Assert.Fail($"detail {p.Name} not compared"); break;
                    }
                }
            }
        }
        if (c.TryGetProperty("warnings", out var warnings))
            Assert.Equal(warnings.EnumerateArray().Select(w => w.GetString()!.Split(':')[0]),
                report.Tasks.SelectMany(t => t.Warnings).Select(w => Messages.Format(w.Key, Messages.English, w.Args).Split(':')[0]));
    }

    private static string Describe(JsonElement e, bool package)
    {
        var parts = e.EnumerateArray().ToList();
        string N(JsonElement v) => v.ValueKind == JsonValueKind.Null ? "-" : v.ToString();
        return $"{N(parts[0])},{N(parts[1])},{parts[2].GetString()}" + (package ? "," + parts[3].GetString() : "");
    }

    private static string Describe(ValidationError e, string? task) =>
        $"{(e.RowNumber?.ToString() ?? "-")},{(e.FieldNumber?.ToString() ?? "-")},{e.Type}" + (task is null ? "" : "," + task);

    private static ValidationOptions Options(JsonElement o)
    {
        var options = new ValidationOptions();
        foreach (var p in o.EnumerateObject())
        {
            options = p.Name switch
            {
                "limit_errors" => options with { LimitErrors = p.Value.GetInt32() },
                "pick_errors" => options with { PickErrors = p.Value.EnumerateArray().Select(v => v.GetString()!).ToList() },
                "skip_errors" => options with { SkipErrors = p.Value.EnumerateArray().Select(v => v.GetString()!).ToList() },
                "schema_sync" => options with { SchemaSync = p.Value.GetBoolean() },
                "dialect" => Dialect(options, p.Value),
                _ => throw new InvalidOperationException($"option {p.Name} not supported by the harness"),
            };
        }
        return options;
    }

    private static ValidationOptions Dialect(ValidationOptions options, JsonElement d)
    {
        if (d.TryGetProperty("header", out var h)) options = options with { Header = h.GetBoolean() };
        if (d.TryGetProperty("header_case", out var hc)) options = options with { HeaderCase = hc.GetBoolean() };
        return options;
    }
}
