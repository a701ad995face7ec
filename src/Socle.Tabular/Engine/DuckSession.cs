using System.Data.Common;
using DuckDB.NET.Data;

namespace Socle.Tabular.Engine;

/// <summary>
/// Statements on one DuckDB connection that can be stopped: <see cref="Cancel"/> interrupts the running one (a query's
/// time limit, a build's job being cancelled), and <see cref="Token"/> keeps the next one from starting.
/// </summary>
internal class DuckSession(DuckDBConnection connection)
{
    private DuckDBCommand? current;

    public DuckDBConnection Connection { get; } = connection;
    /// <summary>Checked before each statement: a query past its time limit does not start its next statement.</summary>
    public CancellationToken Token { get; set; }

    /// <summary>A reader on a command that <see cref="Cancel"/> can interrupt; dispose the reader.</summary>
    public DbDataReader Reader(string sql, IReadOnlyList<object?> parameters)
    {
        Token.ThrowIfCancellationRequested();
        current = DuckEngine.Command(Connection, sql, parameters);
        return current.ExecuteReader();
    }

    public object? Scalar(string sql, IReadOnlyList<object?> parameters)
    {
        Token.ThrowIfCancellationRequested();
        using var cmd = DuckEngine.Command(Connection, sql, parameters);
        current = cmd;
        try { return cmd.ExecuteScalar(); }
        finally { current = null; }
    }

    public void NonQuery(string sql, IReadOnlyList<object?> parameters)
    {
        Token.ThrowIfCancellationRequested();
        using var cmd = DuckEngine.Command(Connection, sql, parameters);
        current = cmd;
        try { cmd.ExecuteNonQuery(); }
        finally { current = null; }
    }

    public void Cancel()
    {
        try { current?.Cancel(); }
        catch (Exception e) when (e is DuckDBException or ObjectDisposedException or InvalidOperationException) { /* finished meanwhile */ }
    }

    /// <summary>Disposes the command of the last reader handed out.</summary>
    protected void EndCurrent()
    {
        current?.Dispose();
        current = null;
    }
}
