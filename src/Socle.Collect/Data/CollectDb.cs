using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Socle.Collect.Model;
using Socle.Storage.Database;
using Socle.Storage.Jobs;

namespace Socle.Collect.Data;

/// <summary>
/// The collections' tables, in the catalogue's database but with their own migrations (history table
/// <c>__collect_migrations</c>), so the catalogue knows nothing of them. The jobs table is the catalogue's: mapped
/// here, excluded from these migrations, so an import's job is queued in the import's own transaction.
/// </summary>
public abstract class CollectDb(DbContextOptions options) : DbContext(options), IJobsDb
{
    public const string HistoryTable = "__collect_migrations";

    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<CollectionMember> Members => Set<CollectionMember>();
    public DbSet<CrosswalkEntry> Crosswalks => Set<CrosswalkEntry>();
    public DbSet<CollectRecord> Records => Set<CollectRecord>();
    public DbSet<RecordRevision> Revisions => Set<RecordRevision>();
    public DbSet<SourceValues> SourceValues => Set<SourceValues>();
    public DbSet<Conflict> Conflicts => Set<Conflict>();
    public DbSet<RecordEvent> Events => Set<RecordEvent>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<ImportBatch> Imports => Set<ImportBatch>();
    public DbSet<Job> Jobs => Set<Job>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // As in the catalogue: SQLite cannot compare DateTimeOffset in SQL, so instants are UTC Unix milliseconds there.
        if (Provider == DatabaseProvider.Sqlite)
            builder.Properties<DateTimeOffset>().HaveConversion<Socle.Catalog.Data.UnixMillisecondsConverter>();
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        JobsModel.Configure(b);
        b.Entity<Job>().ToTable("jobs", t => t.ExcludeFromMigrations());

