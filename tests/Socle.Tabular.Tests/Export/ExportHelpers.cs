using System.Data.Common;
using System.Text;
using DuckDB.NET.Data;
using Socle.Tabular.Export;

namespace Socle.Tabular.Tests.Export;

/// <summary>An in-memory DuckDB, the real source of the readers the exports get.</summary>
internal sealed class Duck : IDisposable
{
    private readonly DuckDBConnection _connection = new("Data Source=:memory:");

    public Duck() => _connection.Open();

    public DbDataReader Query(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteReader();
    }

    public async Task<byte[]> ExportAsync(ExportFormat format, string sql, GeoColumns? geo = null)
    {
        using var reader = Query(sql);
        var output = new MemoryStream();
        await TableWriter.WriteAsync(format, reader, geo, output, TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    public async Task<string> ExportTextAsync(ExportFormat format, string sql, GeoColumns? geo = null) =>
        Encoding.UTF8.GetString(await ExportAsync(format, sql, geo));

    public void Dispose() => _connection.Dispose();
}
