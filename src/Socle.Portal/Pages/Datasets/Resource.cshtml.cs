using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Tabular;
using Socle.Tabular.Query;

namespace Socle.Portal.Pages.Datasets;

/// <summary>
/// A resource: its file, and when it has a table, a preview filtered, sorted and paged by the very query string of
/// the tabular API (<c>col__contains=</c>, <c>q=</c>, <c>col__sort=</c>, <c>page=</c>…, read by TableService's parser),
/// a map of its points, a chart of an aggregate and its column profile. Only the chart builder has parameters of its
/// own (<c>chart_*</c>), which the API does not take.
/// </summary>
public sealed class ResourceModel(TableService tables, PortalContext p) : PageModel
{
    /// <summary>Points drawn at most: the GeoJSON export has no row cap, so a larger result is not loaded into the browser.</summary>
    public const int MapCap = 5000;
    /// <summary>Groups shown at most by the chart and its table.</summary>
    public const int ChartGroups = 200;

    internal const string ChartBy = "chart_by", ChartAgg = "chart_agg", ChartValue = "chart_value", ChartType = "chart_type";
    private static readonly HashSet<string> PageParams = [ChartBy, ChartAgg, ChartValue, ChartType];
    /// <summary>Operators that need a value: an empty one (a blank form field) is dropped from the URL.</summary>
    private static readonly HashSet<string> ValueOps = [.. Operators.Filters.Except([Operators.IsNull, Operators.IsNotNull])];

    public Resource Resource { get; private set; } = null!;
    public Dataset Dataset { get; private set; } = null!;
    public ResourceTable? Table { get; private set; }
    /// <summary>The ready table, when there is one to query.</summary>
    public TableInfo? Info { get; private set; }

    /// <summary>The tabular API's parameters of this page, in order (sorts keep their order).</summary>
    public List<KeyValuePair<string, string>> Api { get; } = [];
    private readonly List<KeyValuePair<string, string>> own = [];
    /// <summary>A query was stopped (timeout, memory): the page says so with 503, not 400.</summary>
    private bool busy;

    public TableQuery? Query { get; private set; }
    public TablePage? Preview { get; private set; }
    public JsonDocument? Rows { get; private set; }
    /// <summary>The parser's refusals (each names its parameter), or a query stopped by the engine.</summary>
    public List<(string? Field, string Message)> Errors { get; } = [];

    public ChartRequest? Chart { get; private set; }
    public TablePage? ChartPage { get; private set; }
    public JsonDocument? ChartRows { get; private set; }
    public List<(string? Field, string Message)> ChartErrors { get; } = [];

    public JsonObject? Profile { get; private set; }
    public JsonArray? Warnings { get; private set; }

    public string Path => $"/datasets/{Uri.EscapeDataString(Dataset.Slug)}/resources/{Resource.Id}/";
    public string DatasetUrl => $"/datasets/{Uri.EscapeDataString(Dataset.Slug)}/";
    public string ValidationUrl => Path + "validation/";
    public string ApiBase => $"/api/1/resources/{Resource.Id}/";
    public string DownloadUrl => Resource.FileType == "remote" && Resource.Url is { } u ? u
        : $"/api/1/datasets/{Uri.EscapeDataString(Dataset.Slug)}/resources/{Resource.Id}/download";
    public string StatusName => ResourceStatus.Name(Resource);
    public bool HasValidation => Resource.ValidationReport is not null || Resource.ValidationError is not null;
    public bool Filtered => Query is { } q && (q.Filters.Count > 0 || q.Text is not null);

    public async Task<IActionResult> OnGetAsync(string slug, Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var (r, d, t) = await tables.FindAsync(id, p.Actor, ct);
        (Resource, Dataset, Table) = (r, d, t);

        var dropped = false;
        foreach (var (k, v) in TableService.QueryPairs(Request.QueryString.Value))
        {
            if (k == "lang") continue;
            if (PageParams.Contains(k))
            {
                if (v.Length > 0) own.Add(new(k, v)); else dropped = true;
                continue;
            }
            // A blank field of the filter form is no filter: the URL keeps only what filters (and so equals the API's).
            if (v.Trim().Length == 0 && (k is "q" or "page" or "page_size" or "columns" or "after" || ValueOps.Contains(Op(k))))
            {
                dropped = true;
                continue;
            }
            Api.Add(new(k, v));
        }
        // The dataset's own address: an old or wrong slug leads to it.
        if (d.Slug != slug || dropped) return Redirect(Href(Api.Concat(own)));

        if (t is { File: not null } && t.Status != TableStatus.Failed)
        {
            Info = TableInfo.From(t);
            if (t.Profile is not null) Profile = JsonNode.Parse(t.Profile) as JsonObject;
            if (t.Warnings is not null && JsonNode.Parse(t.Warnings) is JsonArray { Count: > 0 } w) Warnings = w;
            await PreviewAsync(Info, ct);
            await ChartAsync(Info, ct);
            if (Errors.Count > 0 || ChartErrors.Count > 0) Response.StatusCode = busy ? 503 : 400;
        }
        return Page();
    }

