using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Socle.Storage.Database;

/// <summary>
/// Sets the pragmas every SQLite connection needs: WAL so readers never wait for the writer (the journal mode is
/// stored in the file, the others are per connection), a busy timeout so concurrent writers queue instead of failing,
/// and foreign keys, which SQLite leaves off by default.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
    }
}
