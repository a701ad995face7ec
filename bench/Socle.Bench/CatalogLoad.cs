using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
        await CatalogModule.MigrateAsync(sp);
        var state = await ExistingAsync(sp, a);
        if (state == Existing.Same)
        {
            Console.Error.WriteLine($"catalog-load: {Where(a)} already holds the {a.Datasets} generated datasets (seed {a.Seed}): reused");
            await sp.DisposeAsync();
            return 0;
        }
        if (state == Existing.Other)
        {
            Console.Error.WriteLine($"catalog-load: {Where(a)} holds another catalogue: emptied first");
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

            Console.Error.WriteLine($"catalog-load: {a.Datasets} datasets into {Where(a)}, batches of {a.BatchSize}, seed {a.Seed}");
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
                $"  time split: generate {generate.TotalSeconds:F1} s, insert datasets+resources {insert.TotalSeconds:F1} s, RefreshAsync {index.TotalSeconds:F1} s, save index rows+commit {save.TotalSeconds:F1} s; then {(a.Postgres is null ? "WAL checkpoint" : "VACUUM ANALYZE")} {finish:F1} s; database size {size / 1e6:F0} MB"));
            Stats.Row(a.Tsv, a.DatabaseName, "load", "load", loadSeconds, finish, size / 1e6, a.Datasets / loadSeconds, rows, a.Datasets);
        }
        return 0;
    }

    private enum Existing { Empty, Same, Other }

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
