using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Socle.Catalog.Model;
using Socle.Storage.Database;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Data;

/// <summary>
/// The catalogue's tables. One subclass per provider (<see cref="SqliteCatalogDb"/>, <see cref="PostgresCatalogDb"/>)
/// so each has its own migrations, as EF Core requires when the SQL differs (FTS5 on one side, tsvector on the other).
/// </summary>
public abstract class CatalogDb(DbContextOptions options) : IdentityUserContext<Account, Guid>(options), IJobsDb
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<License> Licenses => Set<License>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<Resource> Resources => Set<Resource>();
    public DbSet<ResourceTable> ResourceTables => Set<ResourceTable>();
    public DbSet<DatasetRevision> Revisions => Set<DatasetRevision>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<DatasetFacet> Facets => Set<DatasetFacet>();
    public DbSet<DatasetSearchText> SearchTexts => Set<DatasetSearchText>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<CatalogState> State => Set<CatalogState>();
    public DbSet<DatasetTombstone> Tombstones => Set<DatasetTombstone>();
    public DbSet<Algorithm> Algorithms => Set<Algorithm>();
    public DbSet<AlgorithmRevision> AlgorithmRevisions => Set<AlgorithmRevision>();
    public DbSet<HarvestSource> HarvestSources => Set<HarvestSource>();
    public DbSet<HarvestRun> HarvestRuns => Set<HarvestRun>();
    public DbSet<HarvestLink> HarvestLinks => Set<HarvestLink>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite cannot compare or sort DateTimeOffset in SQL: store instants as UTC Unix milliseconds there.
        if (Provider == DatabaseProvider.Sqlite)
            builder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        JobsModel.Configure(b);

        b.Entity<Account>(e => e.Property(a => a.DisplayName).HasMaxLength(200));

        b.Entity<Organization>(e =>
        {
            e.HasIndex(o => o.Slug).IsUnique();
            e.Property(o => o.Slug).HasMaxLength(100);
            e.Property(o => o.Name).HasMaxLength(300);
        });
        b.Entity<Membership>(e =>
        {
            e.HasKey(m => new { m.OrganizationId, m.AccountId });
            e.HasOne(m => m.Organization).WithMany(o => o.Members).HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Account).WithMany(a => a.Memberships).HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.Prefix).IsUnique();
            e.HasOne(k => k.Account).WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<License>(e =>
        {
            e.Property(l => l.Id).HasMaxLength(64);
            e.Property(l => l.Aliases).HasConversion(StringArrayAsJson.Converter, StringArrayAsJson.Comparer);
            e.HasData(BuiltInLicenses.All);
        });
        b.Entity<Dataset>(e =>
        {
            e.HasKey(d => d.Key);
            e.HasIndex(d => d.Id).IsUnique();
            e.HasIndex(d => d.Slug).IsUnique();
            e.HasIndex(d => new { d.Status, d.UpdatedAt });
            e.HasIndex(d => d.OrganizationId);
            e.HasIndex(d => d.SearchGeneration);
            e.Property(d => d.Slug).HasMaxLength(200);
            e.Property(d => d.Title).HasMaxLength(500);
            e.Property(d => d.Keywords).HasConversion(StringListAsJson.Converter, StringListAsJson.Comparer);
            e.Property(d => d.Territories).HasConversion(StringListAsJson.Converter, StringListAsJson.Comparer);
            e.Property(d => d.Extras).HasConversion(JsonObjectAsText.Converter, JsonObjectAsText.Comparer);
            e.Property(d => d.Version).IsConcurrencyToken();
            e.HasOne(d => d.Organization).WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(d => d.License).WithMany().HasForeignKey(d => d.LicenseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<HarvestSource>().WithMany().HasForeignKey(d => d.HarvestSourceId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<HarvestSource>(e =>
        {
            e.ToTable("harvest_sources");
            e.HasIndex(s => s.Slug).IsUnique();
            e.HasIndex(s => s.NextRunAt);
            e.Property(s => s.Slug).HasMaxLength(100);
            e.Property(s => s.Name).HasMaxLength(300);
            e.Property(s => s.Type).HasMaxLength(16);
            e.Property(s => s.Frequency).HasMaxLength(16);
            e.Property(s => s.Url).HasMaxLength(2000);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasOne(s => s.Organization).WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<HarvestRun>(e =>
        {
            e.ToTable("harvest_runs");
            e.HasIndex(r => new { r.SourceId, r.CreatedAt });
            e.HasOne(r => r.Source).WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<HarvestLink>(e =>
        {
            e.ToTable("harvest_links");
            e.HasKey(l => l.DatasetKey);
            e.Property(l => l.DatasetKey).ValueGeneratedNever();
            // One dataset per remote id and source: a second run can never duplicate it.
            e.HasIndex(l => new { l.SourceId, l.RemoteId }).IsUnique();
            e.HasIndex(l => new { l.SourceId, l.RemoteUri });
            e.Property(l => l.RemoteId).HasMaxLength(500);
            e.Property(l => l.RemoteUri).HasMaxLength(2000);
            e.HasOne<Dataset>().WithOne().HasForeignKey<HarvestLink>(l => l.DatasetKey).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<HarvestSource>().WithMany().HasForeignKey(l => l.SourceId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Resource>(e =>
        {
            e.HasOne(r => r.Dataset).WithMany(d => d.Resources).HasForeignKey(r => r.DatasetKey).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.DatasetKey, r.Position });
            e.Property(r => r.Title).HasMaxLength(500);
        });
        b.Entity<ResourceTable>(e =>
        {
            e.HasKey(t => t.ResourceId);
            e.HasOne<Resource>().WithOne(r => r.Table).HasForeignKey<ResourceTable>(t => t.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DatasetRevision>(e =>
        {
            e.ToTable("dataset_revisions");
            e.HasIndex(r => new { r.DatasetKey, r.Number }).IsUnique();
            e.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetKey).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Comment>(e =>
        {
            e.HasIndex(c => new { c.DatasetKey, c.CreatedAt });
            e.HasOne<Dataset>().WithMany().HasForeignKey(c => c.DatasetKey).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DatasetFacet>(e =>
        {
            e.ToTable("dataset_facets");
            e.HasKey(f => new { f.Facet, f.Value, f.DatasetKey });
            e.HasIndex(f => f.DatasetKey);
            e.Property(f => f.Facet).HasMaxLength(64);
            e.Property(f => f.Value).HasMaxLength(300);
            e.HasOne<Dataset>().WithMany().HasForeignKey(f => f.DatasetKey).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CatalogState>(e =>
        {
            e.ToTable("catalog_state");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasData(new CatalogState { Id = CatalogState.Datasets, Generation = 0 }, new CatalogState { Id = CatalogState.Algorithms, Generation = 0 });
        });
        b.Entity<DatasetTombstone>(e =>
        {
            e.ToTable("dataset_tombstones");
            e.HasKey(x => new { x.Generation, x.DatasetKey });
        });
        b.Entity<Algorithm>(e =>
        {
            e.HasKey(a => a.Key);
            e.HasIndex(a => a.Id).IsUnique();
            e.HasIndex(a => a.Slug).IsUnique();
            e.HasIndex(a => new { a.Status, a.UpdatedAt });
            e.HasIndex(a => a.OrganizationId);
            e.Property(a => a.Slug).HasMaxLength(200);
            e.Property(a => a.Name).HasMaxLength(500);
            e.Property(a => a.DatasetIds).HasConversion(GuidListAsJson.Converter, GuidListAsJson.Comparer);
            e.Property(a => a.Fields).HasConversion(JsonObjectAsText.Converter, JsonObjectAsText.Comparer);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<AlgorithmRevision>(e =>
        {
            e.ToTable("algorithm_revisions");
            e.HasIndex(r => new { r.AlgorithmKey, r.Number }).IsUnique();
            e.HasOne<Algorithm>().WithMany().HasForeignKey(r => r.AlgorithmKey).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DatasetSearchText>(e =>
        {
            e.ToTable("dataset_search_texts");
            e.HasKey(s => s.DatasetKey);
            e.Property(s => s.DatasetKey).ValueGeneratedNever();
            e.HasOne<Dataset>().WithOne().HasForeignKey<DatasetSearchText>(s => s.DatasetKey).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

/// <summary>UTC Unix milliseconds: sortable and comparable in SQLite, readable by a human with a calculator.</summary>
internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));

internal static class StringListAsJson
{
    public static readonly ValueConverter<List<string>, string> Converter = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>());
    public static readonly ValueComparer<List<string>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToList());
}

internal static class GuidListAsJson
{
    public static readonly ValueConverter<List<Guid>, string> Converter = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<List<Guid>>(v, (JsonSerializerOptions?)null) ?? new List<Guid>());
    public static readonly ValueComparer<List<Guid>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, g) => HashCode.Combine(h, g.GetHashCode())), v => v.ToList());
}

internal static class StringArrayAsJson
{
    public static readonly ValueConverter<string[], string> Converter = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<string[]>(v, (JsonSerializerOptions?)null) ?? Array.Empty<string>());
    public static readonly ValueComparer<string[]> Comparer = new(
        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToArray());
}

internal static class JsonObjectAsText
{
    public static readonly ValueConverter<JsonObject, string> Converter = new(
        v => v.ToJsonString((JsonSerializerOptions?)null),
        v => (JsonNode.Parse(v, null, default) as JsonObject) ?? new JsonObject());
    public static readonly ValueComparer<JsonObject> Comparer = new(
        (a, b) => JsonNode.DeepEquals(a, b), v => v.ToJsonString((JsonSerializerOptions?)null).GetHashCode(),
        v => (JsonObject)v.DeepClone());
}

public sealed class SqliteCatalogDb(DbContextOptions<SqliteCatalogDb> options) : CatalogDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresCatalogDb(DbContextOptions<PostgresCatalogDb> options) : CatalogDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
