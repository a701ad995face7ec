using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;

namespace Socle.Collect.Records;

/// <summary>Who writes and why: the source the values come from, the day they hold from, the author and a comment.</summary>
public sealed record WriteContext(string Source, DateOnly ValidFrom, Guid? AuthorId, string? AuthorName, string? Comment, Guid? ImportId, DateTimeOffset Now);

/// <summary>
/// The one way values enter a record, for the services and for imports alike: a source's values are stored, the record
/// is consolidated again, a revision is written when the published values change, conflicts follow the sources'
/// disagreements, and dated fields become events and energy fields measures. The caller saves, in its transaction.
/// </summary>
internal sealed class RecordWriter(CollectDb db, CollectionDefinition definition, Action<object>? add = null)
{
    // New rows go to the context, or to the import's bulk writer when it creates thousands of records at once.
    private readonly Action<object> add = add ?? (entity => db.Add(entity));

    /// <summary>
    /// Saves a write to a collection's records and moves its change counter, by an atomic increment in the same
    /// transaction (the caller's, or one of its own): writes to different records never refuse each other, and an
    /// import planned before them sees that the register moved.
    /// </summary>
    public static async Task SaveAsync(CollectDb db, Guid collection, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            await db.Collections.Where(c => c.Id == collection).ExecuteUpdateAsync(s => s.SetProperty(c => c.Changes, c => c.Changes + 1), ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>Takes the collection's next record number (an atomic increment: call it inside the creating transaction).</summary>
    public static async Task<long> TakeNumberAsync(CollectDb db, Guid collection, CancellationToken ct)
    {
        await db.Collections.Where(c => c.Id == collection).ExecuteUpdateAsync(s => s.SetProperty(c => c.NextNumber, c => c.NextNumber + 1), ct);
        return await db.Collections.Where(c => c.Id == collection).Select(c => c.NextNumber).FirstAsync(ct) - 1;
    }

    /// <summary>A new record from one source's values (already checked and canonical).</summary>
    public CollectRecord Create(Collection collection, Dictionary<string, string> values, WriteContext w)
    {
        var record = new CollectRecord { CollectionId = collection.Id, Number = collection.NextNumber++, CreatedAt = w.Now, Version = 0 };
        add(record);
        var sources = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal) { [w.Source] = values };
        var json = RecordValues.Write(values, definition.Schema);
        add(new SourceValues { RecordId = record.Id, CollectionId = collection.Id, Source = w.Source, Values = json, Hash = RecordValues.Hash(json), ObservedOn = w.ValidFrom, RecordedAt = w.Now, ImportId = w.ImportId });
        Apply(record, sources, [], [], w, isNew: true);
        return record;
    }

    // What updates read, loaded for a whole chunk of records at once (four queries, not four per record).
    private Dictionary<Guid, List<SourceValues>> sourceRows = [];
    private Dictionary<Guid, List<Conflict>> conflictRows = [];
    private Dictionary<Guid, List<RecordEvent>> eventRows = [];
    private readonly Dictionary<(Guid Record, string Name, string Period, string Source), Measure> currentMeasures = [];

    /// <summary>Loads, tracked, what updating these records reads: their sources' values, conflicts, live events and current measures.</summary>
    public async Task LoadAsync(IReadOnlyCollection<Guid> records, CancellationToken ct)
    {
        var ids = records.ToList();
        sourceRows = (await db.SourceValues.Where(s => ids.Contains(s.RecordId)).ToListAsync(ct)).GroupBy(s => s.RecordId).ToDictionary(g => g.Key, g => g.ToList());
        conflictRows = (await db.Conflicts.Where(c => ids.Contains(c.RecordId)).ToListAsync(ct)).GroupBy(c => c.RecordId).ToDictionary(g => g.Key, g => g.ToList());
        eventRows = (await db.Events.Where(e => ids.Contains(e.RecordId) && e.WithdrawnAt == null).ToListAsync(ct)).GroupBy(e => e.RecordId).ToDictionary(g => g.Key, g => g.ToList());
        currentMeasures.Clear();
        foreach (var m in await db.Measures.Where(m => ids.Contains(m.RecordId) && m.Current).ToListAsync(ct))
            currentMeasures[(m.RecordId, m.Name, m.Period, m.Source)] = m;
    }

    /// <summary>One record's update: loads what it reads, then <see cref="Update"/>.</summary>
    public async Task<bool> UpdateAsync(Collection collection, CollectRecord record, IReadOnlyDictionary<string, string?> given, WriteContext w, CancellationToken ct)
    {
        await LoadAsync([record.Id], ct);
        return Update(collection, record, given, w);
    }

    /// <summary>
    /// A source's new values for an existing record whose data is loaded (<paramref name="given"/>: field → value, null
    /// clears it; fields not given keep that source's earlier value). Returns whether the published values changed.
    /// </summary>
    public bool Update(Collection collection, CollectRecord record, IReadOnlyDictionary<string, string?> given, WriteContext w)
    {
        var rows = sourceRows.GetValueOrDefault(record.Id) ?? [];
        var sources = rows.ToDictionary(r => r.Source, r => RecordValues.Parse(r.Values), StringComparer.Ordinal);
        var row = rows.FirstOrDefault(r => r.Source == w.Source);
        var mine = sources.TryGetValue(w.Source, out var m) ? new Dictionary<string, string>(m, StringComparer.Ordinal) : new(StringComparer.Ordinal);
        foreach (var (field, value) in given)
            if (string.IsNullOrEmpty(value)) mine.Remove(field); else mine[field] = value;
        sources[w.Source] = mine;
        var json = RecordValues.Write(mine, definition.Schema);
        if (row is null)
        {
            row = new SourceValues { RecordId = record.Id, CollectionId = collection.Id, Source = w.Source, Values = json, Hash = RecordValues.Hash(json), ObservedOn = w.ValidFrom, RecordedAt = w.Now, ImportId = w.ImportId };
            add(row);
            (sourceRows.TryGetValue(record.Id, out var list) ? list : sourceRows[record.Id] = []).Add(row);
        }
        else
        {
            row.Values = json;
            row.Hash = RecordValues.Hash(json);
            row.ObservedOn = w.ValidFrom;
            row.RecordedAt = w.Now;
            row.ImportId = w.ImportId;
        }
        var conflicts = conflictRows.TryGetValue(record.Id, out var c) ? c : conflictRows[record.Id] = [];
        var events = eventRows.TryGetValue(record.Id, out var e) ? e : eventRows[record.Id] = [];
        var changed = Apply(record, sources, conflicts, events, w, isNew: false);
        return changed;
    }

    /// <summary>Consolidates and writes what follows from it; <paramref name="conflicts"/> and <paramref name="events"/> are the record's.</summary>
    private bool Apply(CollectRecord record, Dictionary<string, Dictionary<string, string>> sources, List<Conflict> conflicts,
        List<RecordEvent> events, WriteContext w, bool isNew)
    {
        var merged = Consolidation.Merge(definition, sources);
        var before = isNew ? new Dictionary<string, string>() : RecordValues.Parse(record.Values);
        var changed = RecordValues.ChangedFields(before, merged.Values, definition.Schema);
        SyncConflicts(record, merged, conflicts, w);
        DeriveEvents(record, sources.GetValueOrDefault(w.Source) ?? [], events, w);
        DeriveMeasures(record, sources.GetValueOrDefault(w.Source) ?? [], w);
        if (!isNew && changed.Count == 0) return false;

        record.Values = RecordValues.Write(merged.Values, definition.Schema);
        record.Provenance = RecordValues.Write(merged.Provenance, definition.Schema);
        record.Version++;
        record.UpdatedAt = w.Now;
        record.Removed = false;
        SetDimensions(record, merged.Values);
        add(RevisionOf(record, changed, w));
        return true;
    }

    internal RecordRevision RevisionOf(CollectRecord record, IEnumerable<string> changed, WriteContext w, bool removed = false) => new()
    {
        CollectionId = record.CollectionId,
        RecordId = record.Id,
        Version = record.Version,
        Values = record.Values,
        Provenance = record.Provenance,
        Changed = RecordValues.WriteList(changed),
        ValidFrom = w.ValidFrom,
        RecordedAt = w.Now,
        Source = w.Source,
        AuthorId = w.AuthorId,
        AuthorName = w.AuthorName,
        Comment = w.Comment,
        ImportId = w.ImportId,
        Removed = removed,
        Label = record.Label,
        Region = record.Region,
        Departement = record.Departement,
        Category = record.Category,
        Power = record.Power,
    };

    public void SetDimensions(CollectRecord record, IReadOnlyDictionary<string, string> values)
    {
        var d = definition.Dimensions;
        record.Label = Clip(RecordValues.Text(values, d.Label), 400);
        record.Region = Clip(RecordValues.Text(values, d.Region), 100);
        record.Departement = Clip(RecordValues.Text(values, d.Departement), 100);
        record.Category = Clip(RecordValues.Text(values, d.Category), 100);
        record.Power = RecordValues.Number(values, d.Power);
        record.Commune = Clip(RecordValues.Text(values, definition.Identity.Commune), 100);
        record.Latitude = RecordValues.Number(values, definition.Identity.Latitude);
        record.Longitude = RecordValues.Number(values, definition.Identity.Longitude);
        record.ExternalId = Clip(RecordValues.Text(values, definition.Identity.ExternalId), 100);
        record.NameKey = Clip(RecordValues.NameKey(values, definition.Identity), 400);
    }

    private static string? Clip(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    /// <summary>
    /// Opens a conflict for each field the sources newly disagree on, updates open ones, and closes those the sources
    /// now agree on. A disagreement a steward already settled with the same values stays settled.
    /// </summary>
    private void SyncConflicts(CollectRecord record, Consolidation.Result merged, List<Conflict> conflicts, WriteContext w)
    {
        var disagreeing = merged.Disagreements.ToDictionary(d => d.Field, d => JsonSerializer.Serialize(d.BySource), StringComparer.Ordinal);
        foreach (var open in conflicts.Where(c => c.Status == ConflictStatus.Open))
        {
            if (disagreeing.TryGetValue(open.Field, out var values)) { open.Values = values; continue; }
            open.Status = ConflictStatus.Resolved;
            open.Resolution = merged.Values.GetValueOrDefault(open.Field);
            open.ResolvedAt = w.Now;
            open.Comment = "sources-agree";
        }
        foreach (var (field, values) in disagreeing)
        {
            if (conflicts.Any(c => c.Field == field && (c.Status == ConflictStatus.Open || c.Values == values))) continue;
            var conflict = new Conflict { CollectionId = record.CollectionId, RecordId = record.Id, Field = field, Values = values, CreatedAt = w.Now };
            conflicts.Add(conflict);
            add(conflict);
        }
    }

    /// <summary>A dated field (date of commissioning…) is the event it names: made, moved with the field, or withdrawn.</summary>
    private void DeriveEvents(CollectRecord record, Dictionary<string, string> values, List<RecordEvent> events, WriteContext w)
    {
        foreach (var (field, type) in definition.EventsFromFields)
        {
            DateOnly? date = values.TryGetValue(field, out var text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            var mine = events.FirstOrDefault(e => e.FromField && e.Type == type && e.Source == w.Source);
            if (mine is not null && mine.Date == date) continue;
            if (mine is not null) { mine.WithdrawnAt = w.Now; mine.WithdrawnBy = w.AuthorId; events.Remove(mine); }
            if (date is null || events.Any(e => e.Type == type && e.Date == date)) continue;
            var made = new RecordEvent
            {
                CollectionId = record.CollectionId, RecordId = record.Id, Type = type, Date = date.Value, Stage = definition.Event(type)?.Stage,
                Source = w.Source, AuthorId = w.AuthorId, AuthorName = w.AuthorName, ImportId = w.ImportId, FromField = true, RecordedAt = w.Now,
            };
            events.Add(made);
            add(made);
        }
        record.Stage = StageOf(events, null);
    }

    /// <summary>The stage the events lead to on a day (today when null): the last dated event whose type sets one.</summary>
    internal static string? StageOf(IEnumerable<RecordEvent> events, DateOnly? on) => events
        .Where(e => e.Stage is not null && e.WithdrawnAt is null && (on is null || e.Date <= on))
        .OrderByDescending(e => e.Date).ThenByDescending(e => e.RecordedAt).Select(e => e.Stage).FirstOrDefault();

    /// <summary>
    /// Energy fields (rolling annual production…) are also the year's measure: the year of the values' date when it is
    /// 31 December (a year-end export), else the year before (the last full year).
    /// </summary>
    private void DeriveMeasures(CollectRecord record, Dictionary<string, string> values, WriteContext w)
    {
        if (definition.MeasuresFromFields.Count == 0) return;
        var year = (w.ValidFrom is { Month: 12, Day: 31 } ? w.ValidFrom.Year : w.ValidFrom.Year - 1).ToString(CultureInfo.InvariantCulture);
        foreach (var (field, measure) in definition.MeasuresFromFields)
            if (RecordValues.Number(values, field) is { } value)
                AddMeasure(record, measure, year, value, w);
    }

    /// <summary>Adds a measure value (the record's data loaded); the current one for the same measure, period and source is superseded if it differs.</summary>
    public void AddMeasure(CollectRecord record, string measure, string period, double value, WriteContext w)
    {
        var key = (record.Id, measure, period, w.Source);
        var current = currentMeasures.GetValueOrDefault(key);
        if (current is not null && current.Value.Equals(value)) return;
        if (current is not null) current.Current = false;
        var made = new Measure
        {
            CollectionId = record.CollectionId, RecordId = record.Id, Name = measure, Period = period, Value = value, Source = w.Source,
            AuthorId = w.AuthorId, ImportId = w.ImportId, RecordedAt = w.Now,
        };
        currentMeasures[key] = made;
        add(made);
    }
}
