using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Search;

namespace Socle.Bench;

/// <summary>
/// <c>catalog-load</c>: fills a catalogue (SQLite in the data folder, or PostgreSQL) with generated published datasets,
/// in batches: one transaction and one fresh DbContext per batch; the datasets (with their resources) are inserted,
/// then <see cref="DatasetIndexer.RefreshAsync"/> computes each one's quality, search terms and facets as Socle does
/// on every change. A catalogue that already holds exactly the requested datasets (same seed) is reused as it is.
/// </summary>
internal static class CatalogLoad
{
    public static async Task<int> RunAsync(string[] argv)
    {
        var a = CatalogArgs.Parse(argv);
        if (a.Datasets < 1) throw new ArgumentException("--datasets must be at least 1");
        if (a.Postgres is not null) await EnsurePostgresDatabaseAsync(a.Postgres, drop: false);

        var sp = a.BuildServices();
        // A catalogue made by another version of Socle's schema (its migrations are not this build's) is emptied first.
        var state = await ForeignSchemaAsync(sp) ? Existing.Other : Existing.Empty;
        if (state == Existing.Empty)
        {
            await CatalogModule.MigrateAsync(sp);
            state = await ExistingAsync(sp, a);
        }
        if (state == Existing.Same)
        {
            Console.WriteLine($"catalog-load: {Where(a)} already holds the {a.Datasets} generated datasets (seed {a.Seed}): reused");
            // The figures of the run that loaded it, when it left them.
            var saved = Path.Combine(a.Data!, LoadFigures);
            if (File.Exists(saved))
            {
                var row = await File.ReadAllTextAsync(saved);
                Console.WriteLine("  as loaded then: " + row.Trim().Replace('\t', ' '));
                if (a.Tsv is not null) await File.AppendAllTextAsync(a.Tsv, row);
            }
            await sp.DisposeAsync();
            return 0;
        }
        if (state == Existing.Other)
        {
            Console.Error.WriteLine($"catalog-load: {Where(a)} holds another catalogue (or another schema version): emptied first");
            await sp.DisposeAsync();
            if (a.Postgres is null)
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    File.Delete(Path.Combine(a.Data!, "socle.db" + suffix));
            }
            else
            {
                NpgsqlConnection.ClearAllPools();
                await EnsurePostgresDatabaseAsync(a.Postgres, drop: true);
            }
            sp = a.BuildServices();
            await CatalogModule.MigrateAsync(sp);
        }

