using System.Text.Json.Nodes;

namespace Socle.Catalog.Model;

/// <summary>
/// An entry of the public algorithm register: the algorithm an administration (its organisation) uses, core fields as
/// columns, the rest as a JSON object checked against the register's profile, with the same publication workflow as
/// datasets. The analysed terms are stored with it, because the register is searched in memory (it holds hundreds of
/// entries, not hundreds of thousands).
/// </summary>
public sealed class Algorithm
{
    public long Key { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>A short description in plain words, Markdown.</summary>
    public string Description { get; set; } = "";
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public Guid? OwnerId { get; set; }
    /// <summary>The catalogue datasets it processes, in the order given.</summary>
    public List<Guid> DatasetIds { get; set; } = [];
    public JsonObject Fields { get; set; } = [];
    public DatasetStatus Status { get; set; } = DatasetStatus.Draft;
    public DateTimeOffset StatusChangedAt { get; set; }
    public Guid? StatusChangedBy { get; set; }
    public string? ReviewNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string TitleTerms { get; set; } = "";
    public string KeywordTerms { get; set; } = "";
    public string BodyTerms { get; set; } = "";
    public int Version { get; set; }
}

/// <summary>One change of an entry, as for datasets: who, when, what changed, and the whole entry after it.</summary>
public sealed class AlgorithmRevision
{
    public long Id { get; set; }
    public long AlgorithmKey { get; set; }
    public int Number { get; set; }
    public Guid? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Changes { get; set; }
    public required string Snapshot { get; set; }
    public string? Note { get; set; }
}
