using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Socle.Bench;

/// <summary>
/// <c>tabular-generate</c>: a register of renewable electricity installations as one CSV (12 columns, UTF-8, French
/// names with accents), streamed row by row, and its sidecar of query values. Row i depends only on (seed, i): the same
/// arguments give the same bytes and a file of N rows is a prefix of a longer one with the same seed.
/// </summary>
internal static class TabularGenerate
{
    public const string Header = "id,nom,code_commune,departement,region,secteur,puissance_mw,date_mise_en_service,latitude,longitude,regime,energie_annuelle_mwh";

    /// <summary>Number of commune codes (a) rotates through.</summary>
    public const int ExactValues = 20;

    private const int RangeThousandths = 45_000; // puissance_mw >= 45

    private static readonly int[] DeptCumulative = Cumulative(TabularData.Departments.Select(d => d.Communes));
    private static readonly int[] SectorCumulative = Cumulative(TabularData.Sectors.Select(s => s.Weight));
    private static readonly int SearchPlace = Array.IndexOf(TabularData.Places, "des Châtaigniers");
    private static readonly int PlaceTotal = 10 * TabularData.Places.Length - 5;
    private static readonly double[] CapacityFactor = [0.13, 0.24, 0.85, 0.40, 0.70];

    public static int Run(string[] args)
    {
        var a = TabularArgs.Parse(args);
        if (a.Rows < 0 || a.Out is null) throw new ArgumentException("usage: tabular-generate --rows N --out FILE [--seed S]");
        var sw = Stopwatch.StartNew();
        var sidecar = Write(a.Out, a.Rows, a.Seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {a.Out}: {a.Rows} rows, {sidecar.Bytes} bytes ({sidecar.Bytes / 1e6:F0} MB), seed {a.Seed}, in {sw.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {sidecar.DistinctCommunes} distinct communes; (a) {sidecar.Exact.Count} codes, {sidecar.Exact.Min(e => e.Rows)}–{sidecar.Exact.Max(e => e.Rows)} rows each; " +
            $"(b) {sidecar.Range.Rows} rows with puissance_mw >= 45; (c) \"{sidecar.Contains.Word}\" in {sidecar.Contains.Rows} names ({100.0 * sidecar.Contains.Rows / Math.Max(1, a.Rows):F2} %)"));
        Console.WriteLine("  sectors: " + string.Join(", ", sidecar.Groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value.Rows}"))));
        Console.WriteLine($"  query values in {TabularSidecar.PathFor(a.Out)}");
        return 0;
    }

    public static TabularSidecar Write(string path, long rows, ulong seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        var communeRows = new int[TabularData.Departments.Length * 1000];
        var sectorRows = new long[TabularData.Sectors.Length];
        var sectorThousandths = new long[TabularData.Sectors.Length];
        long rangeRows = 0, wordRows = 0;
        // (a) values: the communes of rows spread over the file (so, drawn as often as communes hold installations),
        // ten candidate rows each so that the 20 values differ.
        var candidates = new Dictionary<long, int>();
        var starts = Enumerable.Range(0, ExactValues).Select(k => (long)((k + 0.5) * rows / ExactValues)).ToArray();
        foreach (var s in starts)
            for (var j = s; j < Math.Min(rows, s + 10); j++) candidates[j] = -1;

        var line = new char[1024];
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan))
        using (var w = new StreamWriter(file, new UTF8Encoding(false), 1 << 20))
        {
            w.Write(Header);
            w.Write('\n');
            for (long i = 0; i < rows; i++)
            {
                var row = Row(i, seed, line);
                w.Write(line, 0, row.Length);
                communeRows[row.CommuneId]++;
                sectorRows[row.Sector]++;
                sectorThousandths[row.Sector] += row.Thousandths;
                if (row.Thousandths >= RangeThousandths) rangeRows++;
                if (row.Place == SearchPlace) wordRows++;
                if (candidates.ContainsKey(i)) candidates[i] = row.CommuneId;
            }
        }
        File.Move(tmp, path, overwrite: true);

