using System.Text;
using Socle.Catalog.Services;
using Socle.Catalog.Tests;
using Socle.Collect.Model;
using Socle.Collect.Records;

namespace Socle.Collect.Tests;

/// <summary>Documents attached to events: stored whole, listed on the event, readable by all, added by those who may add events.</summary>
public sealed class EventDocumentTests
{
    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task A_permit_decree_is_attached_to_its_event_and_read_back(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var r = await f.CreateRecordAsync(f.Contributor, CollectFixture.Values("Parc des Trois Moulins"));
        var granted = await f.AddEventAsync(f.Contributor, r.Record.Number, "permis_accorde", new DateOnly(2021, 3, 4));
        var bytes = Encoding.UTF8.GetBytes("%PDF-1.4 arrêté préfectoral n° 2021-034");
        var document = await f.Run<EventDocumentService, EventDocument>(s =>
            s.AddAsync(f.Contributor, f.Slug, r.Record.Number, granted.Id, new MemoryStream(bytes), "../arrete-2021-034.pdf"));
        Assert.Equal("arrete-2021-034.pdf", document.Name); // a name, never a path
        Assert.Equal(bytes.Length, document.Size);

        var events = await f.Run<RecordService, List<RecordEvent>>(s => s.EventsAsync(f.Slug, r.Record.Number));
        Assert.Equal(document.Id, Assert.Single(EventDocumentService.Read(Assert.Single(events).Documents)).Id);
        var (read, content) = await f.Run<EventDocumentService, (EventDocument, Stream)>(s => s.OpenAsync(f.Slug, r.Record.Number, granted.Id, document.Id));
        await using (content)
        {
            var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        Assert.Equal(document.Sha256, read.Sha256);

        // Outsiders cannot attach; an unknown event or document is a clear 404.
        var refused = await Assert.ThrowsAsync<CatalogException>(() => f.Run<EventDocumentService, EventDocument>(s =>
            s.AddAsync(f.Outsider, f.Slug, r.Record.Number, granted.Id, new MemoryStream(bytes), "x.pdf")));
        Assert.Equal(Problem.Forbidden, refused.Problem);
        var missing = await Assert.ThrowsAsync<CatalogException>(() => f.Run<EventDocumentService, (EventDocument, Stream)>(s =>
            s.OpenAsync(f.Slug, r.Record.Number, granted.Id, Guid.NewGuid())));
        Assert.Equal(Problem.NotFound, missing.Problem);
        Assert.Contains("Document", missing.Title("fr"));
    }
}
