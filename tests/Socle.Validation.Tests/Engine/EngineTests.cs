using System.Text;
using System.Text.Json;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Validation.Tests.Engine;

/// <summary>Behaviours of the engine that the conformance suite does not pin: limits, counts, parallel rows, v2 keys.</summary>
public sealed class EngineTests : IDisposable
{
    private readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text) => _dir.File(name, text);

    private static TableSchema Schema(string json) => SchemaReader.Read(JsonDocument.Parse(json).RootElement);

    private const string IdSchema = """
        {"fields":[{"name":"id","type":"integer","constraints":{"unique":true}},
                   {"name":"score","type":"number","constraints":{"minimum":0,"maximum":100}},
                   {"name":"day","type":"date"}],
         "primaryKey":["id"]}
        """;

    private string BigFile(int rows, Func<int, string> line)
    {
        var sb = new StringBuilder("id,score,day\n");
        for (var i = 1; i <= rows; i++) sb.Append(line(i)).Append('\n');
        return Write($"big{rows}.csv", sb.ToString());
    }

    [Fact]
    public void Parallel_and_sequential_runs_give_the_same_report()
    {
        // Over the parallel threshold (2 MB), with errors and duplicates spread through the file.
        var path = BigFile(120_000, i => i % 997 == 0 ? $"{i - 1},{i % 150},2024-13-01" : $"{i},{i % 100}.5,2024-01-{1 + i % 28:00}");
        var options = new ValidationOptions { LimitErrors = 100_000 };
        var sequential = Validator.ValidateTable(path, Schema(IdSchema), options with { Parallelism = 1 });
        var parallel = Validator.ValidateTable(path, Schema(IdSchema), options with { Parallelism = 2 });
        Assert.True(new FileInfo(path).Length > 2 * 1024 * 1024);
        Assert.Equal(120_000, parallel.Tasks[0].Rows);
        Assert.Equal(sequential.Tasks[0].Rows, parallel.Tasks[0].Rows);
        string Flat(ValidationReport r) => string.Join("\n", r.Tasks[0].Errors.Select(e => $"{e.RowNumber},{e.FieldNumber},{e.Type},{Messages.Note(e, "en")}"));
        Assert.Equal(Flat(sequential), Flat(parallel));
        Assert.Contains(sequential.Tasks[0].Errors, e => e.Type == "unique-error");
        Assert.Contains(sequential.Tasks[0].Errors, e => e.Type == "primary-key");
        Assert.Contains(sequential.Tasks[0].Errors, e => e.Type == "type-error");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Quoted_cells_are_unescaped_before_checks(int threads)
    {
        // Doubled quotes, delimiters and line breaks inside quotes, many rows (several batches), one or two threads.
        var sb = new StringBuilder("id,json,note\n");
        for (var i = 1; i <= 20_000; i++)
            sb.Append(i).Append(",\"{\"\"a\"\": ").Append(i).Append("}\",\"line one\nline, two\"\n");
        var path = Write("quoted.csv", sb.ToString());
        var schema = Schema("""{"fields":[{"name":"id","type":"integer"},{"name":"json","type":"object"},{"name":"note","constraints":{"pattern":"line one\\nline, two"}}]}""");
        var r = Validator.ValidateTable(path, schema, new ValidationOptions { Parallelism = threads });
        Assert.True(r.Valid, string.Join("; ", r.Tasks[0].Errors.Take(3).Select(e => Messages.Message(e, "en"))));
        Assert.Equal(20_000, r.Tasks[0].Rows);
        var bad = Write("quoted-bad.csv", "id,json,note\n1,\"{\"\"a\"\": 1\",\"line one\nline, two\"\n");
        var e = Assert.Single(Validator.ValidateTable(bad, schema).Tasks[0].Errors);
        Assert.Equal("{\"a\": 1", e.Cell);
    }

    [Fact]
    public void Counting_goes_on_past_the_error_limit()
    {
        var path = BigFile(5000, i => $"{i},-1,2024-01-01");
        var r = Validator.ValidateTable(path, Schema(IdSchema), new ValidationOptions { LimitErrors = 10 });
        var task = r.Tasks[0];
        Assert.Equal(10, task.Errors.Count);
        Assert.Equal(5000, task.ErrorCounts["constraint-error"]);
        Assert.Equal(5000, task.ErrorCount);
        Assert.Single(task.Warnings);
        Assert.Contains("10", Messages.Format(task.Warnings[0].Key, "en", task.Warnings[0].Args));
    }

    [Fact]
    public void Pick_and_skip_filter_codes_and_tags()
    {
        var path = Write("mix.csv", "id,score,day\n1,x,2024-01-01\n1,5,2024-02-30\n,,\n");
        var schema = Schema(IdSchema);
        var cells = Validator.ValidateTable(path, schema, new ValidationOptions { PickErrors = ["#cell"] });
        Assert.All(cells.Tasks[0].Errors, e => Assert.NotNull(e.FieldNumber));
        var noType = Validator.ValidateTable(path, schema, new ValidationOptions { SkipErrors = ["type-error"] });
        Assert.DoesNotContain(noType.Tasks[0].Errors, e => e.Type == "type-error");
        Assert.Contains(noType.Tasks[0].Errors, e => e.Type == "blank-row");
    }

    [Fact]
    public void Unique_keys_of_table_schema_v2_are_checked()
    {
        var path = Write("uk.csv", "a,b\n1,x\n1,y\n1,x\n2,\n2,\n");
        var r = Validator.ValidateTable(path, Schema("""{"fields":[{"name":"a","type":"integer"},{"name":"b"}],"uniqueKeys":[["a","b"]]}"""));
        var e = Assert.Single(r.Tasks[0].Errors);
        Assert.Equal(("unique-error", 4), (e.Type, e.RowNumber!.Value));
        Assert.Contains("2", Messages.Note(e, "en"));
    }

    [Fact]
    public void Unique_compares_values_not_texts()
    {
        var path = Write("num.csv", "n\n1\n1.0\n01\n");
        var r = Validator.ValidateTable(path, Schema("""{"fields":[{"name":"n","type":"number","constraints":{"unique":true}}]}"""));
        Assert.Equal([3, 4], r.Tasks[0].Errors.Select(e => e.RowNumber!.Value));
    }

    [Fact]
    public void Report_json_has_the_frictionless_shape_and_counts()
    {
        var path = Write("t.csv", "id,score,day\n1,200,2024-01-01\n");
        var r = Validator.ValidateTable(path, Schema(IdSchema));
        using var doc = JsonDocument.Parse(ReportWriter.ToJson(r, "fr"));
        var root = doc.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal(1, root.GetProperty("errorCounts").GetProperty("constraint-error").GetInt32());
        var task = root.GetProperty("tasks")[0];
        Assert.Equal(1, task.GetProperty("stats").GetProperty("rows").GetInt32());
        var e = task.GetProperty("errors")[0];
        Assert.Equal("constraint-error", e.GetProperty("type").GetString());
        Assert.Equal(2, e.GetProperty("rowNumber").GetInt32());
        Assert.Equal(2, e.GetProperty("fieldNumber").GetInt32());
        Assert.Equal("score", e.GetProperty("fieldName").GetString());
        Assert.Equal("200", e.GetProperty("cell").GetString());
        Assert.Contains("maximum", e.GetProperty("note").GetString());
        Assert.Contains("ligne 2", e.GetProperty("message").GetString());
        Assert.Equal(["#table", "#row", "#cell"], e.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Progress_is_reported_up_to_the_file_size()
    {
        var path = BigFile(20_000, i => $"{i},1,2024-01-01");
        var seen = new List<(long, long)>();
        var progress = new Recorder(seen);
        Validator.ValidateTable(path, Schema(IdSchema), new ValidationOptions { Progress = progress });
        var size = new FileInfo(path).Length;
        Assert.Contains(seen, p => p.Item1 == size && p.Item2 == size);
    }

    private sealed class Recorder(List<(long, long)> seen) : IProgress<(long Read, long Total)>
    {
        public void Report((long Read, long Total) value) { lock (seen) seen.Add(value); }
    }
}
