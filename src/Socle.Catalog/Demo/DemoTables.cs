using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Socle.Catalog.Demo;

/// <summary>What to generate: a template of <c>tables.json</c> over a period and a set of communes, with deliberate errors.</summary>
internal sealed record TableRequest(string Template, DateOnly Start, DateOnly End, IReadOnlyList<DemoPlace> Places)
{
    /// <summary>Only these months of the period (a bathing season).</summary>
    public int[]? Months { get; init; }
    /// <summary>Only the network's sites whose properties match (e.g. <c>{"kind": "souterraine"}</c>).</summary>
    public JsonObject? Where { get; init; }
    /// <summary>Row count of an <c>n</c> dimension, instead of the template's.</summary>
    public int? Rows { get; init; }
    /// <summary>Cells to spoil after generation, each in a different random row: a column and the bad value.</summary>
    public IReadOnlyList<(string Column, string Value)> Defects { get; init; } = [];
}

/// <summary>A generated table: header, rows, and each column's description (for the data dictionary).</summary>
internal sealed record GeneratedTable(string[] Header, string[] Descriptions, List<string[]> Rows)
{
    /// <summary>UTF-8 CSV, comma-separated, quoted where needed.</summary>
    public byte[] ToCsv()
    {
        var sb = new StringBuilder(Rows.Count * 80);
        Line(sb, Header);
        foreach (var row in Rows) Line(sb, row);
        return new UTF8Encoding(false).GetBytes(sb.ToString());
    }

    private static void Line(StringBuilder sb, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(',');
            var c = cells[i];
            if (c.AsSpan().IndexOfAny(",\"\n\r") >= 0) sb.Append('"').Append(c.Replace("\"", "\"\"")).Append('"');
            else sb.Append(c);
        }
        sb.Append('\n');
    }
}

/// <summary>
/// Generates realistic CSV content from the templates of <c>Resources/demo/tables.json</c>, deterministically
/// from one <see cref="Random"/>. A template lists the dimensions whose product gives the rows (<c>over</c>):
/// <c>site</c> (the stations of a <c>network</c>), <c>place</c> (communes), <c>dep</c> (departments), <c>item</c>
/// (the template's <c>items</c>), <c>day</c>, <c>week</c>, <c>month</c>, <c>year</c>, <c>hour</c>, or <c>n</c>
/// (<c>rows</c> rows, each in a random commune, with dates spread over the period and, if the template has
/// <c>anyitems</c>, a random item). Each column is <c>[name, expression, description]</c>; an expression is:
/// <list type="bullet">
/// <item><c>=text</c> a literal; a text with <c>{expression}</c> parts, a template;</item>
/// <item><c>place.insee|name|dep|pop</c>, <c>site.code|name|kind|lat|lon</c>, <c>dep.code|name</c>, <c>item.&lt;property&gt;</c>;</item>
/// <item><c>date</c>, <c>stepdate</c> (a random day of the week or month), <c>year</c>, <c>month</c>, <c>monthnum</c>,
/// <c>datetime</c>, <c>randdate:from:to</c>; <c>point.lat|lon</c> (the commune, jittered by <c>jitter</c> degrees);</item>
/// <item><c>measure</c> (the row's item as a measure), <c>measure:&lt;name&gt;</c> (one of the template's <c>measures</c>),
/// <c>measure:&lt;decimals&gt;</c>: a log-normal value around <c>mean</c> with coefficient of variation <c>cv</c>, shaped
/// by season (<c>peak</c> month with <c>amp</c> for a wave or <c>width</c> for a pollen-like bump), hour of day
/// (<c>hours</c>), yearly <c>trend</c>, site kind (<c>factors</c>), population (<c>per_pop</c>, or <c>pop_exp</c> for
/// a power of it), the item's <c>factors</c>, a level of its own for each station or commune (<c>spread</c>), capped at <c>max</c>;</item>
/// <item><c>around:mean:cv:decimals</c>, <c>num:min:max:decimals</c>, <c>int:min:max</c>, <c>perpop:rate[:peak:amp]</c>
/// (a count per 100,000 inhabitants);</item>
/// <item><c>pick:a*3|b|@list</c> (weighted choice; <c>@list</c> draws from world.json's lists), <c>seq:AB-#####</c> (increasing
/// identifiers), <c>band:column:t1|t2:l0|l1|l2</c> (a label by thresholds, numbers or <c>item.x</c> or <c>$column</c>),
/// <c>rest:total:col1|col2</c> (what is left of a total), <c>lin:column:a:b:sd:decimals</c> (a + b × column, with normal noise).</item>
/// </list>
/// </summary>
internal sealed class DemoTables(DemoWorld world, Random random)
{
    public const int MaxRows = 5000;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly DemoWorld world = world;
    private readonly Random random = random;