        var sidecar = new TabularSidecar
        {
            Rows = rows, Seed = seed, Csv = Path.GetFileName(path), Bytes = new FileInfo(path).Length,
            DistinctCommunes = communeRows.Count(c => c > 0),
            Range = new TabularSidecar.RangeQuery { Rows = rangeRows },
            Contains = new TabularSidecar.ContainsQuery { Rows = wordRows },
        };
        var chosen = new HashSet<int>();
        foreach (var s in starts)
        {
            for (var j = s; j < Math.Min(rows, s + 10); j++)
            {
                if (!chosen.Add(candidates[j])) continue;
                sidecar.Exact.Add(new TabularSidecar.ExactValue { Value = CommuneCode(candidates[j]), Rows = communeRows[candidates[j]] });
                break;
            }
        }
        for (var k = 0; k < TabularData.Sectors.Length; k++)
            sidecar.Groups[TabularData.Sectors[k].Name] = new TabularSidecar.GroupTotals { Rows = sectorRows[k], PuissanceMw = sectorThousandths[k] / 1000.0 };
        sidecar.Save(TabularSidecar.PathFor(path));
        return sidecar;
    }

    private readonly record struct RowInfo(int Length, int CommuneId, int Sector, long Thousandths, int Place);

    private static RowInfo Row(long i, ulong seed, char[] buffer)
    {
        var r = new Rng(seed, (ulong)i);
        // Every value is drawn first, in a fixed order.
        int sector = Pick(SectorCumulative, r.Next(SectorCumulative[^1]));
        int dept = Pick(DeptCumulative, r.Next(DeptCumulative[^1]));
        var d = TabularData.Departments[dept];
        // Within a department a few communes hold many installations: index k with density ∝ k^-0.55.
        int k = Math.Min(d.Communes - 1, (int)(d.Communes * Math.Pow(r.NextDouble(), 2.2)));
        int number = d.Code == "75" ? 56 : 1 + (int)((long)k * 7919 % d.Communes);
        var s = TabularData.Sectors[sector];
        int kind = r.Next(s.Kinds.Length);
        int placeDraw = r.Next(PlaceTotal);
        int place = placeDraw < SearchPlace * 10 ? placeDraw / 10
            : placeDraw < SearchPlace * 10 + 5 ? SearchPlace
            : SearchPlace + 1 + (placeDraw - SearchPlace * 10 - 5) / 10;
        int suffix = r.Next(10) < 3 ? r.Next(TabularData.Suffixes.Length) : -1;
        int nameNumber = 1 + r.Next(9999);
        double mw = sector switch
        {
            0 => Math.Clamp(Math.Exp(Math.Log(0.036) + 1.9 * r.Normal()), 0.003, 350),
            1 => (1 + (int)(19 * Math.Pow(r.NextDouble(), 1.6))) * (2.0 + 2.5 * r.NextDouble()),
            2 => Math.Clamp(Math.Exp(Math.Log(0.5) + 0.9 * r.Normal()), 0.02, 25),
            3 => Math.Clamp(Math.Exp(Math.Log(0.4) + 2.0 * r.Normal()), 0.005, 1800),
            _ => Math.Clamp(Math.Exp(Math.Log(2.5) + 1.3 * r.Normal()), 0.05, 180),
        };
        long thousandths = Math.Max(1, (long)Math.Round(mw * 1000));
        var (firstYear, span, curve) = sector switch
        {
            0 => (2006, 20, 0.55),
            1 => (2001, 25, 0.8),
            2 => (2008, 18, 0.6),
            3 => (1920, 106, 0.7),
            _ => (1995, 31, 0.7),
        };
        int year = Math.Min(2025, firstYear + (int)(span * Math.Pow(r.NextDouble(), curve)));
        var date = new DateOnly(year, 1, 1).AddDays(r.Next(DateTime.IsLeapYear(year) ? 366 : 365));
        int regimeDraw = r.Next(100);
        int regime = sector switch
        {
            0 when thousandths > 1000 => regimeDraw < 40 ? 0 : regimeDraw < 50 ? 1 : 2,
            0 => regimeDraw < 3 ? 0 : 2,
            1 => regimeDraw < 85 ? 0 : regimeDraw < 90 ? 1 : 2,
            2 => regimeDraw < 15 ? 0 : regimeDraw < 45 ? 1 : 2,
            3 => regimeDraw < 70 ? 0 : 2,
            _ => regimeDraw < 25 ? 0 : regimeDraw < 65 ? 1 : 2,
        };
        long energyTenths = (long)Math.Round(thousandths / 1000.0 * 8760 * CapacityFactor[sector] * (0.75 + 0.5 * r.NextDouble()) * 10);
        // The commune's centre (fixed, whatever the seed) and a few hundred metres around it.
        var c = new Rng(0x5EED, (ulong)(dept * 1000 + number));
        long latE5 = (long)Math.Round((d.Lat + (c.NextDouble() - 0.5) * 0.8) * 100_000) + r.Next(2001) - 1000;
        long lonE5 = (long)Math.Round((d.Lon + (c.NextDouble() - 0.5) * 1.1) * 100_000) + r.Next(2001) - 1000;

        var w = new LineWriter(buffer);
        w.Text(s.Prefix); w.Char('-'); w.Digits(i + 1, 7); w.Char(',');
        w.Text(s.Kinds[kind]); w.Char(' '); w.Text(TabularData.Places[place]);
        if (suffix >= 0) { w.Char(' '); w.Text(TabularData.Suffixes[suffix]); }
        w.Char(' '); w.Int(nameNumber); w.Char(',');
        w.Text(d.Code); w.Digits(number, 3); w.Char(',');
        w.Text(d.Code); w.Char(',');
        w.Text(d.Region); w.Char(',');
        w.Text(s.Name); w.Char(',');
        w.Fixed(thousandths, 3); w.Char(',');
        w.Digits(date.Year, 4); w.Char('-'); w.Digits(date.Month, 2); w.Char('-'); w.Digits(date.Day, 2); w.Char(',');
        w.Fixed(latE5, 5); w.Char(',');
        w.Fixed(lonE5, 5); w.Char(',');
        w.Text(TabularData.Regimes[regime]); w.Char(',');
        w.Fixed(energyTenths, 1); w.Char('\n');
        return new RowInfo(w.Length, dept * 1000 + number, sector, thousandths, place);
    }

    private static string CommuneCode(int id) =>
        TabularData.Departments[id / 1000].Code + (id % 1000).ToString("D3", CultureInfo.InvariantCulture);

    private static int[] Cumulative(IEnumerable<int> weights)
    {
        var list = new List<int>();
        var sum = 0;
        foreach (var w in weights) list.Add(sum += w);
        return [.. list];
    }

    /// <summary>The index whose cumulative weight first exceeds <paramref name="x"/>.</summary>
    private static int Pick(int[] cumulative, int x)
    {
        var i = Array.BinarySearch(cumulative, x);
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>SplitMix64 keyed by (seed, row), as <see cref="Generator"/>'s.</summary>
    private struct Rng(ulong seed, ulong row)
    {
        private ulong _state = Mix(seed * 0x9E3779B97F4A7C15UL ^ Mix(row + 0x632BE59BD9B4E019UL));

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private ulong NextRaw()
        {
            _state += 0x9E3779B97F4A7C15UL;
            return Mix(_state);
        }

        public int Next(int bound) => (int)((NextRaw() >> 33) % (ulong)bound);

        public double NextDouble() => (NextRaw() >> 11) * (1.0 / (1UL << 53));

        /// <summary>A standard normal draw (Box–Muller, one of the pair).</summary>
        public double Normal()
        {
            var u1 = 1.0 - NextDouble();
            var u2 = NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }

    /// <summary>Writes one CSV line into a char buffer (no allocation per row).</summary>
    private ref struct LineWriter(char[] buffer)
    {
        private int _pos;
        public readonly int Length => _pos;

        public void Char(char c) => buffer[_pos++] = c;

        public void Text(string s)
        {
            s.CopyTo(buffer.AsSpan(_pos));
            _pos += s.Length;
        }

        public void Int(long v)
        {
            v.TryFormat(buffer.AsSpan(_pos), out var n, default, CultureInfo.InvariantCulture);
            _pos += n;
        }

        public void Digits(long v, int width)
        {
            v.TryFormat(buffer.AsSpan(_pos), out var n, width == 2 ? "D2" : width == 3 ? "D3" : width == 4 ? "D4" : "D7", CultureInfo.InvariantCulture);
            _pos += n;
        }

        /// <summary>An integer count of 10^-<paramref name="decimals"/> units, as a decimal with a point.</summary>
        public void Fixed(long units, int decimals)
        {
            if (units < 0) { Char('-'); units = -units; }
            long scale = decimals switch { 1 => 10, 3 => 1000, _ => 100_000 };
            Int(units / scale);
            Char('.');
            (units % scale).TryFormat(buffer.AsSpan(_pos), out var n, decimals switch { 1 => "D1", 3 => "D3", _ => "D5" }, CultureInfo.InvariantCulture);
            _pos += n;
        }
    }
}
