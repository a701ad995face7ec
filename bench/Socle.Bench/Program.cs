using System.Diagnostics;
using System.Globalization;
using System.Text;
using Socle.Bench;

// Socle.Bench: data generator and bare Sep baseline for bench/run, catalogue loader and search measures for
// bench/catalog, tabular API measures for bench/tabular, page times for bench/portal (see bench/README.md).
//   generate --rows N --out DIR [--seed S] [--errors] [--name FILE.csv]
//   sep FILE [--parallel]
//   catalog-load | catalog-search | catalog-http | catalog-profile --data DIR [--postgres CS] ...
//   tabular-generate | tabular-peers | tabular-upload | tabular-http | tabular-report ...

const string Usage = """
    usage:
      Socle.Bench generate --rows N --out DIR [--seed S] [--errors] [--name FILE.csv]
          writes DIR/valid.csv (or DIR/errors.csv with --errors) and DIR/schema.json;
          same seed and rows -> same bytes; a smaller N gives a prefix of a larger N.
      Socle.Bench sep FILE [--parallel]
          bare Sep pass touching every cell; prints rows, seconds and peak working set.
      Socle.Bench catalog-load --data DIR [--postgres CS] [--datasets N] [--seed S] [--batch N] [--ef-only] [--tsv FILE]
          fills a GD4H catalogue with N generated published datasets (reused when already loaded).
      Socle.Bench catalog-search --data DIR [--postgres CS] [--iterations N] [--warmup N] [--tsv FILE]
          in-process p50/p95/p99 of SearchService and DatasetService.GetAsync, and of the bare engine.
      Socle.Bench catalog-http --data DIR [--postgres CS] [--duration S] [--warmup-seconds S] [--connections 1,8]
                               [--threads N] [--wrk PATH] [--tsv FILE]
          serves the catalogue (catalog-serve child process, SocleWeb.Build) on a free port and drives it with wrk.
      Socle.Bench catalog-serve --data DIR [--postgres CS] --port P [--quiet-host]
          the host alone, as socle serve builds it (jobs off), until killed.
      Socle.Bench catalog-profile --data DIR [--postgres CS] [--query ID] [--iterations N] [--tsv FILE]
          time of each SQL statement of one search (count, page, facets, dataset loading).
      Socle.Bench tabular-generate --rows N --out FILE.csv [--seed S]
          a register of renewable installations (12 columns) and FILE.queries.json, the values every engine queries.
      Socle.Bench tabular-peers --csv FILE [--work DIR] [--postgres CS] [--iterations N] [--no-duckdb] [--no-postgres] [--tsv FILE]
          DuckDB on Parquet (CSV -> Parquet = load) and PostgreSQL loaded with COPY, without then with btree indexes:
          p50/p95 of the five requests (page of 20 + total count, as the tabular API answers).
      Socle.Bench tabular-upload --base URL --csv FILE [--email E --password P] [--timeout S] [--resource-file F] [--tsv FILE]
          signs in, creates an API key and a dataset, uploads FILE and waits until its table is ready (ingest time).
      Socle.Bench tabular-http --base URL --resource ID --sidecar FILE [--iterations N] [--api-key K] [--tsv FILE]
          the same requests through Socle's /api/1/resources/{id}/data/ (one connection, sequential).
      Socle.Bench tabular-report --tsv FILE
          the markdown summary of the rows the tabular-* commands appended to FILE.
      Socle.Bench algorithm-search [--entries N] [--iterations N] [--warmup N]
          writes N entries to a fresh SQLite register through AlgorithmService, then times its in-memory search against
          SQLite FTS5 over the same terms, and the whole-register CSV export.
      Socle.Bench harvest [--datasets N] [--data DIR]
          a second catalogue harvests the catalog-load catalogue of N datasets through its DCAT export (Turtle, 100 a
          page): first run, unchanged second run, and the Turtle reader against rapper on the same pages.
      Socle.Bench collect-import [--rows N] [--postgres CONNECTION]
          an ODRÉ-style export of N installations imported through its crosswalk into an empty collection (dry run and
          commit), then again with 1 % changed, then "as of" reads; Sep and Socle.Validation on the same file as raw engines.
      Socle.Bench portal-http --base URL [--iterations N] [--warmup N] [--out FILE.md]
          the portal's main pages on the demo catalogue, each against its JSON twin (p50/p95, sequential).
    """;

