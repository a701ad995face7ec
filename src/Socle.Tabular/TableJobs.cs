using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;
using Socle.Tabular.Engine;
using Socle.Tabular.Ingest;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;
using Socle.Validation.Sources;

namespace Socle.Tabular;

/// <summary>
/// Builds a resource's table ("resource.ingest"). The job names the source it was queued for; if the resource changed
/// since, a newer job exists and this one stops. The finished table replaces the previous one in a single update of
/// the catalogue; a file that cannot be read as a table marks the build failed with a reason, without retry.
/// </summary>
internal sealed class TableIngestJob(TabularOptions options, DuckEngine engine) : IJobHandler
{
    public string Kind => ResourceTable.IngestJob;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var payload = context.PayloadAs<TablePayload>();
        var db = context.Services.GetRequiredService<CatalogDb>();
        var blobs = context.Services.GetRequiredService<IBlobStore>();
        var settings = context.Services.GetRequiredService<CatalogSettings>();
        var r = await db.Resources.Include(x => x.Table).FirstOrDefaultAsync(x => x.Id == payload.ResourceId, ct);
        if (r?.Table is null || r.Table.SourceKey != payload.SourceKey) return new { skipped = "superseded" };
        var table = r.Table;
        table.Status = TableStatus.Building;
        table.UpdatedAt = context.Clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        string? temp = null;
        try
        {
            TableSchema? schema = null;
            var warnings = new List<ColumnWarning>();
            if (r.Schema is not null)
            {
                try { schema = context.Services.GetRequiredService<SchemaResolver>().Load(r.Schema); }
                catch (Exception e) when (e is SchemaException or FileNotFoundException or InvalidDataException or HttpRequestException)
                {
                    // Types are inferred instead; the validation job reports the unusable schema.
                    warnings.Add(new ColumnWarning("", "schema", 0, e.Message));
                }
            }
            string path;
            if (r.FileType == "file" && r.BlobKey is not null && blobs.LocalPath(r.BlobKey) is { } local) path = local;
            else
            {
                await context.ReportAsync(0.02, "download");
                (temp, _) = await ResourceValidationJob.DownloadAsync(r, blobs, settings.MaxUploadBytes, ct);
                path = temp;
            }
            var builder = new TableBuilder(options);
            var built = await builder.BuildAsync(
                new BuildRequest(path, r.Format ?? "csv", schema, Path.Combine(options.Folder, r.Id.ToString("N"))),
                (f, note) => context.ReportAsync(f, note), ct);
            return await SwapAsync(db, r.Id, payload.SourceKey, built, warnings, context.Clock, ct);
        }
        catch (Exception e) when (e is SourceException or DuckDBException or InvalidDataException or IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            // The reason in both languages, rendered now: the resource shows it to readers of either.
            string Reason(string lang) => e switch
            {
                SourceException s => Messages.Format("tabular.failed.source", lang, s.Localized(lang)),
                HttpRequestException h => Messages.Format("tabular.failed.download", lang, h.Message),
                _ => Messages.Format("tabular.failed.engine", lang, e.Message),
            };
            await FailAsync(db, r.Id, payload.SourceKey, Reason(Messages.French), Reason(Messages.English), context.Clock, ct);
            if (e is HttpRequestException) throw; // a network error is retried
            throw new JobFailedException(e.Message);
        }
        finally
        {
            if (temp is not null) File.Delete(temp);
        }
    }

    private async Task<object> SwapAsync(CatalogDb db, Guid id, string? key, BuiltTable built, List<ColumnWarning> warnings, TimeProvider clock, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var table = await db.ResourceTables.FirstOrDefaultAsync(t => t.ResourceId == id, ct);
        if (table is null || table.SourceKey != key)
        {
            // Changed or deleted while building: this table is already out of date.
            Delete(built.File);
            Delete(built.Parquet);
            return new { skipped = "superseded" };
        }
        var (oldFile, oldParquet) = (table.File, table.ParquetFile);
        table.File = built.File;
        table.ParquetFile = built.Parquet;
        table.Rows = built.Rows;
        table.Columns = JsonSerializer.Serialize(built.Columns, TableInfo.Json);
        table.Geo = built.Geo is null ? null : JsonSerializer.Serialize(built.Geo, TableInfo.Json);
        table.Profile = built.Profile.ToJsonString();
        table.Warnings = JsonSerializer.Serialize(warnings.Concat(built.Warnings).ToList(), TableInfo.Json);
        table.Error = null;
        table.Status = TableStatus.Ready;
        table.BuildSeconds = Math.Round(built.Seconds, 3);
        table.BuiltAt = clock.GetUtcNow();
        table.UpdatedAt = table.BuiltAt.Value;
        await db.SaveChangesAsync(ct);
        // Queries that already opened the old file finish on it; new ones read the new file. Deleted before it is
        // retired: a query that read the old row a moment ago can no longer attach it after the retirement.
        if (oldFile is not null && oldFile != built.File) { Delete(oldFile); Retire(oldFile); }
        if (oldParquet is not null && oldParquet != built.Parquet) Delete(oldParquet);
        return new { rows = built.Rows, columns = built.Columns.Count, seconds = table.BuildSeconds };
    }

    private static async Task FailAsync(CatalogDb db, Guid id, string? key, string french, string english, TimeProvider clock, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var table = await db.ResourceTables.FirstOrDefaultAsync(t => t.ResourceId == id, ct);
        if (table is null || table.SourceKey != key) return;
        table.Status = TableStatus.Failed;
        table.Error = JsonSerializer.Serialize(new { fr = french, en = english });
        table.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    private void Retire(string relative)
    {
        var full = Path.Combine(options.Folder, relative);
        TableInfo.Forget(relative);
        engine.Retire(full);
    }

    private void Delete(string? relative)
    {
        if (relative is null) return;
        try { File.Delete(Path.Combine(options.Folder, relative)); } catch (IOException) { }
    }
}

/// <summary>Removes a deleted (or no longer tabular) resource's table files ("resource.table-drop").</summary>
internal sealed class TableDropJob(TabularOptions options, DuckEngine engine) : IJobHandler
{
    public string Kind => ResourceTable.DropJob;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var payload = context.PayloadAs<TablePayload>();
        var db = context.Services.GetRequiredService<CatalogDb>();
        // Made tabular again since: its current files are in use.
        if (await db.ResourceTables.AnyAsync(t => t.ResourceId == payload.ResourceId, ct)) return new { skipped = "in use" };
        var folder = Path.Combine(options.Folder, payload.ResourceId.ToString("N"));
        if (!Directory.Exists(folder)) return new { removed = 0 };
        var files = Directory.GetFiles(folder);
        foreach (var f in files)
        {
            TableInfo.Forget(Path.GetRelativePath(options.Folder, f));
            engine.Retire(f);
        }
        Directory.Delete(folder, recursive: true);
        return new { removed = files.Length };
    }
}
