namespace Socle.Catalog.Model;

/// <summary>One change of a dataset's metadata (status moves included): who, when, what changed and the result.</summary>
public sealed class DatasetRevision
{
    public long Id { get; set; }
    public long DatasetKey { get; set; }
    public int Number { get; set; }
    public Guid? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>JSON array of {field, before, after}.</summary>
    public required string Changes { get; set; }
    /// <summary>JSON of the whole metadata after the change, so any two revisions can be compared.</summary>
    public required string Snapshot { get; set; }
    public string? Note { get; set; }
}

public sealed class Comment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public long DatasetKey { get; set; }
    public Guid AuthorId { get; set; }
    public Account? Author { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A facet value of a dataset (organisation, licence, format, keyword, territory, profile facets), for counts by SQL.</summary>
public sealed class DatasetFacet
{
    public long DatasetKey { get; set; }
    public required string Facet { get; set; }
    public required string Value { get; set; }
}

/// <summary>The analysed terms of a dataset (one row per dataset), indexed by FTS5 on SQLite and GIN tsvector on PostgreSQL.</summary>
public sealed class DatasetSearchText
{
    public long DatasetKey { get; set; }
    public string TitleTerms { get; set; } = "";
    public string KeywordTerms { get; set; } = "";
    public string BodyTerms { get; set; } = "";
}

/// <summary>
/// The catalogue's change counter (one row): every change of a dataset's searchable state takes the next value, so a
/// process's in-memory search index knows what to reload — on one machine or several sharing a PostgreSQL.
/// </summary>
public sealed class CatalogState
{
    /// <summary>Row 1 counts the datasets' changes; row 2 the algorithm register's (its search snapshot follows it).</summary>
    public const int Datasets = 1, Algorithms = 2;

    public int Id { get; set; } = Datasets;
    public long Generation { get; set; }
}

/// <summary>A deleted dataset, remembered with the generation of its deletion so search indexes drop it.</summary>
public sealed class DatasetTombstone
{
    public long DatasetKey { get; set; }
    public long Generation { get; set; }
}