    private sealed record Frame(DemoPlace? Place, DemoSite? Site, DemoDep? Dep, JsonObject? Item, DateOnly? Date, int? Hour, string? Step);

    private sealed class Row(Frame frame, int columns)
    {
        public Frame Frame { get; } = frame;
        public Dictionary<string, string> Values { get; } = new(columns, StringComparer.Ordinal);
        public (double Lat, double Lon)? Point { get; set; }
    }

    private JsonObject Template(string name) =>
        world.Tables[name] as JsonObject ?? throw new InvalidOperationException($"No table template \"{name}\" in tables.json.");

    public GeneratedTable Generate(TableRequest request)
    {
        var template = Template(request.Template);
        var columns = template["columns"]!.AsArray().Select(c => c!.AsArray()).ToList();
        var header = columns.Select(c => c[0]!.GetValue<string>()).ToArray();
        var descriptions = columns.Select(c => c.Count > 2 ? c[2]!.GetValue<string>() : "").ToArray();
        var context = new Context(this, template, request);
        var compiled = columns.Select(c => context.Compile(c[1]!.GetValue<string>())).ToArray();

        var frames = Frames(template, request);
        var rows = new List<string[]>(frames.Count);
        foreach (var frame in frames)
        {
            var row = new Row(frame, header.Length);
            var cells = new string[header.Length];
            for (var i = 0; i < header.Length; i++)
            {
                cells[i] = compiled[i](row);
                row.Values[header[i]] = cells[i];
            }
            rows.Add(cells);
        }
        var spoiled = new HashSet<int>();
        foreach (var (column, value) in request.Defects)
        {
            var index = Array.IndexOf(header, column);
            if (index < 0) throw new InvalidOperationException($"Table {request.Template} has no column {column} to spoil.");
            int row;
            do row = random.Next(rows.Count); while (!spoiled.Add(row) && spoiled.Count < rows.Count);
            rows[row][index] = value;
        }
        return new GeneratedTable(header, descriptions, rows);
    }

    // ---- rows --------------------------------------------------------------------------------------------------

    private List<Frame> Frames(JsonObject template, TableRequest request)
    {
        List<Frame> frames = [new Frame(null, null, null, null, null, null, null)];
        foreach (var dimension in template["over"]!.AsArray().Select(d => d!.GetValue<string>()))
        {
            frames = dimension switch
            {
                "site" => [.. frames.SelectMany(f => Sites(template, request).Select(s => f with { Site = s, Place = s.Place }))],
                "place" => [.. frames.SelectMany(f => request.Places.Select(p => f with { Place = p }))],
                "dep" => [.. frames.SelectMany(f => world.DepsOf(request.Places).Select(d => f with { Dep = d, Place = d.Main }))],
                "item" => [.. frames.SelectMany(f => template["items"]!.AsArray().Select(i => f with { Item = i!.AsObject() }))],
                "day" or "week" or "month" or "year" => [.. frames.SelectMany(f => Steps(dimension, request).Select(d => f with { Date = d, Step = dimension }))],
                "hour" => [.. frames.SelectMany(f => Steps("day", request).SelectMany(d => Enumerable.Range(0, 24).Select(h => f with { Date = d, Hour = h, Step = "hour" })))],
                "n" => [.. frames.SelectMany(f => Drawn(template, request, f))],
                _ => throw new InvalidOperationException($"Unknown dimension {dimension} in tables.json."),
            };
        }
        if (frames.Count <= MaxRows) return frames;
        // Evenly spaced, so a time series keeps its shape.
        return [.. Enumerable.Range(0, MaxRows).Select(i => frames[(int)((long)i * frames.Count / MaxRows)])];
    }

