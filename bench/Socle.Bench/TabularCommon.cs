using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Socle.Bench;

/// <summary>
/// The query values every engine uses, written by <c>tabular-generate</c> next to the CSV
/// (<c>registre-N.csv</c> → <c>registre-N.queries.json</c>), with the number of rows each one must match.
/// </summary>
internal sealed class TabularSidecar
{
    public long Rows { get; set; }
    public ulong Seed { get; set; }
    public string Csv { get; set; } = "";
    public long Bytes { get; set; }
    public int PageSize { get; set; } = 20;
    public int DistinctCommunes { get; set; }
    /// <summary>(a) <c>code_commune = V</c>: the values, in the order the runs rotate through them, and their row counts.</summary>
    public List<ExactValue> Exact { get; set; } = [];
    /// <summary>(b) <c>puissance_mw &gt;= 45</c> (data.gouv.fr's <c>__greater</c> is ≥), sorted by date descending.</summary>
    public RangeQuery Range { get; set; } = new();
    /// <summary>(c) <c>nom ILIKE '%word%'</c>.</summary>
    public ContainsQuery Contains { get; set; } = new();
    /// <summary>(d) per sector: rows and sum of puissance_mw.</summary>
    public Dictionary<string, GroupTotals> Groups { get; set; } = [];

    public sealed class ExactValue
    {
        public string Value { get; set; } = "";
        public long Rows { get; set; }
    }

    public sealed class RangeQuery
    {
        public string Column { get; set; } = "puissance_mw";
        public double Greater { get; set; } = 45;
        public string Sort { get; set; } = "date_mise_en_service";
        public string Order { get; set; } = "desc";
        public long Rows { get; set; }
    }

    public sealed class ContainsQuery
    {
        public string Column { get; set; } = "nom";
        public string Word { get; set; } = TabularData.SearchWord;
        public long Rows { get; set; }
    }

    public sealed class GroupTotals
    {
        public long Rows { get; set; }
        public double PuissanceMw { get; set; }
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static string PathFor(string csv) => Path.ChangeExtension(csv, ".queries.json");

    public static TabularSidecar Load(string path) =>
        JsonSerializer.Deserialize<TabularSidecar>(File.ReadAllText(path), Json) ?? throw new IOException($"{path}: empty sidecar");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>Options of the tabular-* commands.</summary>
internal sealed class TabularArgs
{
    public long Rows { get; private set; } = -1;
    public string? Out { get; private set; }
    public ulong Seed { get; private set; } = 20240917;
    public string? Csv { get; private set; }
    public string? Work { get; private set; }
    public string? Postgres { get; private set; }
    public int Iterations { get; private set; } = 30;
    public int Warmup { get; private set; } = 3;
    public string? Base { get; private set; }
    public string? Resource { get; private set; }
    public string? Sidecar { get; private set; }
    public string? ApiKey { get; private set; }
    public string? Tsv { get; private set; }
    public string Email { get; private set; } = "admin@demo.socle.fr";
    public string Password { get; private set; } = "demo-socle-2026";
    public int Timeout { get; private set; } = 3600;
    public bool NoDuckDb { get; private set; }
    public bool NoPostgres { get; private set; }
    public string? ResourceFile { get; private set; }

    public static TabularArgs Parse(string[] args)
    {
        var a = new TabularArgs();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            long Long() => long.Parse(Value().Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--rows": a.Rows = Long(); break;
                case "--out": a.Out = Path.GetFullPath(Value()); break;
                case "--seed": a.Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--csv": a.Csv = Path.GetFullPath(Value()); break;
                case "--work": a.Work = Path.GetFullPath(Value()); break;
                case "--postgres": a.Postgres = Value(); break;
                case "--iterations": a.Iterations = (int)Long(); break;
                case "--warmup": a.Warmup = (int)Long(); break;
                case "--base": a.Base = Value().TrimEnd('/'); break;
                case "--resource": a.Resource = Value(); break;
                case "--sidecar": a.Sidecar = Path.GetFullPath(Value()); break;
                case "--api-key": a.ApiKey = Value(); break;
                case "--tsv": a.Tsv = Path.GetFullPath(Value()); break;
                case "--email": a.Email = Value(); break;
                case "--password": a.Password = Value(); break;
                case "--timeout": a.Timeout = (int)Long(); break;
                case "--no-duckdb": a.NoDuckDb = true; break;
                case "--no-postgres": a.NoPostgres = true; break;
                case "--resource-file": a.ResourceFile = Path.GetFullPath(Value()); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (string.IsNullOrWhiteSpace(a.Postgres)) a.Postgres = null;
        if (string.IsNullOrWhiteSpace(a.ApiKey)) a.ApiKey = null;
        if (a.Iterations < 1) throw new ArgumentException("--iterations must be at least 1");
        return a;
    }
}

/// <summary>The five requests of the issue (plus Socle's variants), their labels, and the rows bench/tabular assembles.</summary>
internal static class TabularResults
{
    public static readonly (string Id, string Label)[] Queries =
    [
        ("a", "a · code_commune exact"),
        ("b", "b · puissance ≥ 45, sort date desc"),
        ("c", "c · nom contains"),
        ("c-q", "c′ · full text q="),
        ("d", "d · group by secteur, sum, count"),
        ("e", "e · last page"),
        ("e-cursor", "e′ · next cursor of a deep page"),
    ];

    /// <summary>Timing of one query: p50/p95 in ms over the samples, the total the answers reported, and the sample count.</summary>
    public static void Query(string? tsv, string engine, string query, List<double> samplesMs, long total)
    {
        var sorted = samplesMs.Order().ToList();
        double p50 = Stats.Percentile(sorted, 50), p95 = Stats.Percentile(sorted, 95);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {engine,-15} {query,-9} p50 {p50,9:F2} ms  p95 {p95,9:F2} ms  max {sorted[^1],9:F2} ms  total {total,9}  ({sorted.Count} calls)"));
        Append(tsv, "query", engine, query, Stats.F(p50), Stats.F(p95), Stats.F(sorted[^1]), total.ToString(CultureInfo.InvariantCulture),
            sorted.Count.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A load figure: seconds, plus a free note.</summary>
    public static void Load(string? tsv, string engine, double seconds, string note)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {engine,-15} load {seconds,8:F2} s  {note}"));
        Append(tsv, "load", engine, Stats.F(seconds), note);
    }

    public static void Info(string? tsv, string text)
    {
        Console.WriteLine("  " + text);
        Append(tsv, "info", text);
    }

    public static void Append(string? tsv, params string[] fields)
    {
        if (tsv is null) return;
        File.AppendAllText(tsv, string.Join('\t', fields.Select(f => f.Replace('\t', ' ').Replace('\n', ' '))) + "\n");
    }
}
