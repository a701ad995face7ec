using System.Globalization;
using System.Text;
using System.Text.Json;
using Socle.Catalog.Services;

namespace Socle.Tabular.Query;

/// <summary>
/// Reads a query string in data.gouv.fr's tabular syntax — <c>col__exact=v</c>, <c>col__sort=desc</c>,
/// <c>col__groupby</c>, <c>col__sum</c>, <c>columns=</c>, <c>page</c>, <c>page_size</c> — plus Socle's <c>q=</c>,
/// <c>after=</c> (keyset cursor) and <c>or=(…)</c> groups: <c>or=(a__exact=1,b__greater=2,and(c__isnull,d__in="x,y"))</c>,
/// where a value holding <c>,</c> or <c>)</c> is written in double quotes (<c>\"</c> inside). Every column is checked
/// against the table and every value read as its column's type; all mistakes are reported at once.
/// </summary>
public sealed class QueryParser(IReadOnlyList<TableColumn> columns, int defaultPageSize, int maxPageSize)
{
    public const string RowId = "__id";
    private static readonly HashSet<string> Reserved = ["page", "page_size", "columns", "q", "or", "and", "after", "lang"];

    private readonly List<FieldError> errors = [];
    private readonly Dictionary<string, TableColumn> byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public TableQuery Parse(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var filters = new List<Filter>();
        var sort = new List<SortKey>();
        var groupBy = new List<string>();
        var aggregates = new List<Aggregate>();
        var sortsOnAliases = new List<(string Key, string Column, bool Desc)>();
        List<string>? select = null;
        string? text = null, after = null;
        int page = 1, pageSize = defaultPageSize;

        foreach (var (key, raw) in parameters)
        {
            var value = raw ?? "";
            switch (key)
            {
                case "page": page = Int(key, value, 1, int.MaxValue) ?? 1; continue;
                case "page_size": pageSize = Int(key, value, 1, maxPageSize) ?? defaultPageSize; continue;
                case "q": text = value.Trim().Length == 0 ? null : value; continue;
                case "after": after = value; continue;
                case "lang": continue;
                case "columns":
                    select = [];
                    foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        if (name == RowId || Column(key, name) is not null) select.Add(name);
                    continue;
                case "or" or "and":
                    if (Group(key, value, key == "or") is { } g) filters.Add(g);
                    continue;
            }
            var split = key.LastIndexOf("__", StringComparison.Ordinal);
            if (split <= 0)
            {
                errors.Add(Error(key, "unknown-parameter", key));
                continue;
            }
            var (name2, op) = (key[..split], key[(split + 2)..]);
            if (!Operators.Known(op))
            {
                errors.Add(Error(key, "unknown-operator", op, string.Join(", ", Operators.Filters.Concat(Operators.Aggregates).Append(Operators.Sort).Append(Operators.GroupBy))));
                continue;
            }
            if (op == Operators.Sort)
            {
                var desc = value.ToLowerInvariant() switch { "asc" or "" => false, "desc" => true, _ => (bool?)null };
                if (desc is null) { errors.Add(Error(key, "bad-sort", value)); continue; }
                // Sorting an aggregate by its result: "puissance__sum__sort=desc".
                if (!byName.ContainsKey(name2) && name2 != RowId && name2.LastIndexOf("__", StringComparison.Ordinal) is var s2 and > 0
                    && Operators.Aggregates.Contains(name2[(s2 + 2)..]))
                {
                    sortsOnAliases.Add((key, name2, desc.Value));
                    continue;
                }
                if (name2 == RowId || Column(key, name2) is not null) sort.Add(new SortKey(name2, desc.Value));
                continue;
            }
            var column = name2 == RowId ? new TableColumn(RowId, ColumnTypes.Integer) : Column(key, name2);
            if (column is null) continue;
            if (op == Operators.GroupBy) { groupBy.Add(column.Name); continue; }
            if (Operators.Aggregates.Contains(op))
            {
                if (op is "sum" or "avg" && !column.IsNumeric) errors.Add(Error(key, "not-applicable", op, column.Type));
                else aggregates.Add(new Aggregate(column.Name, op));
                continue;
            }
            if (Condition(key, column, op, value) is { } c) filters.Add(c);
        }

        foreach (var (key, alias, desc) in sortsOnAliases)
        {
            if (aggregates.Any(a => a.Alias == alias)) sort.Add(new SortKey(alias, desc));
            else errors.Add(Error(key, "unknown-column", alias, Known()));
        }
        if (groupBy.Count > 0 || aggregates.Count > 0)
        {
            foreach (var s in sort)
                if (!groupBy.Contains(s.Column) && aggregates.All(a => a.Alias != s.Column))
                    errors.Add(Error(s.Column + "__sort", "sort-not-grouped", s.Column));
        }
        Cursor? cursor = null;
        if (after is not null) cursor = ReadCursor(after, sort);
        if (errors.Count > 0) throw new CatalogException(Problem.Invalid, "bad-query", errors);
        return new TableQuery
        {
            Filters = filters, Sort = sort, Columns = select, GroupBy = groupBy, Aggregates = aggregates, Text = text,
            Page = page, PageSize = pageSize, After = cursor,
        };
    }

