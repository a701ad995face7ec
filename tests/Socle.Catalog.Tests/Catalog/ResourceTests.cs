using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Model;
using Socle.Catalog.Quality;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Tests.Catalog;

/// <summary>Uploads, links, validation against a schema and the honest status it leaves — on both databases.</summary>
public abstract class ResourceTests(Db kind) : IAsyncLifetime
{
    protected CatalogFixture F = null!;
    private Dataset dataset = null!;

    private const string Schema = """
        { "fields": [
            { "name": "station", "type": "string", "constraints": { "required": true, "pattern": "FR[0-9]{5}" } },
            { "name": "date", "type": "date" },
            { "name": "no2", "type": "number", "constraints": { "minimum": 0 } } ] }
        """;
    private const string Valid = "station,date,no2\nFR12345,2024-01-01,21.5\nFR12346,2024-01-01,18\n";
    private const string Invalid = "station,date,no2\nFR12345,2024-01-01,-3\nParis,2024-13-01,18\n";

    public async ValueTask InitializeAsync()
    {
        F = await CatalogFixture.CreateAsync(kind);
        dataset = await F.PublishedAsync("Dioxyde d'azote");
        var folder = Path.Combine(F.DataFolder, "schemas", "test", "no2");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "schema.json"), Schema);
    }

    public ValueTask DisposeAsync() => F.DisposeAsync();

    private Task<Resource> Upload(string content, string name = "mesures.csv", string? schema = "test/no2", string? format = null) =>
        F.Run<ResourceService, Resource>(s => s.UploadAsync(F.Editor, dataset.Slug, CatalogFixture.Text(content), name,
            new ResourceInput { Schema = schema, Format = format }));

    private Task<Resource> Reload(Guid id) => F.Db(db => db.Resources.AsNoTracking().FirstAsync(r => r.Id == id));

    private static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    private int FilesOnDisk() => Directory.Exists(Path.Combine(F.DataFolder, "files"))
        ? Directory.EnumerateFiles(Path.Combine(F.DataFolder, "files"), "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.tmp/"))
        : 0;

    [Fact]
    public async Task An_upload_is_stored_with_its_checksum_and_validated_by_a_job()
    {
        var r = await Upload(Valid);
        Assert.Equal(Sha256(Valid), r.Checksum);
        Assert.Equal("csv", r.Format);
        Assert.Equal(Valid.Length, r.Size);
        // Until the job has run, the resource is honestly "not validated".
        Assert.Equal("not-validated", ResourceStatus.Name(await Reload(r.Id)));
        var job = await F.Db(db => db.Jobs.SingleAsync(j => j.Subject == $"resource:{r.Id}" && j.Kind == "resource.validate"));
        Assert.Equal(JobState.Queued, job.State);
        // A CSV also gets its queryable table built, by the tabular module's job, queued in the same transaction.
        Assert.Equal(JobState.Queued, (await F.Db(db => db.Jobs.SingleAsync(j => j.Subject == $"resource:{r.Id}" && j.Kind == ResourceTable.IngestJob))).State);
        Assert.Equal(TableStatus.Pending, (await F.Db(db => db.ResourceTables.SingleAsync(t => t.ResourceId == r.Id))).Status);

        Assert.Equal(2, await F.DrainJobsAsync());
        var after = await Reload(r.Id);
        Assert.Equal("valid", ResourceStatus.Name(after));
        Assert.Contains("\"valid\": true", after.ValidationReport!.Replace("\"valid\":true", "\"valid\": true"));
        var d = await F.Run<DatasetService, Dataset>(s => s.GetAsync(dataset.Slug, Actor.Anonymous));
        Assert.Contains(QualityReport.Parse(d.QualityDetails), c => c.Id == "schema" && c.Met);

        await using var content = (await F.Run<ResourceService, (Resource, Stream)>(s => s.OpenAsync(Actor.Anonymous, dataset.Slug, r.Id))).Item2;
        Assert.Equal(Valid, await new StreamReader(content).ReadToEndAsync());
    }

    [Fact]
    public async Task An_invalid_file_is_invalid_with_its_errors_and_the_quality_says_so()
    {
        var r = await Upload(Invalid);
        await F.DrainJobsAsync();
        var after = await Reload(r.Id);
        Assert.Equal("invalid", ResourceStatus.Name(after));
        Assert.Contains("constraint-error", after.ValidationReport);
        Assert.Contains("type-error", after.ValidationReport);
        var d = await F.Run<DatasetService, Dataset>(s => s.GetAsync(dataset.Slug, Actor.Anonymous));
        Assert.Contains(QualityReport.Parse(d.QualityDetails), c => c.Id == "schema" && !c.Met);
    }

    [Fact]
    public async Task New_content_is_never_shown_valid_before_it_is_validated_again()
    {
        var r = await Upload(Valid);
        await F.DrainJobsAsync();
        Assert.Equal("valid", ResourceStatus.Name(await Reload(r.Id)));

        await F.Run<ResourceService, Resource>(s => s.ReplaceFileAsync(F.Editor, dataset.Slug, r.Id, CatalogFixture.Text(Invalid), "mesures.csv"));
        var replaced = await Reload(r.Id);
        Assert.Equal("not-validated", ResourceStatus.Name(replaced));
        Assert.Equal(Sha256(Invalid), replaced.Checksum);
        await F.DrainJobsAsync();
        Assert.Equal("invalid", ResourceStatus.Name(await Reload(r.Id)));
        Assert.Equal(1, FilesOnDisk()); // the old file went away with its content
    }

    [Fact]
    public async Task A_file_that_is_not_what_it_says_is_refused_and_nothing_is_kept()
    {
        var pdf = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        var e = await Assert.ThrowsAsync<CatalogException>(() => Upload(pdf, "mesures.csv"));
        Assert.Equal("content-mismatch", Assert.Single(e.Errors).Code);
        Assert.Contains("PDF", e.Errors[0].Message("fr"));
        Assert.Equal(0, FilesOnDisk());
        Assert.Equal(0, await F.Db(db => db.Resources.CountAsync()));
        Assert.Equal(0, await F.Db(db => db.Jobs.CountAsync()));
    }

    [Fact]
    public async Task Oversized_uploads_and_paths_in_names_are_refused_and_nothing_is_kept()
    {
        var big = new string('x', (1 << 20) + 1);
        var e = await Assert.ThrowsAsync<CatalogException>(() => Upload(big, "gros.csv", schema: null));
        Assert.Equal(Problem.TooLarge, e.Problem);
        foreach (var name in new[] { "../../etc/passwd", "dir/file.csv", "..\\x.csv", ".hidden" })
        {
            var n = await Assert.ThrowsAsync<CatalogException>(() => Upload(Valid, name));
            Assert.Equal("file-name", Assert.Single(n.Errors).Code);
        }
        Assert.Equal(0, FilesOnDisk());
        Assert.Equal(0, await F.Db(db => db.Resources.CountAsync()));
    }

    [Fact]
    public async Task Only_editors_of_the_organisation_add_resources()
    {
        var e = await Assert.ThrowsAsync<CatalogException>(() =>
            F.Run<ResourceService, Resource>(s => s.UploadAsync(F.Outsider, dataset.Slug, CatalogFixture.Text(Valid), "x.csv", new ResourceInput())));
        Assert.Equal(Problem.Forbidden, e.Problem);
        var anon = await Assert.ThrowsAsync<CatalogException>(() =>
            F.Run<ResourceService, Resource>(s => s.LinkAsync(Actor.Anonymous, dataset.Slug, new ResourceInput { Url = "https://example.org/x.csv" })));
        Assert.Equal(Problem.Unauthorized, anon.Problem);
    }

    [Fact]
    public async Task A_schema_that_cannot_be_found_fails_the_validation_clearly()
    {
        // A name that is not registered is refused at once; one removed from the registry since fails its validation.
        var refused = await Assert.ThrowsAsync<CatalogException>(() => Upload(Valid, schema: "test/missing"));
        Assert.Equal("schema", Assert.Single(refused.Errors).Field);
        var folder = Path.Combine(F.DataFolder, "schemas", "test", "gone");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "schema.json"), Schema);
        var r = await Upload(Valid, schema: "test/gone");
        Directory.Delete(folder, recursive: true);
        await F.DrainJobsAsync();
        var after = await Reload(r.Id);
        Assert.Equal("failed", ResourceStatus.Name(after));
        Assert.Contains("test/gone", after.ValidationError);
        var job = await F.Db(db => db.Jobs.SingleAsync(j => j.Kind == "resource.validate"));
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(1, job.Attempts); // a permanent failure is not retried
    }

    [Fact]
    public async Task A_dead_link_is_checked_and_counts_against_quality()
    {
        var r = await F.Run<ResourceService, Resource>(s => s.LinkAsync(F.Editor, dataset.Slug,
            new ResourceInput { Url = "http://127.0.0.1:9/nothing.csv", Title = "Lien mort" }));
        Assert.Equal("csv", r.Format);
        await F.DrainJobsAsync();
        Assert.False((await Reload(r.Id)).Available);
        var d = await F.Run<DatasetService, Dataset>(s => s.GetAsync(dataset.Slug, Actor.Anonymous));
        var criterion = QualityReport.Parse(d.QualityDetails).Single(c => c.Id == "resources_available");
        Assert.False(criterion.Met);
        Assert.Equal("quality.available.broken", criterion.Reason);
    }
}

public sealed class ResourceTestsSqlite() : ResourceTests(Db.Sqlite);
public sealed class ResourceTestsPostgres() : ResourceTests(Db.Postgres);