    private IEnumerable<DemoSite> Sites(JsonObject template, TableRequest request)
    {
        var network = world.Networks[template["network"]!.GetValue<string>()];
        var places = request.Places.Select(p => p.Insee).ToHashSet();
        var where = request.Where ?? template["where"] as JsonObject;
        return network.Where(s => places.Contains(s.Place.Insee) && (where is null || where.All(w => Matches(s, w.Key, w.Value))));
    }

    private static bool Matches(DemoSite site, string key, JsonNode? wanted)
    {
        var actual = site.Raw[key]?.GetValue<string>();
        return wanted is JsonArray any ? any.Any(v => v!.GetValue<string>() == actual) : wanted?.GetValue<string>() == actual;
    }

    private static IEnumerable<DateOnly> Steps(string step, TableRequest request)
    {
        var d = step switch
        {
            "week" => request.Start.AddDays(((int)DayOfWeek.Monday - (int)request.Start.DayOfWeek + 7) % 7),
            "month" => new DateOnly(request.Start.Year, request.Start.Month, 1),
            "year" => new DateOnly(request.Start.Year, 1, 1),
            _ => request.Start,
        };
        for (; d <= request.End; d = step switch { "week" => d.AddDays(7), "month" => d.AddMonths(1), "year" => d.AddYears(1), _ => d.AddDays(1) })
            if (request.Months is null || step == "year" || request.Months.Contains(d.Month)) yield return d;
    }

    /// <summary>Rows drawn at random: a commune weighted by population, dates spread in order over the period.</summary>
    private IEnumerable<Frame> Drawn(JsonObject template, TableRequest request, Frame f)
    {
        var n = request.Rows ?? template["rows"]?.GetValue<int>() ?? 500;
        var days = Steps("day", request with { Months = request.Months ?? template["months"]?.AsArray().Select(m => m!.GetValue<int>()).ToArray() }).ToList();
        if (days.Count == 0) throw new InvalidOperationException($"No day of {request.Start}–{request.End} is in the months of {request.Template}.");
        var places = request.Places;
        var placeWeights = places.Select(p => Math.Sqrt(p.Pop)).ToArray();
        var items = template["anyitems"]?.AsArray().Select(i => i!.AsObject()).ToList();
        var itemWeights = items?.Select(i => i["w"]?.GetValue<double>() ?? 1).ToArray();
        for (var i = 0; i < n; i++)
        {
            var date = days[(int)Math.Min(days.Count - 1, (i + random.NextDouble()) / n * days.Count)];
            var item = items is null ? f.Item : items[Weighted(itemWeights!)];
            yield return f with { Place = places[Weighted(placeWeights)], Date = date, Step = "day", Item = item };
        }
    }

    private int Weighted(double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
            if ((x -= weights[i]) < 0) return i;
        return weights.Length - 1;
    }

    // ---- values ------------------------------------------------------------------------------------------------

    /// <summary>Compiles the expressions of one table, with its per-column state (identifier counters).</summary>
    private sealed class Context(DemoTables owner, JsonObject template, TableRequest request)
    {
        private Random R => owner.random;

