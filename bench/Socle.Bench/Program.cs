using System.Diagnostics;
using System.Globalization;
using System.Text;
using Socle.Bench;

// Socle.Bench: data generator and bare Sep baseline for bench/run (see bench/README.md).
//   generate --rows N --out DIR [--seed S] [--errors] [--name FILE.csv]
//   sep FILE [--parallel]

const string Usage = """
    usage:
      Socle.Bench generate --rows N --out DIR [--seed S] [--errors] [--name FILE.csv]
          writes DIR/valid.csv (or DIR/errors.csv with --errors) and DIR/schema.json;
          same seed and rows -> same bytes; a smaller N gives a prefix of a larger N.
      Socle.Bench sep FILE [--parallel]
          bare Sep pass touching every cell; prints rows, seconds and peak working set.
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

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