    private TableColumn? Column(string key, string name)
    {
        if (byName.TryGetValue(name, out var c)) return c;
        errors.Add(Error(key, "unknown-column", name, Known()));
        return null;
    }

    private string Known() => string.Join(", ", byName.Keys.Take(30)) + (byName.Count > 30 ? ", …" : "");

    private Condition? Condition(string key, TableColumn column, string op, string value)
    {
        switch (op)
        {
            case Operators.IsNull or Operators.IsNotNull:
                return new Condition(column.Name, op, []);
            case Operators.Contains or Operators.NotContains:
                if (column.Type != ColumnTypes.String) { errors.Add(Error(key, "not-applicable", op, column.Type)); return null; }
                return new Condition(column.Name, op, [value]);
            case Operators.In or Operators.NotIn:
                {
                    var values = new List<object>();
                    foreach (var v in value.Split(','))
                        if (Typed(key, column, column.Type == ColumnTypes.String ? v : v.Trim()) is { } t) values.Add(t);
                    return values.Count == 0 ? null : new Condition(column.Name, op, values);
                }
            case Operators.Less or Operators.Greater or Operators.StrictlyLess or Operators.StrictlyGreater:
                if (column.Type == ColumnTypes.Boolean) { errors.Add(Error(key, "not-applicable", op, column.Type)); return null; }
                return Typed(key, column, value.Trim()) is { } bound ? new Condition(column.Name, op, [bound]) : null;
            default:
                return Typed(key, column, column.Type == ColumnTypes.String ? value : value.Trim()) is { } exact ? new Condition(column.Name, op, [exact]) : null;
        }
    }

    /// <summary>A request value read as the column's type, so DuckDB compares like with like (and gets a bound parameter).</summary>
    private object? Typed(string key, TableColumn column, string value)
    {
        var ok = Read(column.Type, value, out var typed);
        if (!ok) errors.Add(Error(key, "bad-value", value, column.Type));
        return ok ? typed : null;
    }

