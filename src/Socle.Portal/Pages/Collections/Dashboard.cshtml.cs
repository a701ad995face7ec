using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Collections;

/// <summary>One series of a dashboard chart (a category or a stage) and its figure for each year.</summary>
internal sealed record ChartSeries(string Key, string Label, string Color, IReadOnlyList<double> Data);

/// <summary>A chart and its table twin: years across, one series per category or stage.</summary>
internal sealed record ChartView(string Id, string Title, IReadOnlyList<string> Years, IReadOnlyList<ChartSeries> Series, bool Integer)
{
    public string Json => JsonSerializer.Serialize(new
    {
        labels = Years,
        integer = Integer,
        series = Series.Select(s => new { label = s.Label, color = s.Color, data = s.Data }),
    });

    public double Total(int year) => Series.Sum(s => s.Data[year]);
}

/// <summary>
/// A register's dashboard for a territory (all of it, a region or a department): the number of installations or their
/// power by category and by stage at the end of each year (the register "as of" each 31 December, this year's as of
/// today), each chart with its table, and the map of the installations coloured by stage.
/// </summary>
public sealed class DashboardModel(CollectionService collections, StatsService stats, CollectDb db, PortalContext p) : PageModel
{
    /// <summary>Colours of the categories' series (the DSFR's illustrative colours, told apart by the table too).</summary>
    private static readonly string[] Palette = ["#000091", "#E4794A", "#009081", "#D8C634", "#A558A0", "#417DC4", "#C3992A", "#E1000F", "#3D3D3D", "#8C8C8C"];

    internal CollectionView View { get; private set; } = null!;
    internal CollectionDefinition Def => View.Definition;
    internal FilterChoices Choices { get; private set; } = null!;
    internal string? Region { get; private set; }
    internal string? Departement { get; private set; }
    /// <summary>"count" or "power".</summary>
    internal string Measure { get; private set; } = "count";
    internal ChartView ByCategory { get; private set; } = null!;
    internal ChartView ByStage { get; private set; } = null!;
    /// <summary>The last figure's day (today, for the current year).</summary>
    internal DateOnly LastDay { get; private set; }

    public async Task OnGetAsync(string slug, string? region, string? departement, string? measure)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        Departement = string.IsNullOrWhiteSpace(departement) ? null : departement.Trim();
        Measure = measure == "power" && Def.Dimensions.Power is not null ? "power" : "count";
        Choices = await FilterChoices.LoadAsync(db, View, p, Region, ct);
        var thisYear = DateTime.UtcNow.Year;
        var first = await stats.FirstYearAsync(slug, ct) ?? thisYear;
        var years = await stats.OverTimeAsync(slug, Region, Departement, first, thisYear, ct);
        LastDay = years.Count > 0 ? years[^1].AsOf : DateOnly.FromDateTime(DateTime.UtcNow);
        var labels = years.Select(y => y.AsOf.Year.ToString(CultureInfo.InvariantCulture)).ToList();
        double Figure(IEnumerable<StatCell> cells) => Measure == "power" ? cells.Sum(c => c.Power) : cells.Sum(c => c.Count);

        var categories = CollectViews.Allowed(CollectViews.FieldOf(Def.Schema, Def.Dimensions.Category)).Cast<string?>()
            .Concat(years.SelectMany(y => y.Cells).Select(c => c.Category)).Distinct().ToList();
        var categorySeries = categories.Select((c, i) => new ChartSeries(c ?? "", CollectViews.Category(p, Def, c), Palette[i % Palette.Length],
            [.. years.Select(y => Figure(y.Cells.Where(x => x.Category == c)))])).Where(s => s.Data.Any(d => d != 0)).ToList();
        var stages = Def.Stages.Select(s => (string?)s.Id).Concat(years.SelectMany(y => y.Cells).Select(c => c.Stage)).Distinct().ToList();
        var stageSeries = stages.Select(s => new ChartSeries(s ?? "", CollectViews.Stage(p, Def, s), CollectViews.Color(Def, s),
            [.. years.Select(y => Figure(y.Cells.Where(x => x.Stage == s)))])).Where(s => s.Data.Any(d => d != 0)).ToList();

        var what = Measure == "power" ? PowerTitle : p.T("portal.collect.dashboard.count");
        ByCategory = new ChartView("par-filiere", p.T("portal.collect.dashboard.by-category", what, LowerFirst(CategoryTitle)), labels, categorySeries, Measure == "count");
        ByStage = new ChartView("par-etape", p.T("portal.collect.dashboard.by-stage", what), labels, stageSeries, Measure == "count");
    }

    internal string PowerTitle => Def.Dimensions.Power is { } f ? CollectViews.Title(Def.Schema, f) : p.T("portal.collect.column.power");
    internal string CategoryTitle => Def.Dimensions.Category is { } f ? CollectViews.Title(Def.Schema, f) : p.T("portal.collect.column.category");

    private static string LowerFirst(string s) => s.Length > 1 && char.IsUpper(s[0]) && !char.IsUpper(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    internal string Figure(double v) => Measure == "power" ? p.Number(v, 1) : p.Number((long)v);

    /// <summary>The territory as a query string ("" for the whole register).</summary>
    private string Territory
    {
        get
        {
            var q = new List<string>();
            if (Region is not null) q.Add("region=" + Uri.EscapeDataString(Region));
            if (Departement is not null) q.Add("departement=" + Uri.EscapeDataString(Departement));
            return q.Count > 0 ? "?" + string.Join('&', q) : "";
        }
    }

    /// <summary>The API's figures of the same territory (the page's twin) and its map.</summary>
    internal string Twin => CollectViews.Api(View.Slug) + "stats/" + Territory;
    internal string MapUrl => CollectViews.Api(View.Slug) + "map.geojson" + Territory;

    /// <summary>The register's listing of the same territory.</summary>
    internal string RegisterUrl => CollectViews.Base(View.Slug) + Territory;
}
