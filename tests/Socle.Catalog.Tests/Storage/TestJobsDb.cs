using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Socle.Storage.Database;
using Socle.Storage.Jobs;
using Socle.Validation.Tests;

namespace Socle.Catalog.Tests.Storage;

/// <summary>A module's context reduced to its jobs, configured as the application configures its own.</summary>
public sealed class TestJobsDb(DbContextOptions<TestJobsDb> options) : DbContext(options), IJobsDb
{
    public DbSet<Job> Jobs => Set<Job>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => JobsModel.Configure(modelBuilder);

    public static TestJobsDb Open(DatabaseOptions database)
    {
        var builder = new DbContextOptionsBuilder<TestJobsDb>();
        database.Apply(builder);
        return new TestJobsDb(builder.Options);
    }
}

/// <summary>One database for a test class, created empty with the jobs table, dropped after.</summary>
public abstract class JobsDatabase : IAsyncLifetime
{
    /// <summary>Null when this kind of database is not available here.</summary>
    public DatabaseOptions? Options { get; protected set; }

    public abstract DatabaseOptions OptionsOrSkip();

    public abstract ValueTask InitializeAsync();

    public abstract ValueTask DisposeAsync();

    protected async Task CreateSchemaAsync()
    {
        await using var db = TestJobsDb.Open(Options!);
        await db.Database.EnsureCreatedAsync();
    }
}

public sealed class SqliteJobsDatabase : JobsDatabase
{
    private readonly TempFolder folder = new();

    public override DatabaseOptions OptionsOrSkip() => Options!;

    public override async ValueTask InitializeAsync()
    {
        Options = DatabaseOptions.Sqlite(Path.Combine(folder.Path, "jobs.db"));
        await CreateSchemaAsync();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh database with a random name on the server of <c>SOCLE_TEST_POSTGRES</c>, when it is set.</summary>
public sealed class PostgresJobsDatabase : JobsDatabase
{
    private string? server;
    private readonly string name = "socle_jobs_" + Guid.NewGuid().ToString("N")[..12];

    public override DatabaseOptions OptionsOrSkip()
    {
        if (Options is null) Assert.Skip("SOCLE_TEST_POSTGRES is not set: PostgreSQL tests skipped (./test sets it)");
        return Options!;
    }

    public override async ValueTask InitializeAsync()
    {
        server = Environment.GetEnvironmentVariable("SOCLE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server)) return;
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        Options = DatabaseOptions.Postgres(new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString());
        await CreateSchemaAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Options is null) return;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