    internal static bool Read(string type, string value, out object typed)
    {
        typed = value;
        var inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case ColumnTypes.Integer:
                if (long.TryParse(value, NumberStyles.AllowLeadingSign, inv, out var l)) { typed = l; return true; }
                return false;
            case ColumnTypes.Year:
                if (int.TryParse(value, NumberStyles.AllowLeadingSign, inv, out var y)) { typed = y; return true; }
                return false;
            case ColumnTypes.Number:
                if (double.TryParse(value, NumberStyles.Float, inv, out var d) && double.IsFinite(d)) { typed = d; return true; }
                return false;
            case ColumnTypes.Boolean:
                switch (value.ToLowerInvariant())
                {
                    case "true" or "1" or "oui" or "yes": typed = true; return true;
                    case "false" or "0" or "non" or "no": typed = false; return true;
                    default: return false;
                }
            case ColumnTypes.Date:
                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date)) { typed = date; return true; }
                return false;
            case ColumnTypes.DateTime:
                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", inv, DateTimeStyles.None, out var day)) { typed = day.ToDateTime(TimeOnly.MinValue); return true; }
                if (DateTime.TryParse(value, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt)) { typed = DateTime.SpecifyKind(dt, DateTimeKind.Unspecified); return true; }
                return false;
            case ColumnTypes.Time:
                if (TimeOnly.TryParse(value, inv, out var t)) { typed = t; return true; }
                return false;
            default:
                return true;
        }
    }

    private int? Int(string key, string value, int min, int max)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        errors.Add(Error(key, "bad-integer", value, min, max));
        return null;
    }

    // --- or=(…) groups -------------------------------------------------------------------------------------------

    private FilterGroup? Group(string key, string text, bool any)
    {
        var pos = 0;
        var before = errors.Count;
        var group = ReadGroup(key, text, ref pos, any);
        SkipSpaces(text, ref pos);
        if (group is not null && pos != text.Length) errors.Add(Error(key, "bad-group", pos + 1, text));
        return errors.Count == before ? group : null;
    }

    private FilterGroup? ReadGroup(string key, string text, ref int pos, bool any)
    {
        SkipSpaces(text, ref pos);
        if (pos >= text.Length || text[pos] != '(') { errors.Add(Error(key, "bad-group", pos + 1, text)); return null; }
        pos++;
        var items = new List<Filter>();
        while (true)
        {
            SkipSpaces(text, ref pos);
            var start = pos;
            while (pos < text.Length && text[pos] is not ('=' or ',' or ')' or '(')) pos++;
            var name = text[start..pos].Trim();
            if (pos < text.Length && text[pos] == '(' && name is "or" or "and")
            {
                var inner = ReadGroup(key, text, ref pos, name == "or");
                if (inner is null) return null;
                items.Add(inner);
            }
            else
            {
                string? value = null;
                if (pos < text.Length && text[pos] == '=')
                {
                    pos++;
                    value = ReadValue(key, text, ref pos);
                    if (value is null) return null;
                }
                var split = name.LastIndexOf("__", StringComparison.Ordinal);
                if (split <= 0) { errors.Add(Error(key, "bad-group", start + 1, text)); return null; }
                var (col, op) = (name[..split], name[(split + 2)..]);
                if (!Operators.Filters.Contains(op)) { errors.Add(Error(key, "unknown-operator", op, string.Join(", ", Operators.Filters))); return null; }
                var column = col == RowId ? new TableColumn(RowId, ColumnTypes.Integer) : Column(key, col);
                if (column is null) return null;
                if (Condition(key, column, op, value ?? "") is { } c) items.Add(c);
                else return null;
            }
            SkipSpaces(text, ref pos);
            if (pos < text.Length && text[pos] == ',') { pos++; continue; }
            if (pos < text.Length && text[pos] == ')') { pos++; break; }
            errors.Add(Error(key, "bad-group", pos + 1, text));
            return null;
        }
        return new FilterGroup(any, items);
    }

    private string? ReadValue(string key, string text, ref int pos)
    {
        if (pos < text.Length && text[pos] == '"')
        {
            var sb = new StringBuilder();
            pos++;
            while (pos < text.Length)
            {
                var ch = text[pos++];
                if (ch == '\\' && pos < text.Length) { sb.Append(text[pos++]); continue; }
                if (ch == '"') return sb.ToString();
                sb.Append(ch);
            }
            errors.Add(Error(key, "bad-group", pos, text));
            return null;
        }
        var start = pos;
        while (pos < text.Length && text[pos] is not (',' or ')')) pos++;
        return text[start..pos];
    }

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    // --- keyset cursors --------------------------------------------------------------------------------------------

    /// <summary>A cursor is base64url JSON: <c>[rowid, sort value…]</c>; it is only valid with the same sort.</summary>
    public static string WriteCursor(Cursor cursor)
    {
        var values = new List<object?> { cursor.RowId };
        foreach (var v in cursor.SortValues)
            values.Add(v switch
            {
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
                TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                _ => v,
            });
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(values)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private Cursor? ReadCursor(string token, IReadOnlyList<SortKey> sort)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            using var doc = JsonDocument.Parse(Convert.FromBase64String(b64));
            var items = doc.RootElement.EnumerateArray().ToList();
            if (items.Count != sort.Count + 1 || items[0].ValueKind != JsonValueKind.Number) throw new FormatException();
            var values = new List<object?>();
            for (var i = 0; i < sort.Count; i++)
            {
                var e = items[i + 1];
                if (e.ValueKind == JsonValueKind.Null) { values.Add(null); continue; }
                var type = sort[i].Column == RowId ? ColumnTypes.Integer : byName.TryGetValue(sort[i].Column, out var c) ? c.Type : ColumnTypes.String;
                var text = e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
                if (type == ColumnTypes.DateTime && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dt)) { values.Add(dt); continue; }
                if (!Read(type, text, out var typed)) throw new FormatException();
                values.Add(typed);
            }
            return new Cursor(items[0].GetInt64(), values);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            errors.Add(Error("after", "bad-cursor"));
            return null;
        }
    }

    private static FieldError Error(string field, string code, params object?[] args) =>
        new(field, code, "tabular.error." + code, [field, .. args]);
}