        public Func<Row, string> Compile(string spec)
        {
            if (spec.StartsWith('=')) { var literal = spec[1..]; return _ => literal; }
            if (spec.Contains('{')) return Template(spec);
            var colon = spec.IndexOf(':');
            var (op, arg) = colon < 0 ? (spec, "") : (spec[..colon], spec[(colon + 1)..]);
            var args = arg.Split(':');
            return op switch
            {
                "date" => r => Iso(r.Frame.Date!.Value),
                "stepdate" => StepDate,
                "year" => r => r.Frame.Date!.Value.Year.ToString(Inv),
                "month" => r => r.Frame.Date!.Value.ToString("yyyy-MM", Inv),
                "monthnum" => r => r.Frame.Date!.Value.Month.ToString(Inv),
                "datetime" => r => $"{Iso(r.Frame.Date!.Value)}T{r.Frame.Hour ?? 0:00}:00:00Z",
                "randdate" => RandomDate(DateOnly.Parse(args[0], Inv), DateOnly.Parse(args[1], Inv)),
                "point.lat" => r => Num(Point(r).Lat, 5),
                "point.lon" => r => Num(Point(r).Lon, 5),
                "measure" => Measure(arg),
                "around" => _ => Num(Noise(D(args[0]), D(args[1])), int.Parse(args[2], Inv)),
                "num" => _ => Num(D(args[0]) + R.NextDouble() * (D(args[1]) - D(args[0])), int.Parse(args[2], Inv)),
                "int" => _ => R.Next(int.Parse(args[0], Inv), int.Parse(args[1], Inv) + 1).ToString(Inv),
                "perpop" => r => Math.Round(Pop(r) / 1e5 * D(args[0]) * (args.Length > 2 ? Wave(r, D(args[1]), D(args[2])) : 1) * Noise(1, 0.35)).ToString(Inv),
                "pick" => Pick(arg),
                "seq" => Sequence(arg),
                "band" => Band(args[0], args[1].Split('|'), args[2].Split('|')),
                "rest" => r => Num(D(args[0]) - args[1].Split('|').Sum(c => D(r.Values[c])), 1),
                "lin" => r => Num(D(args[1]) + D(args[2]) * D(r.Values[args[0]]) + D(args[3]) * Gaussian(), int.Parse(args[4], Inv)),
                _ when spec.StartsWith("place.", StringComparison.Ordinal) => Place(spec[6..]),
                _ when spec.StartsWith("site.", StringComparison.Ordinal) => Site(spec[5..]),
                _ when spec.StartsWith("dep.", StringComparison.Ordinal) => spec[4..] == "code" ? r => r.Frame.Dep!.Code : r => r.Frame.Dep!.Name,
                _ when spec.StartsWith("item.", StringComparison.Ordinal) => r => Text(r.Frame.Item![spec[5..]]),
                _ => throw new InvalidOperationException($"Unknown expression \"{spec}\" in tables.json ({request.Template})."),
            };
        }

        private Func<Row, string> Template(string spec)
        {
            var parts = new List<Func<Row, string>>();
            var i = 0;
            while (i < spec.Length)
            {
                var open = spec.IndexOf('{', i);
                if (open < 0) { var tail = spec[i..]; parts.Add(_ => tail); break; }
                if (open > i) { var text = spec[i..open]; parts.Add(_ => text); }
                var close = spec.IndexOf('}', open);
                parts.Add(Compile(spec[(open + 1)..close]));
                i = close + 1;
            }
            return r => string.Concat(parts.Select(p => p(r)));
        }

        private static Func<Row, string> Place(string property) => property switch
        {
            "insee" => r => r.Frame.Place!.Insee,
            "name" => r => r.Frame.Place!.Name,
            "dep" => r => r.Frame.Place!.Dep,
            "pop" => r => r.Frame.Place!.Pop.ToString(Inv),
            "lat" => r => Num(r.Frame.Place!.Lat, 5),
            "lon" => r => Num(r.Frame.Place!.Lon, 5),
            _ => throw new InvalidOperationException($"Unknown property place.{property}."),
        };

