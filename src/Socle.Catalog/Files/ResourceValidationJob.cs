using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;
using Socle.Validation;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Catalog.Files;

/// <summary>
/// Validates a resource against its schema with Socle.Validation and stores the report. The job names the content
/// it was queued for (its checksum): if the file changed since, a newer job is queued and this one does nothing.
/// A schema that cannot be used is a permanent failure (status "failed"); a network error is retried.
/// </summary>
internal sealed class ResourceValidationJob : IJobHandler
{
    public const string Kind = "resource.validate";
    string IJobHandler.Kind => Kind;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var payload = context.PayloadAs<ValidationPayload>();
        var db = context.Services.GetRequiredService<CatalogDb>();
        var blobs = context.Services.GetRequiredService<IBlobStore>();
        var schemas = context.Services.GetRequiredService<SchemaResolver>();
        var settings = context.Services.GetRequiredService<CatalogSettings>();
        var r = await db.Resources.FirstOrDefaultAsync(x => x.Id == payload.ResourceId, ct);
        if (r is null || r.Schema is null) return new { skipped = "gone" };
        if (r.FileType == "file" && r.Checksum != payload.Checksum) return new { skipped = "superseded" };

        string? temp = null;
        try
        {
            await context.ReportAsync(0.05, "schema");
            TableSchema schema;
            try
            {
                schema = schemas.Load(r.Schema);
            }
            catch (Exception e) when (e is SchemaException or FileNotFoundException or InvalidDataException)
            {
                await FinishAsync(db, r, ValidationStatus.Failed, r.Checksum, null, SchemaMessage(e, r.Schema), ct);
                throw new JobFailedException($"schema: {e.Message}");
            }

            string path;
            string? checksum = r.Checksum;
            if (r.FileType == "file" && r.BlobKey is not null && blobs.LocalPath(r.BlobKey) is { } local) path = local;
            else
            {
                await context.ReportAsync(0.1, "download");
                (temp, checksum) = await DownloadAsync(r, blobs, settings.MaxUploadBytes, ct);
                path = temp;
            }
            await context.ReportAsync(0.2, "validate");
            ValidationReport report;
            try
            {
                report = Validator.ValidateTable(path, schema, new ValidationOptions { Format = r.Format });
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                await FinishAsync(db, r, ValidationStatus.Failed, checksum, null, e.Message, ct);
                throw new JobFailedException(e.Message);
            }
            var json = ReportWriter.ToJson(report, Messages.French, indented: false);
            await FinishAsync(db, r, report.Valid ? ValidationStatus.Valid : ValidationStatus.Invalid, checksum, json, null, ct);
            return new { valid = report.Valid, errors = report.ErrorCount };
        }
        finally
        {
            if (temp is not null) File.Delete(temp);
        }

        async Task FinishAsync(CatalogDb db, Resource r, ValidationStatus status, string? checksum, string? report, string? error, CancellationToken ct)
        {
            // The content may have changed while we worked: only record a verdict about the content we read.
            var current = await db.Resources.AsNoTracking().Where(x => x.Id == r.Id).Select(x => x.Checksum).FirstOrDefaultAsync(ct);
            if (r.FileType == "file" && current != checksum) return;
            r.ValidationStatus = status;
            r.ValidatedChecksum = checksum;
            if (r.FileType == "remote") r.Checksum = checksum;
            r.ValidatedAt = context.Clock.GetUtcNow();
            r.ValidationReport = report;
            r.ValidationError = error;
            await context.Services.GetRequiredService<DatasetIndexer>().SaveResourceChangeAsync(r.DatasetKey, ct);
        }
    }

    private static string SchemaMessage(Exception e, string reference) => e is FileNotFoundException
        ? Messages.Format("catalog.validation.schema-not-found", Messages.French, reference)
        : e.Message;

    /// <summary>A remote resource is downloaded to a temporary file (size-capped) and checksummed on the way.</summary>
    internal static async Task<(string Path, string Checksum)> DownloadAsync(Resource r, IBlobStore blobs, long max, CancellationToken ct)
    {
        if (r.BlobKey is not null)
        {
            var t = Path.GetTempFileName();
            await using (var src = blobs.OpenRead(r.BlobKey))
            await using (var dst = File.Create(t)) await src.CopyToAsync(dst, ct);
            return (t, r.Checksum ?? "");
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        using var response = await http.GetAsync(r.Url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var temp = Path.Combine(Path.GetTempPath(), "socle-" + Guid.NewGuid().ToString("N") + Path.GetExtension(new Uri(r.Url!).AbsolutePath));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var src = await response.Content.ReadAsStreamAsync(ct))
        await using (var dst = File.Create(temp))
        {
            var buffer = new byte[81920];
            long total = 0;
            int n;
            while ((n = await src.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > max) { dst.Close(); File.Delete(temp); throw new JobFailedException($"larger than {max} bytes"); }
                sha.AppendData(buffer, 0, n);
                await dst.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        return (temp, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
