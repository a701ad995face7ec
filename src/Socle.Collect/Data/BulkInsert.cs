using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Socle.Collect.Data;

/// <summary>
/// Inserts many new rows of mapped entities in the context's current transaction, as multi-row INSERT statements built
/// from EF's own model (table, columns, value converters, parameter types) — so the rows are exactly those EF would
/// write, without its change tracking, which costs more than the database does for an import of 100,000 records.
/// </summary>
internal static class BulkInsert
{
    // PostgreSQL: many rows a statement (up to 65,535 parameters) save round trips. SQLite runs in process, but each
    // execution has a fixed cost in Microsoft.Data.Sqlite, and binding finds each parameter by name (a cost growing with
    // the square of a statement's parameters): statements of about 128 parameters balance the two.
    private static int RowsPerStatement(CollectDb db, int columns) =>
        Math.Max(1, (db.Provider == Socle.Storage.Database.DatabaseProvider.Sqlite ? 1 : 30_000) / columns);

    public static async Task InsertAsync<T>(CollectDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Getter: p.GetGetter())).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES ";
        var perStatement = RowsPerStatement(db, columns.Count);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        DbCommand? full = null; // full statements reuse one prepared command, only their values change
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (count == perStatement && full is not null)
                {
                    var p = 0;
                    for (var i = 0; i < count; i++)
                        foreach (var c in columns)
                        {
                            var value = c.Getter.GetClrValueUsingContainingEntity(rows[start + i]);
                            full.Parameters[p++].Value = (value is null ? null : c.Mapping.Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
                        }
                    await full.ExecuteNonQueryAsync(ct);
                    continue;
                }
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = Text(head, columns.Count, count);
                var n = 0;
                for (var i = 0; i < count; i++)
                    foreach (var c in columns)
                        command.Parameters.Add(c.Mapping.CreateParameter(command, "@p" + n++, c.Getter.GetClrValueUsingContainingEntity(rows[start + i]), c.Property.IsNullable));
                await command.ExecuteNonQueryAsync(ct);
                if (count == perStatement) full = command; else await command.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private static string Text(string head, int columns, int rows)
    {
        var sb = new StringBuilder(head, head.Length + rows * columns * 8);
        var n = 0;
        for (var i = 0; i < rows; i++)
        {
            sb.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                if (c > 0) sb.Append(", ");
                sb.Append("@p").Append(n++);
            }
            sb.Append(')');
        }
        return sb.ToString();
    }
}