        private static Func<Row, string> Site(string property) => property switch
        {
            "code" => r => r.Frame.Site!.Code,
            "name" => r => r.Frame.Site!.Name,
            "kind" => r => r.Frame.Site!.Kind,
            "lat" => r => Num(r.Frame.Site!.Lat, 5),
            "lon" => r => Num(r.Frame.Site!.Lon, 5),
            _ => r => Text(r.Frame.Site!.Raw[property]),
        };

        private string StepDate(Row r)
        {
            var d = r.Frame.Date!.Value;
            var span = r.Frame.Step switch { "week" => 7, "month" => DateTime.DaysInMonth(d.Year, d.Month), "year" => 365, _ => 1 };
            var day = d.AddDays(R.Next(span));
            return Iso(day > request.End ? request.End : day);
        }

        private Func<Row, string> RandomDate(DateOnly from, DateOnly to) =>
            _ => Iso(from.AddDays(R.Next(to.DayNumber - from.DayNumber + 1)));

        private (double Lat, double Lon) Point(Row r)
        {
            if (r.Point is { } p) return p;
            if (r.Frame.Site is { } s) return (r.Point = (s.Lat, s.Lon)).Value;
            var jitter = template["jitter"]?.GetValue<double>() ?? 0.03;
            var angle = R.NextDouble() * 2 * Math.PI;
            var radius = jitter * Math.Sqrt(R.NextDouble());
            var place = r.Frame.Place!;
            return (r.Point = (place.Lat + radius * Math.Sin(angle), place.Lon + radius * Math.Cos(angle) * 1.4)).Value;
        }

        private Func<Row, string> Pick(string arg)
        {
            var values = new List<string>();
            var weights = new List<double>();
            foreach (var option in arg.Split('|'))
            {
                if (option.StartsWith('@'))
                {
                    var list = owner.world.Lists[option[1..]];
                    values.AddRange(list);
                    weights.AddRange(list.Select(_ => 1.0));
                    continue;
                }
                var star = option.LastIndexOf('*');
                values.Add(star < 0 ? option : option[..star]);
                weights.Add(star < 0 ? 1 : D(option[(star + 1)..]));
            }
            var w = weights.ToArray();
            return _ => values[owner.Weighted(w)];
        }

        /// <summary>Increasing identifiers with small gaps (deleted records), from a random start: <c>SSP#######</c>.</summary>
        private Func<Row, string> Sequence(string pattern)
        {
            var first = pattern.IndexOf('#');
            var digits = pattern.Count(c => c == '#');
            var prefix = pattern[..first];
            var suffix = pattern[(first + digits)..];
            var next = (long)R.Next(1, (int)Math.Min(int.MaxValue, Math.Max(2, Math.Pow(10, digits - 2))));
            return _ =>
            {
                var id = prefix + next.ToString(new string('0', digits), Inv) + suffix;
                next += 1 + (R.Next(4) == 0 ? 1 : 0);
                return id;
            };
        }

        private static Func<Row, string> Band(string column, string[] thresholds, string[] labels) => r =>
        {
            var value = D(r.Values[column]);
            var i = 0;
            while (i < thresholds.Length && value >= Threshold(thresholds[i], r)) i++;
            return labels[i];
        };

        private static double Threshold(string t, Row r) =>
            t.StartsWith('$') ? D(r.Values[t[1..]]) : t.StartsWith("item.", StringComparison.Ordinal) ? D(Text(r.Frame.Item![t[5..]])) : D(t);

        private Func<Row, string> Measure(string arg)
        {
            if (arg.Length == 0 || int.TryParse(arg, NumberStyles.None, Inv, out _))
            {
                int? decimals = arg.Length == 0 ? null : int.Parse(arg, Inv);
                return r => Value(r.Frame.Item!, r, null, decimals);
            }
            var spec = template["measures"]?[arg] as JsonObject ?? throw new InvalidOperationException($"No measure {arg} in {request.Template}.");
            return r => Value(spec, r, arg, null);
        }