    private async Task PreviewAsync(TableInfo info, CancellationToken ct)
    {
        try
        {
            Query = tables.Parse(info, Nullable(Api));
            Preview = await tables.PageAsync(info, Query, ct);
            Rows = JsonDocument.Parse(Preview.Data);
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Unavailable)
        {
            Query = null;
            busy |= e.Problem == Problem.Unavailable;
            Collect(e, Errors);
        }
    }

    /// <summary>The chart's aggregate: the page's filters, grouped by one column, one function.</summary>
    private async Task ChartAsync(TableInfo info, CancellationToken ct)
    {
        var by = Own(ChartBy);
        if (by is null) return;
        var agg = Own(ChartAgg) is { } a && Operators.Aggregates.Contains(a) ? a : "count";
        var value = agg == "count" ? by : Own(ChartValue);
        Chart = new ChartRequest(by, agg, Own(ChartValue), Own(ChartType) == "line" ? "line" : "bar");
        if (value is null)
        {
            ChartErrors.Add((ChartValue, p.T("portal.resource.chart.value.required")));
            return;
        }
        var pairs = Api.Where(kv => IsFilter(kv.Key)).ToList();
        pairs.Add(new($"{by}__groupby", ""));
        pairs.Add(new($"{value}__{agg}", ""));
        pairs.Add(new("page_size", ChartGroups.ToString(CultureInfo.InvariantCulture)));
        Chart = Chart with { Alias = $"{value}__{agg}", ApiQuery = Encode(pairs) };
        try
        {
            var q = tables.Parse(info, Nullable(pairs));
            ChartPage = await tables.PageAsync(info, q, ct);
            ChartRows = JsonDocument.Parse(ChartPage.Data);
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Unavailable)
        {
            busy |= e.Problem == Problem.Unavailable;
            // The parser names the API's parameters: the message goes next to the form's field that made it; a bad
            // filter is already reported above the preview.
            foreach (var (field, message) in Collect(e, []))
            {
                if (Errors.Any(x => x.Message == message)) continue;
                var target = field is null || IsFilter(field) ? null : field.EndsWith("__groupby", StringComparison.Ordinal) || agg == "count" ? ChartBy : ChartValue;
                ChartErrors.Add((target, message));
            }
        }
    }

