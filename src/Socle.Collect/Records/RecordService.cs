using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;

namespace Socle.Collect.Records;

/// <summary>Filters of a record listing; <see cref="AsOf"/> reads the register as it was at the end of that day.</summary>
public sealed record RecordQuery
{
    public string? Q { get; init; }
    public string? Region { get; init; }
    public string? Departement { get; init; }
    public string? Category { get; init; }
    public string? Stage { get; init; }
    public DateOnly? AsOf { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>One record in a listing: its values as of the listing's day, and the stage its events gave it then.</summary>
public sealed record RecordRow(long Number, int Version, string? Stage, string? Label, string? Region, string? Departement, string? Category,
    double? Power, double? Latitude, double? Longitude, DateOnly ValidFrom, Dictionary<string, string> Values);

public sealed record RecordPage(IReadOnlyList<RecordRow> Items, int Total, int Page, int PageSize, DateOnly? AsOf);

/// <summary>A record with everything its page shows: published values and where each comes from, every source's values, open conflicts.</summary>
public sealed record RecordView(CollectRecord Record, RecordRevision Revision, Dictionary<string, string> Values, Dictionary<string, string> Provenance,
    SortedDictionary<string, Dictionary<string, string>> Sources, IReadOnlyList<Conflict> Conflicts, string? Stage);

/// <summary>A field that differs between two revisions.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>One entry of a record's timeline: a revision or an event, on the day it holds from.</summary>
public sealed record TimelineEntry(DateOnly Date, string Kind, RecordRevision? Revision, RecordEvent? Event);

/// <summary>
/// Records, their history, events and measures. Reading is public; contributors write on their territories, stewards
/// also withdraw records and events and settle conflicts. Every write is one transaction; a write against a version
/// other than the current one is refused, saying who changed the record and when.
/// </summary>
public sealed class RecordService(CollectDb db, CollectionService collections, TimeProvider clock)
{
    public const int MaxPageSize = 1000;

    public async Task<RecordPage> ListAsync(string collection, RecordQuery query, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var q = query.Q is { Length: > 0 } text ? Socle.Catalog.Profiles.TextFolding.Fold(text) : null;
        if (query.AsOf is not { } day)
        {
            var rows = db.Records.AsNoTracking().Where(r => r.CollectionId == c.Id && !r.Removed);
            if (query.Region is { } region) rows = rows.Where(r => r.Region == region);
            if (query.Departement is { } dep) rows = rows.Where(r => r.Departement == dep);
            if (query.Category is { } cat) rows = rows.Where(r => r.Category == cat);
            if (query.Stage is { } stage) rows = rows.Where(r => r.Stage == stage);
            if (q is not null) rows = rows.Where(r => r.NameKey != null && r.NameKey.Contains(q));
            var total = await rows.CountAsync(ct);
            var items = await rows.OrderBy(r => r.Number).Skip((page - 1) * size).Take(size)
                .Select(r => new { r.Number, r.Version, r.Stage, r.Label, r.Region, r.Departement, r.Category, r.Power, r.Latitude, r.Longitude, r.Values, r.Id })
                .ToListAsync(ct);
            var ids = items.Select(i => i.Id).ToList();
            var validFrom = await db.Revisions.Where(v => ids.Contains(v.RecordId)).GroupBy(v => v.RecordId)
                .Select(g => new { g.Key, ValidFrom = g.Max(v => v.ValidFrom) }).ToDictionaryAsync(x => x.Key, x => x.ValidFrom, ct);
            return new RecordPage([.. items.Select(i => new RecordRow(i.Number, i.Version, i.Stage, i.Label, i.Region, i.Departement, i.Category,
                i.Power, i.Latitude, i.Longitude, validFrom.GetValueOrDefault(i.Id), RecordValues.Parse(i.Values)))], total, page, size, null);
        }

        var asOf = AsOf(c.Id, day);
        if (query.Region is { } r2) asOf = asOf.Where(x => x.Revision.Region == r2);
        if (query.Departement is { } d2) asOf = asOf.Where(x => x.Revision.Departement == d2);
        if (query.Category is { } c2) asOf = asOf.Where(x => x.Revision.Category == c2);
        if (query.Stage is { } s2) asOf = asOf.Where(x => x.Stage == s2);
        if (q is not null) asOf = asOf.Where(x => x.Record.NameKey != null && x.Record.NameKey.Contains(q));
        var count = await asOf.CountAsync(ct);
        var found = await asOf.OrderBy(x => x.Record.Number).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new RecordPage([.. found.Select(x => new RecordRow(x.Record.Number, x.Revision.Version, x.Stage, x.Revision.Label, x.Revision.Region,
            x.Revision.Departement, x.Revision.Category, x.Revision.Power, x.Record.Latitude, x.Record.Longitude, x.Revision.ValidFrom,
            RecordValues.Parse(x.Revision.Values)))], count, page, size, day);
    }

    // Built with an object initializer, not a constructor: EF translates members of an initializer in later clauses
    // (filters, ordering), not the properties of a positional record.
    internal sealed class AsOfRow
    {
        public required CollectRecord Record { get; init; }
        public required RecordRevision Revision { get; init; }
        public string? Stage { get; init; }
    }

    /// <summary>
    /// Each record's last revision valid on <paramref name="day"/> (revisions of a record never go back in time, so the
    /// highest version among those valid then), without those withdrawn by then, with the stage of its events then.
    /// </summary>
    internal IQueryable<AsOfRow> AsOf(Guid collection, DateOnly day) =>
        from v in db.Revisions.AsNoTracking()
        where v.CollectionId == collection && v.ValidFrom <= day && !v.Removed
              && v.Version == db.Revisions.Where(o => o.RecordId == v.RecordId && o.ValidFrom <= day).Max(o => o.Version)
        join r in db.Records.AsNoTracking() on v.RecordId equals r.Id
        select new AsOfRow
        {
            Record = r,
            Revision = v,
            Stage = db.Events.Where(e => e.RecordId == v.RecordId && e.Stage != null && e.WithdrawnAt == null && e.Date <= day)
                .OrderByDescending(e => e.Date).ThenByDescending(e => e.RecordedAt).Select(e => e.Stage).FirstOrDefault(),
        };

    public async Task<RecordView> GetAsync(string collection, long number, DateOnly? asOf = null, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var record = await db.Records.AsNoTracking().FirstOrDefaultAsync(r => r.CollectionId == c.Id && r.Number == number, ct)
            ?? throw RecordValues.NotFound("record", number.ToString(CultureInfo.InvariantCulture));
        var revisions = db.Revisions.AsNoTracking().Where(v => v.RecordId == record.Id);
        if (asOf is { } day) revisions = revisions.Where(v => v.ValidFrom <= day);
        var revision = await revisions.OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (revision is null || asOf is not null && revision.Removed)
            throw new CatalogException(Problem.NotFound, "collect-record-not-yet", null, number, asOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var sources = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var s in await db.SourceValues.AsNoTracking().Where(s => s.RecordId == record.Id).ToListAsync(ct))
            sources[s.Source] = RecordValues.Parse(s.Values);
        var conflicts = await db.Conflicts.AsNoTracking().Where(x => x.RecordId == record.Id && x.Status == ConflictStatus.Open).OrderBy(x => x.Field).ToListAsync(ct);
        var events = await db.Events.AsNoTracking().Where(e => e.RecordId == record.Id && e.WithdrawnAt == null).ToListAsync(ct);
        return new RecordView(record, revision, RecordValues.Parse(revision.Values),
            JsonSerializer.Deserialize<Dictionary<string, string>>(revision.Provenance) ?? [], sources, conflicts, RecordWriter.StageOf(events, asOf));
    }

    /// <summary>Creates a record from one source's values. Body: values, source?, valid_from?, comment?.</summary>
    public async Task<RecordView> CreateAsync(Actor actor, string collection, JsonObject body, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var rights = await collections.RightsAsync(c, actor, ct);
        rights.Require(CollectionRole.Contributor, "record.create", anywhere: true);
        var errors = new List<FieldError>();
        var w = Context(actor, def, body, errors);
        var given = body["values"] is JsonObject v ? RecordValues.FromJson(JsonSerializer.SerializeToElement(v), def.Schema, errors) : null;
        if (given is null) errors.Add(RecordValues.Error("values", "collect-required"));
        var values = errors.Count == 0 ? RecordValues.Check(given!, def.Schema, errors) : null;
        if (values is not null) await CheckExternalIdAsync(c, def, values, null, errors, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        var writer = new RecordWriter(db, def);
        var probe = new CollectRecord();
        writer.SetDimensions(probe, values!);
        rights.Require(CollectionRole.Contributor, "record.create", probe.Region, probe.Departement);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The number is taken by an atomic increment in this transaction: concurrent creations queue, none fails.
        c.NextNumber = await RecordWriter.TakeNumberAsync(db, c.Id, ct);
        var record = writer.Create(c, values!, w);
        await SaveAsync(c, record, ct);
        await transaction.CommitAsync(ct);
        return await GetAsync(c.Slug, record.Number, null, ct);
    }

    /// <summary>
    /// A source's new values for a record (body: values — the fields to change, null clears one — source?, valid_from?,
    /// comment?). <paramref name="expectedVersion"/> (If-Match) must be the record's version when given.
    /// </summary>
    public async Task<RecordView> UpdateAsync(Actor actor, string collection, long number, JsonObject body, int? expectedVersion, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var record = await FindAsync(c, number, ct);
        var rights = await collections.RightsAsync(c, actor, ct);
        rights.Require(CollectionRole.Contributor, "record.update", record.Region, record.Departement);
        if (expectedVersion is { } expected && expected != record.Version) throw await StaleAsync(record, expected, ct);
        var errors = new List<FieldError>();
        var w = Context(actor, def, body, errors);
        var given = body["values"] is JsonObject v ? RecordValues.FromJson(JsonSerializer.SerializeToElement(v), def.Schema, errors) : null;
        if (given is null) errors.Add(RecordValues.Error("values", "collect-required"));
        await CheckValidFromAsync(record, w, errors, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        // The whole resulting state is checked (a required field cleared, a value out of its list), not only what changed.
        var published = RecordValues.Parse(record.Values);
        var after = published.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        foreach (var (field, value) in given!) after[field] = value;
        if (RecordValues.Check(after, def.Schema, errors) is null) throw CatalogException.Invalid(errors);
        var canonical = given.ToDictionary(p => p.Key, p => p.Value is { Length: > 0 } s ? RecordValues.Canonical(def.Schema.Fields[def.Schema.IndexOf(p.Key)], s) : null, StringComparer.Ordinal);
        await CheckExternalIdAsync(c, def, canonical.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!), record.Id, errors, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        var writer = new RecordWriter(db, def);
        await writer.UpdateAsync(c, record, canonical, w, ct);
        // A contributor may not move a record out of their territories.
        rights.Require(CollectionRole.Contributor, "record.update", record.Region, record.Departement);
        await SaveAsync(c, record, ct, expectedVersion);
        return await GetAsync(c.Slug, number, null, ct);
    }

    /// <summary>Withdraws a record (a duplicate, a mistake): stewards. It stays readable with its history; "as of" later days omits it.</summary>
    public async Task RemoveAsync(Actor actor, string collection, long number, string? comment, int? expectedVersion, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var record = await FindAsync(c, number, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Steward, "record.remove", record.Region, record.Departement);
        if (expectedVersion is { } expected && expected != record.Version) throw await StaleAsync(record, expected, ct);
        if (record.Removed) return;
        var now = clock.GetUtcNow();
        var w = new WriteContext(Consolidation.Arbitration, Today(now), actor.AccountId, actor.Name, comment, null, now);
        var latest = await db.Revisions.Where(v => v.RecordId == record.Id).MaxAsync(v => v.ValidFrom, ct);
        if (latest > w.ValidFrom) w = w with { ValidFrom = latest };
        record.Removed = true;
        record.Version++;
        record.UpdatedAt = now;
        db.Revisions.Add(new RecordWriter(db, def).RevisionOf(record, [], w, removed: true));
        await SaveAsync(c, record, ct, expectedVersion);
    }

    public async Task<List<RecordRevision>> RevisionsAsync(string collection, long number, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var record = await FindAsync(c, number, ct, tracked: false);
        return await db.Revisions.AsNoTracking().Where(v => v.RecordId == record.Id).OrderBy(v => v.Version).ToListAsync(ct);
    }

    /// <summary>The fields that differ between two revisions of a record, in schema order.</summary>
    public async Task<List<FieldChange>> DiffAsync(string collection, long number, int from, int to, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var revisions = await RevisionsAsync(collection, number, ct);
        var a = revisions.FirstOrDefault(v => v.Version == from) ?? throw RecordValues.NotFound("revision", from.ToString(CultureInfo.InvariantCulture));
        var b = revisions.FirstOrDefault(v => v.Version == to) ?? throw RecordValues.NotFound("revision", to.ToString(CultureInfo.InvariantCulture));
        var before = RecordValues.Parse(a.Values);
        var after = RecordValues.Parse(b.Values);
        return [.. RecordValues.ChangedFields(before, after, def.Schema).Select(f => new FieldChange(f, before.GetValueOrDefault(f), after.GetValueOrDefault(f)))];
    }

    /// <summary>Revisions and events together, by date (events before the revisions of the same day), oldest first.</summary>
    public async Task<List<TimelineEntry>> TimelineAsync(string collection, long number, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var record = await FindAsync(c, number, ct, tracked: false);
        var revisions = await db.Revisions.AsNoTracking().Where(v => v.RecordId == record.Id).ToListAsync(ct);
        var events = await db.Events.AsNoTracking().Where(e => e.RecordId == record.Id && e.WithdrawnAt == null).ToListAsync(ct);
        return [.. events.Select(e => new TimelineEntry(e.Date, "event", null, e))
            .Concat(revisions.Select(v => new TimelineEntry(v.ValidFrom, "revision", v, null)))
            .OrderBy(t => t.Date).ThenBy(t => t.Kind == "event" ? 0 : 1)
            .ThenBy(t => t.Revision?.Version ?? 0).ThenBy(t => t.Event?.RecordedAt ?? default)];
    }

    public async Task<List<RecordEvent>> EventsAsync(string collection, long number, bool withdrawn = false, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var record = await FindAsync(c, number, ct, tracked: false);
        return await db.Events.AsNoTracking().Where(e => e.RecordId == record.Id && (withdrawn || e.WithdrawnAt == null))
            .OrderBy(e => e.Date).ThenBy(e => e.RecordedAt).ToListAsync(ct);
    }

    /// <summary>Adds a dated event (body: type, date, fields?, comment?, source?); the record's stage follows.</summary>
    public async Task<RecordEvent> AddEventAsync(Actor actor, string collection, long number, JsonObject body, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var record = await FindAsync(c, number, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Contributor, "event.create", record.Region, record.Departement);
        var errors = new List<FieldError>();
        var type = (body["type"] as JsonValue)?.GetValue<string>();
        var eventDef = type is null ? null : def.Event(type);
        if (type is null) errors.Add(RecordValues.Error("type", "collect-required"));
        else if (eventDef is null) errors.Add(RecordValues.Error("type", "collect-unknown-event", type));
        var date = ReadDate(body, "date", errors, required: true);
        var source = Source(def, body, errors);
        Dictionary<string, string>? fields = [];
        if (eventDef is not null)
        {
            var given = body["fields"] is JsonObject f ? RecordValues.FromJson(JsonSerializer.SerializeToElement(f), eventDef.Fields, errors, "fields") : [];
            if (errors.Count == 0) fields = RecordValues.Check(given, eventDef.Fields, errors, "fields");
        }
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        var now = clock.GetUtcNow();
        var e = new RecordEvent
        {
            CollectionId = c.Id, RecordId = record.Id, Type = type!, Date = date!.Value, Stage = eventDef!.Stage,
            Fields = RecordValues.Write(fields!, eventDef.Fields), Source = source, AuthorId = actor.AccountId, AuthorName = actor.Name,
            Comment = (body["comment"] as JsonValue)?.GetValue<string>(), RecordedAt = now,
        };
        db.Events.Add(e);
        var events = await db.Events.Where(x => x.RecordId == record.Id && x.WithdrawnAt == null).ToListAsync(ct);
        record.Stage = RecordWriter.StageOf(events.Append(e), null);
        record.UpdatedAt = now;
        await SaveAsync(c, record, ct);
        return e;
    }

    /// <summary>Withdraws an event entered by mistake (stewards); it stays in the history, marked.</summary>
    public async Task WithdrawEventAsync(Actor actor, string collection, long number, Guid eventId, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var record = await FindAsync(c, number, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Steward, "event.withdraw", record.Region, record.Departement);
        var events = await db.Events.Where(x => x.RecordId == record.Id && x.WithdrawnAt == null).ToListAsync(ct);
        var e = events.FirstOrDefault(x => x.Id == eventId) ?? throw RecordValues.NotFound("event", eventId.ToString());
        e.WithdrawnAt = clock.GetUtcNow();
        e.WithdrawnBy = actor.AccountId;
        record.Stage = RecordWriter.StageOf(events.Where(x => x.Id != eventId), null);
        await SaveAsync(c, record, ct);
    }

    /// <summary>The record's current measures (the latest value of each measure, period and source), by measure and period.</summary>
    public async Task<List<Measure>> MeasuresAsync(string collection, long number, string? measure = null, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var record = await FindAsync(c, number, ct, tracked: false);
        var q = db.Measures.AsNoTracking().Where(m => m.RecordId == record.Id && m.Current);
        if (measure is not null) q = q.Where(m => m.Name == measure);
        return await q.OrderBy(m => m.Name).ThenBy(m => m.Period).ThenBy(m => m.Source).ToListAsync(ct);
    }

    /// <summary>Adds measure values (body: {measures: [{measure, period, value}], source?}); one that differs supersedes the last.</summary>
    public async Task<int> AddMeasuresAsync(Actor actor, string collection, long number, JsonObject body, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var record = await FindAsync(c, number, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Contributor, "measure.create", record.Region, record.Departement);
        var errors = new List<FieldError>();
        var source = Source(def, body, errors);
        var items = new List<(string, string, double)>();
        if (body["measures"] is not JsonArray list || list.Count == 0) errors.Add(RecordValues.Error("measures", "collect-required"));
        else
            for (var i = 0; i < list.Count; i++)
            {
                var at = $"measures[{i}]";
                var item = list[i] as JsonObject;
                var name = (item?["measure"] as JsonValue)?.GetValue<string>();
                var m = name is null ? null : def.Measure(name);
                if (m is null) { errors.Add(RecordValues.Error($"{at}.measure", "collect-unknown-measure", name)); continue; }
                var period = (item!["period"] as JsonValue)?.ToString();
                if (period is null || !PeriodFits(m.Period, period)) { errors.Add(RecordValues.Error($"{at}.period", "collect-bad-period", period, m.Period)); continue; }
                if (item["value"] is not JsonValue jv || jv.GetValueKind() != JsonValueKind.Number
                    || !double.TryParse(jv.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                { errors.Add(RecordValues.Error($"{at}.value", "collect-bad-number", item["value"]?.ToJsonString())); continue; }
                items.Add((m.Id, period, value));
            }
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        var now = clock.GetUtcNow();
        var writer = new RecordWriter(db, def);
        await writer.LoadAsync([record.Id], ct);
        var w = new WriteContext(source, Today(now), actor.AccountId, actor.Name, null, null, now);
        var added = db.ChangeTracker.Entries<Measure>().Count(x => x.State == EntityState.Added);
        foreach (var (m, period, value) in items) writer.AddMeasure(record, m, period, value, w);
        added = db.ChangeTracker.Entries<Measure>().Count(x => x.State == EntityState.Added) - added;
        await SaveAsync(c, record, ct);
        return added;
    }

    private static bool PeriodFits(string kind, string period) => kind switch
    {
        "month" => DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => period.Length == 4 && int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1800 and <= 2200,
    };

    private async Task<CollectRecord> FindAsync(Collection c, long number, CancellationToken ct, bool tracked = true)
    {
        var q = tracked ? db.Records : db.Records.AsNoTracking();
        return await q.FirstOrDefaultAsync(r => r.CollectionId == c.Id && r.Number == number, ct)
            ?? throw RecordValues.NotFound("record", number.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The clear refusal of a stale write: who changed the record, when, and to which version.</summary>
    private async Task<CatalogException> StaleAsync(CollectRecord record, int expected, CancellationToken ct)
    {
        var last = await db.Revisions.AsNoTracking().Where(v => v.RecordId == record.Id).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        return new CatalogException(Problem.PreconditionFailed, "collect-record-version", null, record.Number, expected, record.Version,
            last?.AuthorName ?? last?.Source ?? "?", last?.RecordedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC");
    }

    private async Task SaveAsync(Collection c, CollectRecord record, CancellationToken ct, int? expectedVersion = null)
    {
        await Publication.PublicationService.QueueAsync(db, c, clock, ct);
        try
        {
            await RecordWriter.SaveAsync(db, c.Id, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another write of this record got in between our read and our save.
            db.ChangeTracker.Clear();
            var fresh = await db.Records.AsNoTracking().FirstAsync(r => r.Id == record.Id, ct);
            throw await StaleAsync(fresh, expectedVersion ?? record.Version - 1, ct);
        }
    }

    private WriteContext Context(Actor actor, CollectionDefinition def, JsonObject body, List<FieldError> errors)
    {
        var now = clock.GetUtcNow();
        var source = Source(def, body, errors);
        var validFrom = ReadDate(body, "valid_from", errors, required: false) ?? Today(now);
        return new WriteContext(source, validFrom, actor.AccountId, actor.Name, (body["comment"] as JsonValue)?.GetValue<string>(), null, now);
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>A record's history never goes back: a change cannot hold from before the record's latest state.</summary>
    private async Task CheckValidFromAsync(CollectRecord record, WriteContext w, List<FieldError> errors, CancellationToken ct)
    {
        var latest = await db.Revisions.Where(v => v.RecordId == record.Id).MaxAsync(v => v.ValidFrom, ct);
        if (w.ValidFrom < latest)
            errors.Add(RecordValues.Error("valid_from", "collect-valid-from-before", w.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    private static string Source(CollectionDefinition def, JsonObject body, List<FieldError> errors)
    {
        var source = (body["source"] as JsonValue)?.GetValue<string>() ?? def.Sources[0].Id;
        if (!def.HasSource(source)) errors.Add(RecordValues.Error("source", "collect-unknown-source", source));
        return source;
    }

    private static DateOnly? ReadDate(JsonObject body, string name, List<FieldError> errors, bool required)
    {
        var text = (body[name] as JsonValue)?.ToString();
        if (text is null) { if (required) errors.Add(RecordValues.Error(name, "collect-required")); return null; }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(RecordValues.Error(name, "collect-bad-date", text));
        return null;
    }

    private async Task CheckExternalIdAsync(Collection c, CollectionDefinition def, IReadOnlyDictionary<string, string> values, Guid? self, List<FieldError> errors, CancellationToken ct)
    {
        if (def.Identity.ExternalId is not { } field || !values.TryGetValue(field, out var id)) return;
        var other = await db.Records.AsNoTracking().Where(r => r.CollectionId == c.Id && r.ExternalId == id && !r.Removed && r.Id != self)
            .Select(r => (long?)r.Number).FirstOrDefaultAsync(ct);
        if (other is { } n) errors.Add(RecordValues.Error($"values.{field}", "collect-external-id-taken", id, n));
    }
}
