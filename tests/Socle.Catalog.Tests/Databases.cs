using Microsoft.Data.Sqlite;
using Npgsql;
using Socle.Storage.Database;
using Socle.Validation.Tests;

namespace Socle.Catalog.Tests;

/// <summary>The kinds of database every catalogue test runs on.</summary>
public enum Db { Sqlite, Postgres }

/// <summary>
/// A fresh empty database of one kind for one test, with a temporary data folder, removed on dispose:
/// SQLite is <c>socle.db</c> in the data folder; PostgreSQL is a database with a random name on the server of
/// <c>SOCLE_TEST_POSTGRES</c> (which <c>./test</c> starts and sets), the test being skipped when it is unset.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "SOCLE_TEST_POSTGRES";

    private readonly TempFolder folder;
    private readonly string? server;   // the maintenance database's connection string (PostgreSQL only)
    private readonly string? name;     // the database created on it
    private bool disposed;

    private TestDatabase(Db kind, TempFolder folder, DatabaseOptions options, string? server, string? name)
    {
        Kind = kind;
        this.folder = folder;
        Options = options;
        this.server = server;
        this.name = name;
    }

    public Db Kind { get; }

    /// <summary>Where the store is, as the application is configured with it.</summary>
    public DatabaseOptions Options { get; }

    /// <summary>A temporary folder for the test's files (blobs, indexes…); the SQLite file is in it.</summary>
    public string DataFolder => folder.Path;

    public static async Task<TestDatabase> CreateAsync(Db kind)
    {
        switch (kind)
        {
            case Db.Sqlite:
            {
                var folder = new TempFolder();
                return new TestDatabase(kind, folder, DatabaseOptions.Sqlite(Path.Combine(folder.Path, "socle.db")), null, null);
            }
            case Db.Postgres:
            {
                var configured = Environment.GetEnvironmentVariable(ServerVariable);
                if (string.IsNullOrWhiteSpace(configured))
                    Assert.Skip($"{ServerVariable} is not set: PostgreSQL variant skipped (./test starts a PostgreSQL and sets it).");
                var server = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ToString();
                var name = "socle_test_" + Guid.NewGuid().ToString("N")[..16];
                await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"", TestContext.Current.CancellationToken);
                var options = DatabaseOptions.Postgres(new NpgsqlConnectionStringBuilder(configured) { Database = name }.ToString());
                return new TestDatabase(kind, new TempFolder(), options, server, name);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            if (Kind == Db.Postgres)
            {
                NpgsqlConnection.ClearAllPools(); // pooled connections to the database would keep it in use
                // Not cancellable: a cancelled test's database is dropped all the same.
                await ExecuteAsync(server!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
            }
            else
            {
                SqliteConnection.ClearAllPools(); // pooled connections keep the file open
            }
        }
        finally
        {
            folder.Dispose();
        }
    }

    public override string ToString() => Kind.ToString();

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
