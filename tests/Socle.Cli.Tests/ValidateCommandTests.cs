using Socle.Validation.Tests;
using System.Text;
using System.Text.Json;

namespace Socle.Cli.Tests;

/// <summary><c>socle validate</c> as a user types it: verdicts, exit codes, languages, options and mistakes.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text) => _dir.File(name, text);

    private const string Schema = """
        {"fields":[{"name":"id","type":"integer","constraints":{"required":true,"unique":true}},
                   {"name":"commune","type":"string"},
                   {"name":"surface","type":"number","constraints":{"minimum":0}}],
         "primaryKey":"id"}
        """;

    [Fact]
    public void Valid_file_exits_0_with_a_verdict()
    {
        var r = CliRunner.Run("validate", Write("ok.csv", "id,commune,surface\n1,Lyon,47.87\n2,Nantes,65.19\n"),
            "--schema", Write("s.json", Schema));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("VALIDE", r.Out);
        Assert.Contains("2 ligne(s)", r.Out);
        Assert.Empty(r.Err);
    }

    [Fact]
    public void Invalid_file_exits_1_and_groups_errors_by_code_in_french_then_english()
    {
        var data = Write("bad.csv", "id,commune,surface\n1,Lyon,-3\n1,Nantes,abc\n,Brest,2\n");
        var schema = Write("s.json", Schema);
        var fr = CliRunner.Run("validate", data, "--schema", schema);
        Assert.Equal(1, fr.ExitCode);
        Assert.Contains("INVALIDE", fr.Out);
        Assert.Contains("constraint-error × 2", fr.Out);
        Assert.Contains("La valeur « -3 » de la ligne 2", fr.Out);
        var en = CliRunner.Run("validate", data, "--schema", schema, "--lang", "en");
        Assert.Equal(1, en.ExitCode);
        Assert.Contains("INVALID", en.Out);
        Assert.Contains("Value \"abc\" in row 3, field \"surface\"", en.Out);
        Assert.Contains("type-error × 1", en.Out);
    }

    [Fact]
    public void Json_report_is_the_only_output_and_parses()
    {
        var r = CliRunner.Run("validate", Write("bad.csv", "id,commune,surface\n1,Lyon,-3\n"), "--schema", Write("s.json", Schema),
            "--json", "--lang", "en");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        var e = doc.RootElement.GetProperty("tasks")[0].GetProperty("errors")[0];
        Assert.Equal("constraint-error", e.GetProperty("type").GetString());
        Assert.Equal("constraint \"minimum\" is \"0\"", e.GetProperty("note").GetString());
    }

    [Fact]
    public void Limit_pick_and_skip_options_shape_the_report()
    {
        var sb = new StringBuilder("id,commune,surface\n");
        for (var i = 1; i <= 50; i++) sb.Append(i).Append(",X,-1\n");
        var data = Write("many.csv", sb.ToString());
        var schema = Write("s.json", Schema);
        var limited = CliRunner.Run("validate", data, "--schema", schema, "--json", "--limit-errors", "5");
        using (var doc = JsonDocument.Parse(limited.Out))
        {
            var task = doc.RootElement.GetProperty("tasks")[0];
            Assert.Equal(5, task.GetProperty("errors").GetArrayLength());
            Assert.Equal(50, task.GetProperty("errorCounts").GetProperty("constraint-error").GetInt32());
        }
        var skipped = CliRunner.Run("validate", data, "--schema", schema, "--skip", "constraint-error");
        Assert.Equal(0, skipped.ExitCode);
        var picked = CliRunner.Run("validate", data, "--schema", schema, "--pick", "#header");
        Assert.Equal(0, picked.ExitCode);
    }

    [Fact]
    public void Without_schema_types_are_inferred_as_frictionless_does()
    {
        var r = CliRunner.Run("validate", Write("t.csv", "a,b\n1,x\n2,y\n3,\n"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("types déduits", r.Out);
    }

    [Fact]
    public void Data_package_validates_every_resource_with_foreign_keys()
    {
        Write("cities.csv", "id,name\n1,Lyon\n2,Nantes\n");
        Write("people.csv", "name,city\nAnne,1\nBruno,3\n");
        var package = Write("datapackage.json", """
            {"resources":[
              {"name":"cities","path":"cities.csv","schema":{"fields":[{"name":"id","type":"integer"},{"name":"name"}],"primaryKey":"id"}},
              {"name":"people","path":"people.csv","schema":{"fields":[{"name":"name"},{"name":"city","type":"integer"}],
                "foreignKeys":[{"fields":"city","reference":{"resource":"cities","fields":"id"}}]}}]}
            """);
        var r = CliRunner.Run("validate", package, "--json", "--lang", "en");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var tasks = doc.RootElement.GetProperty("tasks");
        Assert.True(tasks[0].GetProperty("valid").GetBoolean());
        var e = tasks[1].GetProperty("errors")[0];
        Assert.Equal("foreign-key", e.GetProperty("type").GetString());
        Assert.Equal(3, e.GetProperty("rowNumber").GetInt32());
    }

    [Fact]
    public void Schema_from_a_data_package_resource()
    {
        Write("a.csv", "id\n1\n");
        var package = Write("datapackage.json", """{"resources":[{"name":"a","path":"a.csv","schema":{"fields":[{"name":"id","type":"integer"}]}}]}""");
        var r = CliRunner.Run("validate", Write("other.csv", "id\nx\n"), "--schema", package + "#a");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("type-error", r.Out);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "a.csv", "b.csv")]
    [InlineData("validate", "{data}", "--frobnicate")]
    [InlineData("validate", "{data}", "--limit-errors", "zero")]
    [InlineData("validate", "{data}", "--lang", "de")]
    [InlineData("validate", "{data}", "--schema")]
    [InlineData("validate", "/nonexistent/file.csv")]
    [InlineData("validate", "{data}", "--schema", "/nonexistent/schema.json")]
    [InlineData("validate", "{data}", "--schema", "{broken}")]
    [InlineData("frobnicate")]
    [InlineData("schema")]
    [InlineData("schema", "infer")]
    public void Unusable_input_exits_2_with_one_line_on_stderr(params string[] args)
    {
        var data = Write("d.csv", "id\n1\n");
        var broken = Write("broken.json", "{\"fields\": [ {\"name\": 3} ]}");
        var argv = args.Select(a => a.Replace("{data}", data).Replace("{broken}", broken)).ToArray();
        var r = CliRunner.Run(argv);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Out);
        var lines = r.Err.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.False(string.IsNullOrWhiteSpace(lines[0]));
        Assert.DoesNotContain("Exception", lines[0]);
    }

    [Fact]
    public void Unreadable_tables_exit_2_with_the_reason()
    {
        var empty = CliRunner.Run("validate", Write("empty.csv", ""));
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("vide", empty.Err);
        var png = CliRunner.Run("validate", _dir.File("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]), "--lang", "en");
        Assert.Equal(2, png.ExitCode);
        Assert.Contains("PNG", png.Err);
        Assert.Single(png.Err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Workbook_sheets_are_chosen_by_name()
    {
        var xlsx = CliRunner.SharedOrSkip("schemas", "openmaraude", "schema-stationstaxi", "0.1.2", "exemple-valide.xlsx");
        var schema = Path.Combine(Path.GetDirectoryName(xlsx)!, "schema.json");
        Assert.Equal(0, CliRunner.Run("validate", xlsx, "--schema", schema, "--sheet", "exemple-valide").ExitCode);
        var missing = CliRunner.Run("validate", xlsx, "--schema", schema, "--sheet", "Feuil9");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Feuil9", missing.Err);
        Assert.Contains("exemple-valide", missing.Err);
    }

    [Fact]
    public void Schema_is_read_from_a_url()
    {
        using var server = new SchemaServer(Schema);
        var data = Write("ok.csv", "id,commune,surface\n1,Lyon,47.87\n");
        Assert.Equal(0, CliRunner.Run("validate", data, "--schema", server.Url + "schema.json").ExitCode);
        var missing = CliRunner.Run("validate", data, "--schema", server.Url + "nothing.json", "--lang", "en");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Cannot download the schema", missing.Err);
    }

    /// <summary>A schema served over HTTP on the loopback, as schema.data.gouv.fr serves them.</summary>
    private sealed class SchemaServer : IDisposable
    {
        private readonly System.Net.HttpListener _listener = new();
        public string Url { get; }

        public SchemaServer(string schema)
        {
            var port = System.Net.Sockets.TcpListener.Create(0) is var probe ? Start(probe) : 0;
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    System.Net.HttpListenerContext ctx;
                    try { ctx = await _listener.GetContextAsync(); }
                    catch (Exception) { return; }
                    var found = ctx.Request.Url!.AbsolutePath == "/schema.json";
                    ctx.Response.StatusCode = found ? 200 : 404;
                    if (found) await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(schema));
                    ctx.Response.Close();
                }
            });
        }

        private static int Start(System.Net.Sockets.TcpListener probe)
        {
            probe.Start();
            var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose() => _listener.Close();
    }

    [Fact]
    public void Help_is_available_in_both_languages()
    {
        Assert.Contains("Codes de sortie", CliRunner.Run("validate", "--help").Out);
        Assert.Contains("Exit codes", CliRunner.Run("validate", "--help", "--lang", "en").Out);
        Assert.Equal(0, CliRunner.Run("--help").ExitCode);
    }
}