        b.Entity<Collection>(e =>
        {
            e.ToTable("collections");
            e.HasIndex(c => c.Slug).IsUnique();
            e.Property(c => c.Slug).HasMaxLength(100);
            e.Property(c => c.Title).HasMaxLength(300);
            e.Property(c => c.Template).HasMaxLength(100);
            // Edits of the collection itself; record writes move NextNumber and Changes by atomic increments instead.
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        b.Entity<CollectionMember>(e =>
        {
            e.ToTable("collection_members");
            e.HasKey(m => new { m.CollectionId, m.AccountId });
            e.Property(m => m.Territories).HasConversion(Socle.Catalog.Data.StringArrayAsJson.Converter, Socle.Catalog.Data.StringArrayAsJson.Comparer);
            e.HasOne<Collection>().WithMany().HasForeignKey(m => m.CollectionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CrosswalkEntry>(e =>
        {
            e.ToTable("collect_crosswalks");
            e.HasIndex(c => new { c.CollectionId, c.Name }).IsUnique();
            e.Property(c => c.Name).HasMaxLength(100);
            e.HasOne<Collection>().WithMany().HasForeignKey(c => c.CollectionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CollectRecord>(e =>
        {
            e.ToTable("collect_records");
            e.HasIndex(r => new { r.CollectionId, r.Number }).IsUnique();
            e.HasIndex(r => new { r.CollectionId, r.ExternalId });
            e.HasIndex(r => new { r.CollectionId, r.NameKey });
            e.HasIndex(r => new { r.CollectionId, r.Region, r.Departement });
            e.Property(r => r.Version).IsConcurrencyToken();
            foreach (var p in new[] { "Label", "NameKey" }) e.Property(p).HasMaxLength(400);
            foreach (var p in new[] { "Stage", "Region", "Departement", "Commune", "Category", "ExternalId" }) e.Property(p).HasMaxLength(100);
            e.HasOne<Collection>().WithMany().HasForeignKey(r => r.CollectionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RecordRevision>(e =>
        {
            e.ToTable("collect_revisions");
            e.HasIndex(r => new { r.RecordId, r.Version }).IsUnique();
            // "As of D": per record, the last revision valid on D — read along this index.
            e.HasIndex(r => new { r.CollectionId, r.RecordId, r.ValidFrom, r.Version });
            e.HasIndex(r => r.ImportId);
            e.Property(r => r.Source).HasMaxLength(100);
            e.Property(r => r.AuthorName).HasMaxLength(200);
            e.Property(r => r.Label).HasMaxLength(400);
            foreach (var p in new[] { "Region", "Departement", "Category" }) e.Property(p).HasMaxLength(100);
            e.HasOne<CollectRecord>().WithMany().HasForeignKey(r => r.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SourceValues>(e =>
        {
            e.ToTable("collect_source_values");
            e.HasKey(s => new { s.RecordId, s.Source });
            e.HasIndex(s => s.CollectionId);
            e.Property(s => s.Source).HasMaxLength(100);
            e.HasOne<CollectRecord>().WithMany().HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Conflict>(e =>
        {
            e.ToTable("collect_conflicts");
            e.HasIndex(c => new { c.CollectionId, c.Status });
            e.HasIndex(c => new { c.RecordId, c.Field });
            e.Property(c => c.Field).HasMaxLength(100);
            e.Property(c => c.ResolvedByName).HasMaxLength(200);
            e.HasOne<CollectRecord>().WithMany().HasForeignKey(c => c.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RecordEvent>(e =>
        {
            e.ToTable("collect_events");
            e.HasIndex(v => new { v.RecordId, v.Date });
            e.HasIndex(v => new { v.CollectionId, v.Type, v.Date });
            e.Property(v => v.Type).HasMaxLength(100);
            e.Property(v => v.Stage).HasMaxLength(100);
            e.Property(v => v.Source).HasMaxLength(100);
            e.Property(v => v.AuthorName).HasMaxLength(200);
            e.HasOne<CollectRecord>().WithMany().HasForeignKey(v => v.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Measure>(e =>
        {
            e.ToTable("collect_measures");
            e.HasIndex(m => new { m.RecordId, m.Name, m.Period });
            e.HasIndex(m => new { m.CollectionId, m.Name, m.Period });
            e.Property(m => m.Name).HasMaxLength(100);
            e.Property(m => m.Period).HasMaxLength(16);
            e.Property(m => m.Source).HasMaxLength(100);
            e.HasOne<CollectRecord>().WithMany().HasForeignKey(m => m.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ImportBatch>(e =>
        {
            e.ToTable("collect_imports");
            e.HasIndex(i => new { i.CollectionId, i.CreatedAt });
            e.Property(i => i.FileName).HasMaxLength(300);
            e.Property(i => i.BlobKey).HasMaxLength(200);
            e.Property(i => i.CrosswalkName).HasMaxLength(100);
            e.Property(i => i.Source).HasMaxLength(100);
            e.Property(i => i.CreatedByName).HasMaxLength(200);
            e.Property(i => i.Territories).HasConversion(Socle.Catalog.Data.StringArrayAsJson.Converter, Socle.Catalog.Data.StringArrayAsJson.Comparer);
            e.HasOne<Collection>().WithMany().HasForeignKey(i => i.CollectionId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>Options for the given store, with this module's own migrations history table.</summary>
    internal static DbContextOptions<T> OptionsFor<T>(DatabaseOptions database) where T : CollectDb
    {
        var builder = new DbContextOptionsBuilder<T>();
        database.Apply(builder);
        if (database.IsSqlite)
            builder.UseSqlite(database.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable));
        else
            builder.UseNpgsql(database.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable));
        return builder.Options;
    }

    internal static CollectDb Create(DatabaseOptions database) => database.IsSqlite
        ? new SqliteCollectDb(OptionsFor<SqliteCollectDb>(database))
        : new PostgresCollectDb(OptionsFor<PostgresCollectDb>(database));
}

public sealed class SqliteCollectDb(DbContextOptions<SqliteCollectDb> options) : CollectDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresCollectDb(DbContextOptions<PostgresCollectDb> options) : CollectDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

// For `dotnet ef migrations add X --context SqliteCollectDb|PostgresCollectDb --output-dir Data/Migrations/Sqlite|Postgres`.
internal sealed class SqliteCollectDesignFactory : IDesignTimeDbContextFactory<SqliteCollectDb>
{
    public SqliteCollectDb CreateDbContext(string[] args) => new(CollectDb.OptionsFor<SqliteCollectDb>(DatabaseOptions.Sqlite("design.db")));
}

internal sealed class PostgresCollectDesignFactory : IDesignTimeDbContextFactory<PostgresCollectDb>
{
    public PostgresCollectDb CreateDbContext(string[] args) => new(CollectDb.OptionsFor<PostgresCollectDb>(DatabaseOptions.Postgres("Host=localhost;Database=socle")));
}
