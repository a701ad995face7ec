using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Socle.Storage.Database;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Where the relational store is: an SQLite file in the data folder by default, a PostgreSQL server when a
/// connection string is configured. Every module's DbContext is configured from one of these.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The default store: <c>socle.db</c> in the data folder.</summary>
    public static DatabaseOptions SqliteIn(string dataFolder) =>
        Sqlite(Path.Combine(Path.GetFullPath(dataFolder), "socle.db"));

    public static DatabaseOptions Sqlite(string file) => new(DatabaseProvider.Sqlite,
        new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString());

    public static DatabaseOptions Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);

    /// <summary>Applies the provider to a context's options; snake_case names on both so raw SQL reads the same.</summary>
    public DbContextOptionsBuilder Apply(DbContextOptionsBuilder builder)
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance);
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(ConnectionString);
                break;
        }
        return builder.UseSnakeCaseNamingConvention();
    }

    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;
}
