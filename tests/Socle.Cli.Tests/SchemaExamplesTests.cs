using System.Text.Json;

namespace Socle.Cli.Tests;

/// <summary>
/// Every example file shipped with the real schema.data.gouv.fr schemas in ../shared/schemas gets the verdict its
/// authors gave it through <c>socle validate FILE --schema SCHEMA</c>; "unknown" examples must just get a verdict.
/// </summary>
public sealed class SchemaExamplesTests
{
    /// <summary>
    /// Examples whose authors call them valid but that a strict validator (frictionless, and so Socle) rejects, with
    /// the error that proves it. The corpus README warns that its verdicts follow file names, unchecked.
    /// </summary>
    private static readonly Dictionary<string, (string Code, string Why)> KnownStrictlyInvalid = new()
    {
        ["CEREMA/schema-arrete-circulation-marchandises/0.9.2/exemples/septemes-les-vallons.csv"] =
            ("type-error", "ARR_DATE holds \"NC\", which the field description allows but neither the date type nor missingValues do"),
    };

    public static TheoryData<string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string>();
        if (CliRunner.Shared is null) { data.Add("(absent)", "(absent)", "unknown"); return data; }
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRunner.Shared, "schemas", "index.json")));
        foreach (var s in doc.RootElement.EnumerateArray())
        {
            var schema = s.TryGetProperty("datapackage", out var dp) && dp.ValueKind == JsonValueKind.Object
                ? $"{dp.GetProperty("path").GetString()}#{dp.GetProperty("resource").GetString()}"
                : s.GetProperty("schema_path").GetString()!;
            foreach (var e in s.GetProperty("examples").EnumerateArray())
                data.Add(schema, e.GetProperty("file").GetString()!, e.GetProperty("expected").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_gets_its_verdict(string schema, string file, string expected)
    {
        var root = CliRunner.SharedOrSkip("schemas");
        var r = CliRunner.Run("validate", Path.Combine(root, file), "--schema", Path.Combine(root, schema), "--json", "--lang", "en");
        Assert.True(r.ExitCode is 0 or 1, $"exit {r.ExitCode}: {r.Err}");
        using var report = JsonDocument.Parse(r.Out);
        var valid = report.RootElement.GetProperty("valid").GetBoolean();
        Assert.Equal(valid ? 0 : 1, r.ExitCode);
        if (KnownStrictlyInvalid.TryGetValue(file, out var known))
        {
            Assert.False(valid, known.Why);
            Assert.True(report.RootElement.GetProperty("errorCounts").TryGetProperty(known.Code, out _), known.Why);
        }
        else if (expected != "unknown")
            Assert.True(valid == (expected == "valid"),
                $"{file} expected {expected}, got {(valid ? "valid" : "invalid")}: " + Summary(report.RootElement));
    }

    private static string Summary(JsonElement report) => string.Join(" | ",
        report.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("errors").EnumerateArray())
            .Take(5).Select(e => e.GetProperty("message").GetString()));
}