try
{
    return args switch
    {
        ["generate", .. var rest] => Generate(rest),
        ["sep", var file] => SepPass.Run(file, parallel: false),
        ["sep", var file, "--parallel"] => SepPass.Run(file, parallel: true),
        ["profile", var file, var schema, .. var rest] => Profile(file, schema, rest),
        ["cells"] => CellBench.Run(),
        ["algorithm-search", .. var rest] => AlgorithmSearchBench.RunAsync(rest).GetAwaiter().GetResult(),
        ["harvest", .. var rest] => HarvestBench.RunAsync(rest).GetAwaiter().GetResult(),
        ["collect-import", .. var rest] => CollectBench.RunAsync(rest).GetAwaiter().GetResult(),
        ["catalog-load", .. var rest] => CatalogLoad.RunAsync(rest).GetAwaiter().GetResult(),
        ["catalog-search", .. var rest] => CatalogSearch.RunAsync(rest).GetAwaiter().GetResult(),
        ["catalog-http", .. var rest] => CatalogHttp.RunAsync(WithoutConnections(rest, out var counts), counts).GetAwaiter().GetResult(),
        ["catalog-profile", .. var rest] => CatalogProfile.RunAsync(rest).GetAwaiter().GetResult(),
        ["catalog-serve", .. var rest] => CatalogHttp.ServeAsync(rest).GetAwaiter().GetResult(),
        ["tabular-generate", .. var rest] => TabularGenerate.Run(rest),
        ["tabular-peers", .. var rest] => TabularPeers.RunAsync(rest).GetAwaiter().GetResult(),
        ["tabular-upload", .. var rest] => TabularHttp.UploadAsync(rest).GetAwaiter().GetResult(),
        ["tabular-http", .. var rest] => TabularHttp.RunAsync(rest).GetAwaiter().GetResult(),
        ["tabular-report", .. var rest] => TabularReport.Run(rest),
        ["portal-http", .. var rest] => PortalHttp.RunAsync(rest).GetAwaiter().GetResult(),
        _ => Fail(Usage),
    };
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
{
    return Fail(e.Message);
}

static int Generate(string[] args)
{
    long rows = -1;
    string? outDir = null, name = null;
    ulong seed = 20240917;
    bool errors = false;
    for (int i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--rows": rows = long.Parse(Value().Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture); break;
            case "--out": outDir = Value(); break;
            case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--errors": errors = true; break;
            case "--name": name = Value(); break;
            default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
        }
    }
    if (rows < 0 || outDir is null) throw new ArgumentException(Usage);

    Directory.CreateDirectory(outDir);
    var sw = Stopwatch.StartNew();
    var path = Path.Combine(outDir, name ?? (errors ? "errors.csv" : "valid.csv"));
    long bytes = Generator.Write(path, rows, seed, errors);
    File.WriteAllText(Path.Combine(outDir, "schema.json"), Generator.Schema, new UTF8Encoding(false));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"wrote {path}: {rows} rows, {bytes} bytes, seed {seed}, in {sw.Elapsed.TotalSeconds:F2} s"));
    if (errors)
    {
        Console.WriteLine($"  error-dense: one error per row, kind = row index % 12 ({Math.Min(rows, 12)} kinds):");
        for (int k = 0; k < Generator.ErrorKinds.Length; k++)
        {
            long count = rows > k ? (rows - k + 11) / 12 : 0;
            Console.WriteLine($"    {k,2}: {count,9}  {Generator.ErrorKinds[k]}");
        }
    }
    return 0;
}

// In-process timing of the validator (no process start-up), for finding where time goes.
static int Profile(string file, string schemaPath, string[] rest)
{
    var reps = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 5;
    var threads = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 0;
    var schema = Socle.Validation.Validator.LoadSchema(schemaPath);
    var options = new Socle.Validation.ValidationOptions { Parallelism = threads };
    var times = new List<double>();
    for (var i = 0; i <= reps; i++)
    {
        var sw = Stopwatch.StartNew();
        var report = Socle.Validation.Validator.ValidateTable(file, schema, options);
        if (i > 0) times.Add(sw.Elapsed.TotalSeconds); else Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first run {sw.Elapsed.TotalSeconds:F3}s"));
        if (i == reps) Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rows={report.Tasks[0].Rows} errors={report.ErrorCount} median={times.Order().ElementAt(times.Count / 2):F3}s min={times.Min():F3}s gc0={GC.CollectionCount(0)} gc2={GC.CollectionCount(2)} allocMB={GC.GetTotalAllocatedBytes() / 1048576}"));
    }
    return 0;
}

// --connections 1,8 (a list) is read here; the other options by CatalogArgs.
static string[] WithoutConnections(string[] args, out string[] counts)
{
    counts = ["1", "8"];
    var rest = new List<string>();
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i] == "--connections" && i + 1 < args.Length) counts = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
        else rest.Add(args[i]);
    }
    if (counts.Length == 0 || counts.Any(c => !int.TryParse(c, out var n) || n < 1)) throw new ArgumentException("--connections: a list of counts, e.g. 1,8");
    return [.. rest];
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
