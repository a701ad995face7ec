using System.Text.Json;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;

namespace Socle.Collect.Demo;

/// <summary>
/// Writes generated installations into a collection with their whole past: each version as its source's say on that
/// day, consolidated as the services do (a revision whenever the published values change), the events, the yearly
/// measures and the disagreements left open — everything up to <c>until</c>, in one transaction of bulk inserts.
/// </summary>
internal static class HistoryLoader
{
    public static async Task<int> LoadAsync(CollectDb db, Collection collection, CollectionDefinition def, IEnumerable<GeneratedInstallation> installations,
        DateOnly until, DateTimeOffset now, CancellationToken ct)
    {
        var records = new List<CollectRecord>();
        var revisions = new List<RecordRevision>();
        var sourceRows = new List<SourceValues>();
        var events = new List<RecordEvent>();
        var measures = new List<Measure>();
        var conflicts = new List<Conflict>();
        var writer = new RecordWriter(db, def, _ => throw new InvalidOperationException("The loader writes its own rows."));
        var number = collection.NextNumber;
        foreach (var installation in installations)
        {
            if (installation.Versions.Count == 0 || installation.Versions[0].ValidFrom > until) continue;
            var record = new CollectRecord { CollectionId = collection.Id, Number = number++, CreatedAt = now, UpdatedAt = now, Version = 0 };
            var sources = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            var published = new Dictionary<string, string>(StringComparer.Ordinal);
            Consolidation.Result? merged = null;
            foreach (var version in installation.Versions)
            {
                if (version.ValidFrom > until) break;
                var mine = sources.TryGetValue(version.Source, out var m) ? m : sources[version.Source] = new(StringComparer.Ordinal);
                foreach (var (field, value) in version.Values)
                {
                    var index = def.Schema.IndexOf(field);
                    if (index < 0) continue;
                    if (string.IsNullOrEmpty(value)) mine.Remove(field); else mine[field] = RecordValues.Canonical(def.Schema.Fields[index], value);
                }
                merged = Consolidation.Merge(def, sources);
                var changed = RecordValues.ChangedFields(published, merged.Values, def.Schema);
                if (record.Version > 0 && changed.Count == 0) continue;
                published = merged.Values;
                record.Version++;
                record.Values = RecordValues.Write(published, def.Schema);
                record.Provenance = RecordValues.Write(merged.Provenance, def.Schema);
                writer.SetDimensions(record, published);
                revisions.Add(writer.RevisionOf(record, changed, new WriteContext(version.Source, version.ValidFrom, null, null, null, null, now)));
            }
            foreach (var (source, values) in sources)
            {
                var json = RecordValues.Write(values, def.Schema);
                sourceRows.Add(new SourceValues { RecordId = record.Id, CollectionId = collection.Id, Source = source, Values = json, Hash = RecordValues.Hash(json), ObservedOn = until, RecordedAt = now });
            }
            foreach (var (field, bySource) in merged!.Disagreements)
                conflicts.Add(new Conflict { CollectionId = collection.Id, RecordId = record.Id, Field = field, Values = JsonSerializer.Serialize(bySource), CreatedAt = now });
            var mineEvents = installation.Events.Where(e => e.Date <= until).Select(e => new RecordEvent
            {
                CollectionId = collection.Id, RecordId = record.Id, Type = e.Type, Date = e.Date, Stage = def.Event(e.Type)?.Stage,
                Fields = JsonSerializer.Serialize(e.Fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value)),
                Source = e.Type is "depot_permis" or "permis_accorde" or "permis_refuse" or "recours" or "projet" ? "dreal" : "odre",
                RecordedAt = now,
            }).ToList();
            events.AddRange(mineEvents);
            record.Stage = RecordWriter.StageOf(mineEvents, null);
            foreach (var m in installation.Measures)
                if (string.CompareOrdinal(m.Period, until.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)) <= 0)
                    measures.Add(new Measure { CollectionId = collection.Id, RecordId = record.Id, Name = m.Measure, Period = m.Period, Value = m.Value, Source = "odre", RecordedAt = now });
            records.Add(record);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await BulkInsert.InsertAsync(db, records, ct);
        await BulkInsert.InsertAsync(db, revisions, ct);
        await BulkInsert.InsertAsync(db, sourceRows, ct);
        await BulkInsert.InsertAsync(db, events, ct);
        await BulkInsert.InsertAsync(db, measures, ct);
        await BulkInsert.InsertAsync(db, conflicts, ct);
        var tracked = await db.Collections.FindAsync([collection.Id], ct);
        tracked!.NextNumber = number;
        tracked.Changes++;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return records.Count;
    }
}
