using System.Globalization;
using System.Text;

namespace Socle.Bench;

/// <summary><c>tabular-report</c>: the markdown summary of the rows the other tabular-* commands appended to a TSV file.</summary>
internal static class TabularReport
{
    private static readonly (string Id, string Label)[] Engines =
    [
        ("duckdb", "DuckDB on Parquet"),
        ("postgres", "PostgreSQL, COPY, no index"),
        ("postgres-btree", "PostgreSQL + btree"),
        ("socle", "**Socle, HTTP**"),
    ];

    /// <summary>The issue's goals for Socle, p95 over HTTP at 2M rows, in ms.</summary>
    private static readonly (string Query, double Ms)[] Goals = [("a", 5), ("b", 50), ("c", 50), ("c-q", 50), ("d", 40), ("e", 20), ("e-cursor", 20)];

    public static int Run(string[] args)
    {
        var a = TabularArgs.Parse(args);
        if (a.Tsv is null) throw new ArgumentException("usage: tabular-report --tsv FILE");
        Console.Write(Render(File.ReadAllLines(a.Tsv)));
        return 0;
    }

    private sealed record Timing(double P50, double P95, double Max, long Total, int N);

    public static string Render(IEnumerable<string> lines)
    {
        var loads = new Dictionary<string, (double Seconds, string Note)>();
        var queries = new Dictionary<(string Engine, string Query), Timing>();
        var infos = new List<string>();
        var problems = new List<string>();
        double socleBuild = double.NaN;
        foreach (var line in lines)
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "load" when f.Length >= 4: loads[f[1]] = (D(f[2]), f[3]); break;
                case "query" when f.Length >= 8: queries[(f[1], f[2])] = new Timing(D(f[3]), D(f[4]), D(f[5]), long.Parse(f[6], CultureInfo.InvariantCulture), int.Parse(f[7], CultureInfo.InvariantCulture)); break;
                case "socle-build" when f.Length >= 2: socleBuild = D(f[1]); break;
                case "info" when f.Length >= 2: infos.Add(f[1]); break;
                case "problem" when f.Length >= 2: problems.Add(f[1]); break;
            }
        }

        var engines = Engines.Where(e => loads.ContainsKey(e.Id) || queries.Keys.Any(k => k.Engine == e.Id)).ToList();
        var columns = TabularResults.Queries.Where(q => queries.Keys.Any(k => k.Query == q.Id)).ToList();
        var sb = new StringBuilder();
        sb.Append("| engine | load |");
        foreach (var (_, label) in columns) sb.Append(' ').Append(label).Append(" |");
        sb.Append('\n').Append("| --- | ---: |");
        foreach (var _ in columns) sb.Append(" ---: |");
        sb.Append('\n');
        foreach (var (id, label) in engines)
        {
            sb.Append("| ").Append(label).Append(" | ").Append(LoadCell(id, loads, socleBuild)).Append(" |");
            foreach (var (q, _) in columns)
                sb.Append(' ').Append(queries.TryGetValue((id, q), out var t) ? $"{Ms(t.P50)} / {Ms(t.P95)}" : "–").Append(" |");
            sb.Append('\n');
        }
        sb.Append('\n');
        sb.Append("p50 / p95 in ms. Each request is one page of 20 rows (ordered by `__id` unless sorted) **plus the total count of matching rows** " +
                  "(`meta.total`), timed together: for the peers both statements on one connection (PostgreSQL: one round trip), for Socle the whole " +
                  "HTTP request, from sending it to the last byte of the answer. (d) is the aggregate alone. (a) rotates through " +
                  $"{"20 commune codes"}; the totals each engine found are in the notes when they disagree with the generator's.\n");

        // Ratios: how many times Socle's p95 is below each peer's (above 1: Socle faster).
        if (engines.Any(e => e.Id == "socle"))
        {
            var peers = engines.Where(e => e.Id != "socle").ToList();
            var ratioColumns = columns.Where(c => c.Id is "a" or "b" or "c" or "d" or "e").ToList();
            if (peers.Count > 0 && ratioColumns.Count > 0)
            {
                sb.Append('\n').Append("| peer p95 / Socle p95 | load |");
                foreach (var (_, label) in ratioColumns) sb.Append(' ').Append(label).Append(" |");
                sb.Append('\n').Append("| --- | ---: |");
                foreach (var _ in ratioColumns) sb.Append(" ---: |");
                sb.Append('\n');
                foreach (var (id, label) in peers)
                {
                    sb.Append("| ").Append(label).Append(" | ");
                    sb.Append(loads.TryGetValue(id, out var l) && loads.TryGetValue("socle", out var s) && id != "postgres-btree" ? Ratio(l.Seconds, s.Seconds) : "–").Append(" |");
                    foreach (var (q, _) in ratioColumns)
                        sb.Append(' ').Append(queries.TryGetValue((id, q), out var p) && queries.TryGetValue(("socle", q), out var t) ? Ratio(p.P95, t.P95) : "–").Append(" |");
                    sb.Append('\n');
                }
                sb.Append('\n').Append("Above 1×: Socle is that many times faster (load: the peer's load time over Socle's ingest, upload included).\n");
            }

            var goals = new List<string>();
            foreach (var (q, ms) in Goals)
            {
                if (!queries.TryGetValue(("socle", q), out var t)) continue;
                goals.Add($"{q} {Ms(t.P95)} ≤ {ms.ToString(CultureInfo.InvariantCulture)} {(t.P95 <= ms ? "met" : "**NOT met**")}");
            }
            if (loads.TryGetValue("socle", out var ingest) && loads.TryGetValue("duckdb", out var duck))
                goals.Add(string.Create(CultureInfo.InvariantCulture,
                    $"ingest {ingest.Seconds:F1} s ≤ 2 × DuckDB's CSV → Parquet ({2 * duck.Seconds:F1} s) {(ingest.Seconds <= 2 * duck.Seconds ? "met" : "**NOT met**")}"));
            if (goals.Count > 0) sb.Append('\n').Append("Goals (Socle, HTTP p95 in ms, set for 2M rows): ").Append(string.Join("; ", goals)).Append(".\n");
        }

        var notes = loads.Select(l => $"{Label(l.Key)} load: {l.Value.Note}").Concat(infos).ToList();
        if (notes.Count > 0 || problems.Count > 0)
        {
            sb.Append('\n').Append("notes:\n");
            foreach (var n in notes) sb.Append("  - ").Append(n).Append('\n');
            foreach (var p in problems) sb.Append("  - PROBLEM: ").Append(p).Append('\n');
        }
        return sb.ToString();
    }

    private static string Label(string engine) => Engines.FirstOrDefault(e => e.Id == engine).Label?.Replace("**", "") ?? engine;

    private static string LoadCell(string id, Dictionary<string, (double Seconds, string Note)> loads, double socleBuild)
    {
        if (!loads.TryGetValue(id, out var l)) return "–";
        var s = l.Seconds.ToString(l.Seconds >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) + " s";
        return id switch
        {
            "postgres-btree" => "+" + s,
            "socle" when !double.IsNaN(socleBuild) => $"{s} (build {socleBuild.ToString("F1", CultureInfo.InvariantCulture)} s)",
            _ => s,
        };
    }

    private static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    private static string Ms(double v) => double.IsNaN(v) ? "–"
        : v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

    /// <summary>Two significant digits at least (0.0042×, 0.35×, 2.8×, 14×).</summary>
    private static string Ratio(double peer, double socle)
    {
        if (double.IsNaN(peer) || double.IsNaN(socle) || socle <= 0) return "–";
        var r = peer / socle;
        var format = r >= 10 ? "F0" : r >= 1 ? "F1" : r >= 0.1 ? "F2" : r >= 0.01 ? "F3" : "F4";
        return r.ToString(format, CultureInfo.InvariantCulture) + "×";
    }
}
