namespace Socle.Tabular.Query;

/// <summary>A request on a table, in data.gouv.fr's tabular vocabulary, parsed and checked against the table's columns.</summary>
public sealed record TableQuery
{
    /// <summary>Conditions that must all hold (each may be an or/and group).</summary>
    public IReadOnlyList<Filter> Filters { get; init; } = [];
    public IReadOnlyList<SortKey> Sort { get; init; } = [];
    /// <summary>The columns to return (<c>columns=</c>); null for all.</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    public IReadOnlyList<string> GroupBy { get; init; } = [];
    public IReadOnlyList<Aggregate> Aggregates { get; init; } = [];
    /// <summary>Full text (<c>q=</c>): rows having every word in one of the searchable columns.</summary>
    public string? Text { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
    /// <summary>Keyset cursor (<c>after=</c>): the page starts after this row, whatever <see cref="Page"/> says.</summary>
    public Cursor? After { get; init; }

    public bool IsAggregate => GroupBy.Count > 0 || Aggregates.Count > 0;
}

public abstract record Filter;

/// <summary><c>column__op=value</c>; <see cref="Values"/> are already read as the column's type (one, or several for in/notin).</summary>
public sealed record Condition(string Column, string Operator, IReadOnlyList<object> Values) : Filter;

/// <summary><c>or=(…)</c> / <c>and(…)</c>.</summary>
public sealed record FilterGroup(bool Any, IReadOnlyList<Filter> Items) : Filter;

public sealed record SortKey(string Column, bool Descending);

public sealed record Aggregate(string Column, string Function)
{
    public string Alias => Column + "__" + Function;
}

/// <summary>Where a page ended: the sort values of its last row and that row's rowid.</summary>
public sealed record Cursor(long RowId, IReadOnlyList<object?> SortValues);

public static class Operators
{
    public const string Exact = "exact", Differs = "differs", Contains = "contains", NotContains = "notcontains",
        In = "in", NotIn = "notin", Less = "less", Greater = "greater", StrictlyLess = "strictly_less",
        StrictlyGreater = "strictly_greater", IsNull = "isnull", IsNotNull = "isnotnull";

    public static readonly string[] Filters = [Exact, Differs, Contains, NotContains, In, NotIn, Less, Greater, StrictlyLess, StrictlyGreater, IsNull, IsNotNull];
    public static readonly string[] Aggregates = ["count", "sum", "avg", "min", "max"];
    public const string Sort = "sort", GroupBy = "groupby";

    public static bool Known(string op) => Filters.Contains(op) || Aggregates.Contains(op) || op is Sort or GroupBy;
}