    private List<(string?, string)> Collect(CatalogException e, List<(string? Field, string Message)> into)
    {
        if (e.Errors.Count == 0) into.Add((null, e.Title(p.Lang)));
        foreach (var f in e.Errors) into.Add((f.Field, f.Message(p.Lang)));
        return into;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Nullable(IEnumerable<KeyValuePair<string, string>> pairs) =>
        pairs.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value));

    private string? Own(string key) => own.FirstOrDefault(kv => kv.Key == key).Value is { Length: > 0 } v ? v : null;

    /// <summary>Filters and full text: what the map, the chart and the exports keep of the page's query.</summary>
    internal static bool IsFilter(string key) => key is "q" or "or" or "and" || Operators.Filters.Contains(Op(key));

    private static string Op(string key) => key.LastIndexOf("__", StringComparison.Ordinal) is var i and > 0 ? key[(i + 2)..] : "";

    // ---- links ----------------------------------------------------------------------------------------------------

    /// <summary>This page with its query changed: <paramref name="change"/> edits the API parameters; the page goes back to 1.</summary>
    private string Link(Func<List<KeyValuePair<string, string>>, IEnumerable<KeyValuePair<string, string>>> change) =>
        Href(change(Api.Where(kv => kv.Key is not ("page" or "after")).ToList()).Concat(own));

    public string SortLink(string column, string? direction) => Link(l =>
    {
        l.RemoveAll(kv => kv.Key.EndsWith("__sort", StringComparison.Ordinal));
        if (direction is not null) l.Insert(0, new($"{column}__sort", direction));
        return l;
    });

    public string PageLink(int page) => Link(l =>
    {
        if (page > 1) l.Add(new("page", page.ToString(CultureInfo.InvariantCulture)));
        return l;
    });

    public string RemoveLink(int index) => Link(l => l.Where((_, i) => i != index));

    /// <summary>The API's rows with this page's query (<c>format</c> null), or an export of the whole filtered result.</summary>
    public string DataUrl(string? format = null)
    {
        var pairs = format is null ? Api : Api.Where(kv => kv.Key is not ("page" or "page_size" or "after")).ToList();
        return $"{ApiBase}data/{(format is null ? "" : format + "/")}{(pairs.Count == 0 ? "" : "?" + Encode(pairs))}";
    }

    /// <summary>The GeoJSON of the filtered rows, for the map.</summary>
    public string MapUrl
    {
        get
        {
            var pairs = Api.Where(kv => IsFilter(kv.Key)).ToList();
            return $"{ApiBase}data/geojson/{(pairs.Count == 0 ? "" : "?" + Encode(pairs))}";
        }
    }

    /// <summary>The parameters the form does not show (sorts, other operators, page size): kept as hidden fields.</summary>
    public IEnumerable<KeyValuePair<string, string>> Hidden(ISet<string> shown) =>
        Api.Where(kv => kv.Key is not ("page" or "after" or "q") && !shown.Contains(kv.Key));

    public IEnumerable<KeyValuePair<string, string>> OwnParams => own;

    /// <summary>The first value of a parameter of this page.</summary>
    public string? Value(string key) => Api.FirstOrDefault(kv => kv.Key == key).Value;

    public string? ErrorFor(string key) => Errors.FirstOrDefault(e => e.Field == key).Message;

    private string Href(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var q = Encode(pairs);
        return q.Length == 0 ? Path : Path + "?" + q;
    }

    internal static string Encode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in pairs)
        {
            if (sb.Length > 0) sb.Append('&');
            sb.Append(Uri.EscapeDataString(k));
            // "col__groupby", "col__isnull": a key alone, as the API's documentation writes them.
            if (v.Length > 0) sb.Append('=').Append(Uri.EscapeDataString(v));
        }
        return sb.ToString();
    }

    // ---- what the view draws --------------------------------------------------------------------------------------

    /// <summary>The preview's columns: the grouped columns and aggregates of an aggregated query, else the chosen or all columns.</summary>
    public IReadOnlyList<(string Name, string Type)> PreviewColumns()
    {
        if (Info is null || Query is null) return [];
        if (Query.IsAggregate)
            return [.. Query.GroupBy.Select(g => (g, TypeOf(g))), .. Query.Aggregates.Select(a => (a.Alias, AggregateType(a)))];
        var names = Query.Columns?.Where(n => n != QueryParser.RowId).ToList();
        return [.. Info.Columns.Where(c => names is null || names.Contains(c.Name)).Select(c => (c.Name, c.Type))];
    }

    public string TypeOf(string column) => Info?.Columns.FirstOrDefault(c => c.Name == column)?.Type ?? ColumnTypes.String;

    public string AggregateType(Aggregate a) => a.Function switch
    {
        "count" => ColumnTypes.Integer,
        "sum" or "avg" => ColumnTypes.Number,
        _ => TypeOf(a.Column),
    };

    /// <summary>
    /// A cell as people read it: decimals with the language's separators, booleans as yes/no, empty for null;
    /// <paramref name="counted"/> (an aggregate) groups the thousands of integers too.
    /// </summary>
    public string Cell(JsonElement row, string column, string type, bool counted = false)
    {
        if (!row.TryGetProperty(column, out var v)) return "";
        switch (v.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined: return "";
            case JsonValueKind.True: return p.T("portal.resource.yes");
            case JsonValueKind.False: return p.T("portal.resource.no");
            // Integers of a file are often codes (communes, years, identifiers): written as they are, not as 31 555.
            case JsonValueKind.Number when type is ColumnTypes.Year or ColumnTypes.Integer && !counted: return v.GetRawText();
            case JsonValueKind.Number when v.TryGetInt64(out var l) && type == ColumnTypes.Integer: return p.Number(l);
            case JsonValueKind.Number: return p.Number(v.GetDouble(), 6);
            case JsonValueKind.String: return v.GetString() ?? "";
            default: return v.GetRawText();
        }
    }

    /// <summary>A profile value (a number, a date as text) as people read it.</summary>
    public string ProfileValue(JsonNode? node, string type)
    {
        if (node is not JsonValue v) return "";
        if (v.TryGetValue<double>(out var d))
            return type is ColumnTypes.Year or ColumnTypes.Integer && d == Math.Floor(d) ? d.ToString(CultureInfo.InvariantCulture) : p.Number(d, 3);
        if (v.TryGetValue<bool>(out var b)) return p.T(b ? "portal.resource.yes" : "portal.resource.no");
        return v.ToString();
    }

    /// <summary>The active filters, each with the link that removes it.</summary>
    public IEnumerable<(string Label, string Href)> ActiveFilters()
    {
        for (var i = 0; i < Api.Count; i++)
        {
            var (k, v) = Api[i];
            if (!IsFilter(k)) continue;
            var label = k == "q" ? p.T("portal.resource.filter.text", v)
                : k is "or" or "and" ? $"{k}={v}"
                : p.T("portal.resource.op." + Op(k), k[..k.LastIndexOf("__", StringComparison.Ordinal)], v);
            yield return (label, RemoveLink(i));
        }
    }
}

/// <summary>What the chart builder asked for, and the API query that answers it.</summary>
public sealed record ChartRequest(string By, string Function, string? Value, string Type)
{
    public string Alias { get; init; } = "";
    public string ApiQuery { get; init; } = "";
}
