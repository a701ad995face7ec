using System.Text;
using System.Text.Json.Nodes;
using Socle.Tabular.Engine;
using Socle.Tabular.Export;
using Socle.Tabular.Ingest;
using Socle.Validation.Schema;
using Socle.Validation.Tests;

namespace Socle.Tabular.Tests.Tables;

/// <summary>
/// Builds real tables (DuckDB files) from files written by the test, and queries them through the same service the
/// HTTP API uses (without the catalogue: the table is handed over directly).
/// </summary>
internal sealed class TableHarness : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly DuckEngine engine;
    private readonly TableService service;

    public TableHarness()
    {
        Options = new TabularOptions { Folder = Path.Combine(temp.Path, "tables"), Threads = 2, MemoryLimitMb = 512 };
        Directory.CreateDirectory(Options.Folder);
        engine = new DuckEngine(Options);
        service = new TableService(null!, Options, engine);
    }

    public TabularOptions Options { get; }
    public string Folder => temp.Path;

    public string File(string name, string content, Encoding? encoding = null) =>
        temp.File(name, (encoding ?? new UTF8Encoding(false)).GetBytes(content));

    public string File(string name, byte[] content) => temp.File(name, content);

    public async Task<BuiltTable> BuildAsync(string path, string format = "csv", TableSchema? schema = null, string resource = "r")
    {
        var built = await new TableBuilder(Options).BuildAsync(new BuildRequest(path, format, schema, Path.Combine(Options.Folder, resource)),
            (_, _) => Task.CompletedTask, TestContext.Current.CancellationToken);
        return built;
    }

    public async Task<TableInfo> TableAsync(string csv, TableSchema? schema = null, string name = "t.csv") =>
        Info(await BuildAsync(File(name, csv), Path.GetExtension(name).TrimStart('.'), schema));

    public static TableInfo Info(BuiltTable b) => new(Guid.NewGuid(), b.File, b.Parquet, b.Columns, b.Rows, b.Geo);

    /// <summary>A page as the API answers it: the rows (JSON objects), the total, whether more follow, the cursor.</summary>
    public async Task<(JsonArray Rows, long Total, TablePage Page)> PageAsync(TableInfo t, string query)
    {
        var q = service.Parse(t, Pairs(query));
        var page = await service.PageAsync(t, q, TestContext.Current.CancellationToken);
        return (JsonNode.Parse(page.Data)!.AsArray(), page.Total, page);
    }

    public Socle.Tabular.Query.TableQuery Parse(TableInfo t, string query) => service.Parse(t, Pairs(query));

    public async Task<byte[]> ExportAsync(TableInfo t, string query, ExportFormat format)
    {
        var output = new MemoryStream();
        await service.ExportAsync(t, service.Parse(t, Pairs(query)), format, output, TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    public static IEnumerable<KeyValuePair<string, string?>> Pairs(string query)
    {
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            yield return eq < 0 ? new(Uri.UnescapeDataString(part), "") : new(Uri.UnescapeDataString(part[..eq]), Uri.UnescapeDataString(part[(eq + 1)..]));
        }
    }

    public static List<long> Ids(JsonArray rows) => rows.Select(r => r!["__id"]!.GetValue<long>()).ToList();

    public void Dispose()
    {
        engine.Dispose();
        temp.Dispose();
    }
}
