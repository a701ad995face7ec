using Socle.Validation.Tests;
using System.Text;
using System.Text.Json;

namespace Socle.Cli.Tests;

/// <summary><c>socle schema infer</c>: a producer's first schema, then validating with it.</summary>
public sealed class SchemaInferCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text) => _dir.File(name, text);

    private string Sample()
    {
        var sb = new StringBuilder("id;commune;surface;ouverture;statut;courriel\n");
        for (var i = 1; i <= 120; i++)
            sb.Append(i).Append(";Commune ").Append(i).Append(';').Append(i * 3).Append(",5;")
              .Append($"{1 + i % 28:00}/0{1 + i % 9}/2023;").Append(i % 3 == 0 ? "ouvert" : "fermé").Append(';')
              .Append(i % 5 == 0 ? "" : $"contact{i}@mairie.example.fr").Append('\n');
        return Write("equipements.csv", sb.ToString());
    }

    [Fact]
    public void Json_schema_has_types_formats_required_and_enums()
    {
        var r = CliRunner.Run("schema", "infer", Sample(), "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var fields = doc.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("integer", fields["id"].GetProperty("type").GetString());
        Assert.Equal("number", fields["surface"].GetProperty("type").GetString());
        Assert.Equal(",", fields["surface"].GetProperty("decimalChar").GetString());
        Assert.Equal("date", fields["ouverture"].GetProperty("type").GetString());
        Assert.Equal("%d/%m/%Y", fields["ouverture"].GetProperty("format").GetString());
        Assert.Equal(2, fields["statut"].GetProperty("constraints").GetProperty("enum").GetArrayLength());
        Assert.Equal("email", fields["courriel"].GetProperty("format").GetString());
        Assert.True(fields["id"].GetProperty("constraints").GetProperty("required").GetBoolean());
        Assert.False(fields["courriel"].TryGetProperty("constraints", out var c) && c.TryGetProperty("required", out _));
    }

    [Fact]
    public void Inferred_schema_validates_its_own_file()
    {
        var data = Sample();
        var schema = Path.Combine(_dir.Path, "schema.json");
        var infer = CliRunner.Run("schema", "infer", data, "--output", schema);
        Assert.Equal(0, infer.ExitCode);
        Assert.True(File.Exists(schema));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
        var r = CliRunner.Run("validate", data, "--schema", schema);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Summary_lists_fields_in_the_users_language()
    {
        var r = CliRunner.Run("schema", "infer", Sample(), "--lang", "en");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Schema drafted", r.Out);
        Assert.Contains("surface", r.Out);
    }

    [Fact]
    public void Unreadable_table_exits_2()
    {
        var r = CliRunner.Run("schema", "infer", Write("empty.csv", ""));
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
    }
}