        File.Delete(Path.Combine(a.Data!, LoadFigures));
        await using (sp)
        {
            var orgs = CatalogData.BuildOrganizations(a.Seed);
            using (var scope = sp.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                db.Organizations.AddRange(orgs);
                await db.SaveChangesAsync();
            }
            var bySlug = orgs.ToDictionary(o => o.Slug);

            Console.Error.WriteLine($"catalog-load: {a.Datasets} datasets into {Where(a)}, batches of {a.BatchSize}, seed {a.Seed}" +
                (a.EfOnly ? ", every row through EF's SaveChanges" : ", index rows by bulk insert"));
            var total = Stopwatch.StartNew();
            TimeSpan generate = default, insert = default, index = default, save = default;
            var interactive = !Console.IsErrorRedirected;
            var lastReport = 0L;
            for (long start = 0; start < a.Datasets; start += a.BatchSize)
            {
                var end = Math.Min(a.Datasets, start + a.BatchSize);
                using var scope = sp.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                var indexer = scope.ServiceProvider.GetRequiredService<DatasetIndexer>();
                var t = Stopwatch.StartNew();
                var batch = new List<Dataset>((int)(end - start));
                for (var i = start; i < end; i++) batch.Add(CatalogData.BuildDataset(a.Seed, i, bySlug));
                generate += t.Elapsed;

                t.Restart();
                if (a.Postgres is null)
                {
                    // Loading only, on this connection (the pool keeps it; Socle's interceptor sets its own pragmas again on
                    // each open, these come after): a page cache that holds the growing indexes (default 2 MB), no sync
                    // (the data is regenerated if lost) and fewer, larger WAL checkpoints. The measuring processes open
                    // their own connections with Socle's settings only.
                    await db.Database.OpenConnectionAsync();
                    await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144; PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 16384");
                }
                await using var tx = await db.Database.BeginTransactionAsync();
                db.Datasets.AddRange(batch);
                await db.SaveChangesAsync();
                insert += t.Elapsed;

                t.Restart();
                foreach (var d in batch)
                {
                    // Its resources are all in memory: no need for the indexer to read them back.
                    db.Entry(d).Collection(x => x.Resources).IsLoaded = true;
                    await indexer.RefreshAsync(d);
                }
                index += t.Elapsed;

                t.Restart();
                if (!a.EfOnly) await BulkInsertIndexRowsAsync(db);
                await db.SaveChangesAsync();
                await tx.CommitAsync();
                save += t.Elapsed;

                if (interactive)
                    Console.Error.Write($"\r  {end,9:N0} / {a.Datasets:N0}  {end / total.Elapsed.TotalSeconds,8:N0} datasets/s  ");
                else if (end * 10 / a.Datasets > lastReport * 10 / a.Datasets || end == a.Datasets)
                    Console.Error.WriteLine($"  {end,9:N0} / {a.Datasets:N0}  {end / total.Elapsed.TotalSeconds,8:N0} datasets/s  ({total.Elapsed.TotalSeconds:F0} s)");
                lastReport = end;
            }
            if (interactive) Console.Error.WriteLine();
            var loadSeconds = total.Elapsed.TotalSeconds;

            var t2 = Stopwatch.StartNew();
            using (var scope = sp.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
                // PostgreSQL: what autovacuum would do shortly after such a load (statistics, visibility map), done now so
                // that the measurements do not depend on when it runs. SQLite: only a WAL checkpoint (Socle runs no ANALYZE).
                await db.Database.ExecuteSqlRawAsync(a.Postgres is null ? "PRAGMA wal_checkpoint(TRUNCATE)" : "VACUUM ANALYZE");
            }
            var finish = t2.Elapsed.TotalSeconds;

            var (rows, counts) = await CountRowsAsync(sp);
            var size = await SizeAsync(sp, a);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv,
                $"loaded {a.Datasets} datasets into {a.DatabaseName} in {loadSeconds:F1} s: {a.Datasets / loadSeconds:F0} datasets/s, {rows / loadSeconds:F0} rows/s ({rows} rows: {counts})"));
            Console.WriteLine(string.Create(inv,
                $"  time split: generate {generate.TotalSeconds:F1} s, insert datasets+resources (EF) {insert.TotalSeconds:F1} s, RefreshAsync {index.TotalSeconds:F1} s, save index rows ({(a.EfOnly ? "EF" : "bulk")}) + quality (EF) + commit {save.TotalSeconds:F1} s; then {(a.Postgres is null ? "WAL checkpoint" : "VACUUM ANALYZE")} {finish:F1} s; database size {size / 1e6:F0} MB"));
            Stats.Row(a.Tsv, a.DatabaseName, "load", "load", loadSeconds, finish, size / 1e6, a.Datasets / loadSeconds, rows, a.Datasets);
            Stats.Row(Path.Combine(a.Data!, LoadFigures), a.DatabaseName, "load", "load", loadSeconds, finish, size / 1e6, a.Datasets / loadSeconds, rows, a.Datasets);
        }
        return 0;
    }

    /// <summary>The load's result row, kept in the data folder for the runs that reuse the catalogue.</summary>
    private const string LoadFigures = "bench-load.tsv";

    private enum Existing { Empty, Same, Other }

    /// <summary>True when the database has migrations applied that this build does not know (an older or newer schema).</summary>
    private static async Task<bool> ForeignSchemaAsync(IServiceProvider sp)
    {
        using var scope = sp.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var known = db.Database.GetMigrations().ToHashSet();
        var applied = await db.Database.GetAppliedMigrationsAsync();
        return applied.Any(m => !known.Contains(m));
    }

    /// <summary>
    /// Writes the facet and search-text rows RefreshAsync added to the change tracker with one prepared INSERT per table
    /// (SQLite; its FTS5 trigger fires as for EF's inserts) or binary COPY (PostgreSQL; the tsvector column is generated),
    /// in the batch's transaction, then detaches them: the same rows as SaveChanges writes, without EF's per-row cost
    /// (at 100,000 datasets EF took more than half of the load to save these two million rows). SaveChanges then
    /// writes what is left: each dataset's quality score.
    /// </summary>
    private static async Task BulkInsertIndexRowsAsync(CatalogDb db)
    {
        var facets = db.ChangeTracker.Entries<DatasetFacet>().Where(e => e.State == EntityState.Added).ToList();
        var texts = db.ChangeTracker.Entries<DatasetSearchText>().Where(e => e.State == EntityState.Added).ToList();
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("no transaction");
        if (conn is NpgsqlConnection pg)
        {
            await using (var copy = await pg.BeginBinaryImportAsync("COPY dataset_facets (dataset_key, facet, value) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var f in facets.Select(e => e.Entity))
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(f.DatasetKey, NpgsqlTypes.NpgsqlDbType.Bigint);
                    await copy.WriteAsync(f.Facet, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(f.Value, NpgsqlTypes.NpgsqlDbType.Varchar);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await pg.BeginBinaryImportAsync("COPY dataset_search_texts (dataset_key, title_terms, keyword_terms, body_terms) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var t in texts.Select(e => e.Entity))
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(t.DatasetKey, NpgsqlTypes.NpgsqlDbType.Bigint);
                    await copy.WriteAsync(t.TitleTerms, NpgsqlTypes.NpgsqlDbType.Text);
                    await copy.WriteAsync(t.KeywordTerms, NpgsqlTypes.NpgsqlDbType.Text);
                    await copy.WriteAsync(t.BodyTerms, NpgsqlTypes.NpgsqlDbType.Text);
                }
                await copy.CompleteAsync();
            }
        }
        else
        {
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO dataset_facets (dataset_key, facet, value) VALUES (@k, @f, @v)";
                var (k, f, v) = (Param(cmd, "@k"), Param(cmd, "@f"), Param(cmd, "@v"));
                cmd.Prepare();
                foreach (var row in facets.Select(e => e.Entity))
                {
                    (k.Value, f.Value, v.Value) = (row.DatasetKey, row.Facet, row.Value);
                    await cmd.ExecuteNonQueryAsync();
                }
            }
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO dataset_search_texts (dataset_key, title_terms, keyword_terms, body_terms) VALUES (@k, @t, @w, @b)";
                var (k, t, w, b) = (Param(cmd, "@k"), Param(cmd, "@t"), Param(cmd, "@w"), Param(cmd, "@b"));
                cmd.Prepare();
                foreach (var row in texts.Select(e => e.Entity))
                {
                    (k.Value, t.Value, w.Value, b.Value) = (row.DatasetKey, row.TitleTerms, row.KeywordTerms, row.BodyTerms);
                    await cmd.ExecuteNonQueryAsync();
                }
            }
        }
        foreach (var e in facets) e.State = EntityState.Detached;
        foreach (var e in texts) e.State = EntityState.Detached;
    }

    private static System.Data.Common.DbParameter Param(System.Data.Common.DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }

    private static async Task<Existing> ExistingAsync(IServiceProvider sp, CatalogArgs a)
    {
        using var scope = sp.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var count = await db.Datasets.CountAsync();
        if (count == 0 && !await db.Organizations.AnyAsync()) return Existing.Empty;
        if (count != a.Datasets) return Existing.Other;
        // Same size: the same seed too? The first and last generated slugs tell.
        var orgs = CatalogData.BuildOrganizations(a.Seed).ToDictionary(o => o.Slug);
        var first = CatalogData.BuildDataset(a.Seed, 0, orgs).Slug;
        var last = CatalogData.BuildDataset(a.Seed, a.Datasets - 1, orgs).Slug;
        var found = await db.Datasets.CountAsync(d => d.Slug == first || d.Slug == last);
        var indexed = await db.SearchTexts.CountAsync();
        return found == (first == last ? 1 : 2) && indexed == count ? Existing.Same : Existing.Other;
    }

    private static async Task<(long Rows, string Detail)> CountRowsAsync(IServiceProvider sp)
    {
        using var scope = sp.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        long datasets = await db.Datasets.LongCountAsync(), resources = await db.Resources.LongCountAsync(),
            facets = await db.Facets.LongCountAsync(), texts = await db.SearchTexts.LongCountAsync();
        return (datasets + resources + facets + texts,
            $"{datasets} datasets, {resources} resources, {facets} facet rows, {texts} search-text rows");
    }

    private static async Task<long> SizeAsync(IServiceProvider sp, CatalogArgs a)
    {
        if (a.Postgres is null)
            return new[] { "", "-wal" }.Select(s => new FileInfo(Path.Combine(a.Data!, "socle.db" + s))).Where(f => f.Exists).Sum(f => f.Length);
        using var scope = sp.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_database_size(current_database())", conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Where(CatalogArgs a) => a.Postgres is null
        ? Path.Combine(a.Data!, "socle.db")
        : "PostgreSQL database " + new NpgsqlConnectionStringBuilder(a.Postgres).Database;

    /// <summary>
    /// Creates the benchmark's database on the server when missing (or drops and recreates it). Only a database whose
    /// name starts with "socle_bench" is ever dropped: the benchmark never empties a database it did not name.
    /// </summary>
    public static async Task EnsurePostgresDatabaseAsync(string connectionString, bool drop)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var name = csb.Database ?? throw new ArgumentException("the PostgreSQL connection string needs a Database (e.g. Database=socle_bench)");
        if (drop && !name.StartsWith("socle_bench", StringComparison.Ordinal))
            throw new ArgumentException($"database '{name}' holds another catalogue; the benchmark only empties databases named socle_bench*: use another one");
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync();
        var quoted = "\"" + name.Replace("\"", "\"\"") + "\"";
        if (drop)
        {
            await using var d = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", conn);
            await d.ExecuteNonQueryAsync();
        }
        await using var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        check.Parameters.AddWithValue("n", name);
        if (await check.ExecuteScalarAsync() is null)
        {
            await using var c = new NpgsqlCommand($"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0", conn);
            await c.ExecuteNonQueryAsync();
        }
    }
}