        /// <summary>A measured value: mean × season × hour × trend × site × population × item, with log-normal noise.</summary>
        private string Value(JsonObject spec, Row r, string? name, int? decimals)
        {
            var f = r.Frame;
            var v = spec["mean"]!.GetValue<double>();
            var peak = spec["peak"]?.GetValue<double>();
            if (peak is not null && f.Date is { } date)
            {
                var month = date.Month + (date.Day - 1) / (double)DateTime.DaysInMonth(date.Year, date.Month);
                if (spec["width"]?.GetValue<double>() is { } width)
                {
                    var distance = Math.Abs(month - peak.Value);
                    distance = Math.Min(distance, 12 - distance);
                    v *= 0.02 + 2.5 * Math.Exp(-distance * distance / (2 * width * width));
                }
                else v *= 1 + (spec["amp"]?.GetValue<double>() ?? 0) * Math.Cos(2 * Math.PI * (month - peak.Value) / 12);
            }
            if (spec["hours"] is JsonArray hours && f.Hour is { } hour)
                v *= 0.55 + hours.Sum(h => 0.75 * Math.Exp(-Math.Pow(hour - h!.GetValue<double>(), 2) / 6));
            if (spec["trend"]?.GetValue<double>() is { } trend && f.Date is { } d)
                v *= Math.Max(0.1, 1 + trend * (d.Year - request.Start.Year));
            if (f.Site is { } site) v *= spec["factors"]?[site.Kind]?.GetValue<double>() ?? 1;
            if (spec["per_pop"]?.GetValue<bool>() == true) v *= Pop(r) / 1e5;
            if (spec["pop_exp"]?.GetValue<double>() is { } popExponent) v *= Math.Pow(Pop(r) / 1e5, popExponent);
            if (name is not null && f.Item?["factors"]?[name]?.GetValue<double>() is { } itemFactor) v *= itemFactor;
            // Each station, commune or department keeps its own level from one row (one year) to the next.
            var spread = spec["spread"]?.GetValue<double>() ?? (f.Site is null ? 0 : 0.12);
            if (spread > 0) v *= Math.Exp(spread * StableNormal($"{f.Site?.Code ?? f.Dep?.Code ?? f.Place?.Insee}|{f.Item?.ToJsonString()}|{name}"));
            v = Noise(v, spec["cv"]?.GetValue<double>() ?? 0.3);
            if (spec["max"]?.GetValue<double>() is { } max) v = Math.Min(v, spec["per_pop"]?.GetValue<bool>() == true ? max * Pop(r) / 1e5 : max);
            return Num(v, decimals ?? spec["decimals"]?.GetValue<int>() ?? 1);
        }

        private static double Pop(Row r) => r.Frame.Dep?.Pop ?? r.Frame.Place!.Pop;

        private static double Wave(Row r, double peak, double amp) =>
            r.Frame.Date is { } d ? 1 + amp * Math.Cos(2 * Math.PI * (d.Month - peak) / 12) : 1;

        /// <summary>A log-normal draw with the given mean and coefficient of variation: positive, skewed like real measurements.</summary>
        private double Noise(double mean, double cv)
        {
            var sigma = Math.Sqrt(Math.Log(1 + cv * cv));
            return mean * Math.Exp(sigma * Gaussian() - sigma * sigma / 2);
        }

        private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - R.NextDouble())) * Math.Cos(2 * Math.PI * R.NextDouble());
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    private static string Num(double v, int decimals) => Math.Round(v, decimals).ToString("F" + decimals.ToString(Inv), Inv);

    private static double D(string s) => double.Parse(s, NumberStyles.Float, Inv);

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString(Inv),
        _ => node.ToJsonString(),
    };

    /// <summary>A standard normal number drawn from a text: the same for the same text.</summary>
    private static double StableNormal(string key)
    {
        var h = StableHash(key);
        var u1 = ((h & 0xFFFF) + 0.5) / 65536.0;
        var u2 = ((h >> 16) + 0.5) / 65536.0;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>FNV-1a: the same number for the same text in every process (string.GetHashCode is randomised).</summary>
    public static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }
}
