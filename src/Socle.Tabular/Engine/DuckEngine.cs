using System.Collections.Concurrent;
using System.Data.Common;
using DuckDB.NET.Data;

namespace Socle.Tabular.Engine;

/// <summary>
/// The process's one DuckDB instance for queries: an in-memory database to which each table file is attached
/// read-only, so every query shares one thread pool and one memory limit. Table files are never written after they
/// are built; a rebuilt table is a new file, and the old one is detached once its last query has returned.
/// </summary>
internal sealed class DuckEngine : IDisposable
{
    private readonly TabularOptions options;
    private readonly DuckDBConnection root;
    private readonly ConcurrentBag<DuckDBConnection> idle = [];
    private readonly Lock gate = new();
    private readonly Dictionary<string, Attachment> attached = new(StringComparer.Ordinal);
    private long aliases;

    private sealed class Attachment(string alias)
    {
        public string Alias { get; } = alias;
        public int Leases;
        public bool Retired;
        public long LastUsed = Environment.TickCount64;
    }

    public DuckEngine(TabularOptions options)
    {
        this.options = options;
        var temp = Path.Combine(options.Folder, ".tmp");
        Directory.CreateDirectory(temp);
        root = new DuckDBConnection("Data Source=:memory:");
        root.Open();
        Execute(root, $"SET threads = {options.Threads}");
        Execute(root, $"SET memory_limit = '{options.MemoryLimitMb}MB'");
        Execute(root, $"SET temp_directory = {Sql.Literal(temp)}");
        // Pages are small: DuckDB's late materialization (a self-join on rowid) costs more than it saves here.
        Execute(root, "SET late_materialization_max_rows = 0");
    }

    public TabularOptions Options => options;

    /// <summary>A connection with the table file attached; dispose it to give both back.</summary>
    public TableLease Open(string file)
    {
        Attachment a;
        lock (gate)
        {
            if (!attached.TryGetValue(file, out a!))
            {
                if (!File.Exists(file)) throw new FileNotFoundException("table file", file);
                a = new Attachment("t" + Interlocked.Increment(ref aliases));
                try { Execute(root, $"ATTACH {Sql.Literal(file)} AS {a.Alias} (READ_ONLY)"); }
                catch (DuckDBException) when (!File.Exists(file)) { throw new FileNotFoundException("table file", file); }
                attached[file] = a;
                SweepIdle();
            }
            a.Leases++;
            a.LastUsed = Environment.TickCount64;
        }
        var connection = idle.TryTake(out var c) ? c : root.Duplicate();
        if (connection.State != System.Data.ConnectionState.Open) connection.Open();
        return new TableLease(this, file, a.Alias, connection);
    }

    /// <summary>The table was rebuilt into another file: detach this one once no query uses it.</summary>
    public void Retire(string file)
    {
        lock (gate)
        {
            if (!attached.TryGetValue(file, out var a)) return;
            a.Retired = true;
            if (a.Leases == 0) Detach(file, a);
        }
    }

    internal void Release(TableLease lease)
    {
        idle.Add(lease.Connection);
        lock (gate)
        {
            if (!attached.TryGetValue(lease.File, out var a)) return;
            a.Leases--;
            if (a.Retired && a.Leases == 0) Detach(lease.File, a);
        }
    }

    /// <summary>Another process may have rebuilt a table: files unused for ten minutes are detached (reattached on demand).</summary>
    private void SweepIdle()
    {
        var now = Environment.TickCount64;
        foreach (var (file, a) in attached.ToList())
            if (a.Leases == 0 && now - a.LastUsed > 600_000) Detach(file, a);
    }

    private void Detach(string file, Attachment a)
    {
        attached.Remove(file);
        try { Execute(root, $"DETACH {a.Alias}"); }
        catch (DuckDBException) { /* already gone: nothing holds it */ }
    }

    public static void Execute(DuckDBConnection c, string sql, params object?[] parameters)
    {
        using var cmd = Command(c, sql, parameters);
        cmd.ExecuteNonQuery();
    }

    public static DuckDBCommand Command(DuckDBConnection c, string sql, IEnumerable<object?> parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        return cmd;
    }

    public void Dispose()
    {
        while (idle.TryTake(out var c)) c.Dispose();
        root.Dispose();
    }
}

/// <summary>One query's connection and the alias of its attached table file.</summary>
internal sealed class TableLease(DuckEngine engine, string file, string alias, DuckDBConnection connection) : DuckSession(connection), IDisposable
{
    private int disposed;

    public string File { get; } = file;
    /// <summary>The table's data, as SQL: <c>tN.data</c>.</summary>
    public string Data => alias + ".data";
    public string Terms => alias + ".terms";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        EndCurrent();
        engine.Release(this);
    }
}
