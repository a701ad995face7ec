using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;

namespace Socle.Collect.Publication;

/// <summary>One file of a publication, written in the work folder.</summary>
internal sealed record ExportFile(string Name, string Format, string Path, long Rows, DateOnly? AsOf);

/// <summary>
/// Writes a collection's published files in one pass over the register, a page of records at a time (with their
/// events, current measures and — for the dated snapshots — revisions): the current state as CSV and GeoJSON, the
/// events, the measures, and the register as of each snapshot day. Memory holds one page, whatever the register's size.
/// </summary>
internal sealed class RegisterExport(CollectDb db, Collection collection, CollectionDefinition definition)
{
    public const int PageSize = 1000;
    public const string Register = "registre.csv", RegisterGeo = "registre.geojson", Events = "evenements.csv", Measures = "mesures.csv";
    public const string NumberColumn = "numero", StageColumn = "etape";

    public static string SnapshotName(DateOnly day) => $"registre-au-{day:yyyy-MM-dd}.csv";

    private sealed record Row(Guid Id, long Number, string Values, string? Stage, bool Removed, double? Latitude, double? Longitude);

    private sealed record Rev(Guid RecordId, int Number, DateOnly ValidFrom, bool Removed, string Values);

    /// <summary>Writes every file into <paramref name="folder"/>; <paramref name="snapshots"/> are the days of the dated copies.</summary>
    public async Task<List<ExportFile>> WriteAsync(string folder, IReadOnlyList<DateOnly> snapshots, Func<double, Task> progress, CancellationToken ct)
    {
        var schema = definition.Schema;
        var header = new List<string>(schema.Fields.Count + 2) { NumberColumn };
        header.AddRange(schema.Fields.Select(f => f.Name));
        header.Add(StageColumn);
        var kinds = schema.Fields.Select(f => f.Type switch { "number" or "integer" => 'n', "boolean" => 'b', _ => 's' }).ToArray();
        var id = collection.Id;
        var total = Math.Max(1, await db.Records.CountAsync(r => r.CollectionId == id, ct));
        var lastSnapshot = snapshots.Count > 0 ? snapshots.Max() : DateOnly.MinValue;

        await using var register = new CsvOut(Path.Combine(folder, Register), header);
        await using var events = new CsvOut(Path.Combine(folder, Events), ["numero", "evenement", "libelle", "date", "etape", "champs", "source"]);
        await using var measures = new CsvOut(Path.Combine(folder, Measures), ["numero", "mesure", "periode", "valeur", "unite", "source"]);
        var dated = new List<(DateOnly Day, CsvOut Csv)>();
        await using var geoFile = new FileStream(Path.Combine(folder, RegisterGeo), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var geo = new Utf8JsonWriter(geoFile, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        try
        {
            foreach (var day in snapshots.Order()) dated.Add((day, new CsvOut(Path.Combine(folder, SnapshotName(day)), header)));
            geo.WriteStartObject();
            geo.WriteString("type", "FeatureCollection");
            geo.WriteStartArray("features");

            long after = 0;
            var done = 0;
            while (true)
            {
                var low = after;
                // Removed records too: they may have been in the register on a snapshot's day.
                var page = await db.Records.AsNoTracking().Where(r => r.CollectionId == id && r.Number > low).OrderBy(r => r.Number).Take(PageSize)
                    .Select(r => new Row(r.Id, r.Number, r.Values, r.Stage, r.Removed, r.Latitude, r.Longitude)).ToListAsync(ct);
                if (page.Count == 0) break;
                var high = page[^1].Number;
                after = high;
                var inPage = db.Records.AsNoTracking().Where(r => r.CollectionId == id && r.Number > low && r.Number <= high);
                var pageEvents = (await (from e in db.Events.AsNoTracking() join r in inPage on e.RecordId equals r.Id
                                         where e.WithdrawnAt == null select e).ToListAsync(ct))
                    .ToLookup(e => e.RecordId);
                var pageMeasures = (await (from m in db.Measures.AsNoTracking() join r in inPage on m.RecordId equals r.Id
                                           where m.Current select m).ToListAsync(ct))
                    .ToLookup(m => m.RecordId);
                var pageVersions = dated.Count == 0 ? null
                    : (await (from v in db.Revisions.AsNoTracking() join r in inPage on v.RecordId equals r.Id
                              where v.ValidFrom <= lastSnapshot
                              select new Rev(v.RecordId, v.Version, v.ValidFrom, v.Removed, v.Values)).ToListAsync(ct))
                        .ToLookup(v => v.RecordId);

                foreach (var r in page)
                {
                    var recordEvents = pageEvents[r.Id].OrderBy(e => e.Date).ThenBy(e => e.RecordedAt).ToList();
                    if (!r.Removed)
                    {
                        var values = RecordValues.Parse(r.Values);
                        WriteRow(register, r.Number, values, r.Stage);
                        WriteFeature(geo, kinds, r, values);
                    }
                    foreach (var e in recordEvents)
                    {
                        events.Cell(Number(r.Number));
                        events.Cell(e.Type);
                        events.Cell(definition.Event(e.Type)?.Label.Fr ?? e.Type);
                        events.Cell(e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        events.Cell(e.Stage);
                        events.Cell(e.Fields is "{}" or "" ? null : e.Fields);
                        events.Cell(e.Source);
                        events.EndRow();
                    }
                    foreach (var m in pageMeasures[r.Id].OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Period, StringComparer.Ordinal)
                                 .ThenBy(m => m.Source, StringComparer.Ordinal))
                    {
                        measures.Cell(Number(r.Number));
                        measures.Cell(m.Name);
                        measures.Cell(m.Period);
                        measures.Cell(m.Value.ToString(CultureInfo.InvariantCulture));
                        measures.Cell(definition.Measure(m.Name)?.Unit);
                        measures.Cell(m.Source);
                        measures.EndRow();
                    }
                    if (pageVersions is null) continue;
                    // As RecordService.AsOf: the highest version valid on the day, unless it withdraws the record;
                    // the stage of the events dated that day or before. One parse per revision, however many days show it.
                    var versions = pageVersions[r.Id].OrderBy(v => v.Number).ToList();
                    Rev? shown = null;
                    Dictionary<string, string>? shownValues = null;
                    foreach (var (day, csv) in dated)
                    {
                        var v = versions.LastOrDefault(x => x.ValidFrom <= day);
                        if (v is null || v.Removed) continue;
                        if (!ReferenceEquals(v, shown)) (shown, shownValues) = (v, RecordValues.Parse(v.Values));
                        WriteRow(csv, r.Number, shownValues!, RecordWriter.StageOf(recordEvents, day));
                    }
                }
                done += page.Count;
                await geo.FlushAsync(ct);
                await progress(Math.Min(1, (double)done / total));
            }
            geo.WriteEndArray();
            geo.WriteEndObject();
            await geo.FlushAsync(ct);
        }
        finally
        {
            foreach (var (_, csv) in dated) await csv.DisposeAsync();
        }

        var files = new List<ExportFile>
        {
            new(Register, "csv", register.Path, register.Rows, null),
            new(RegisterGeo, "geojson", Path.Combine(folder, RegisterGeo), register.Rows, null),
            new(Events, "csv", events.Path, events.Rows, null),
            new(Measures, "csv", measures.Path, measures.Rows, null),
        };
        // Newest first: the last year's end is the one most people look for.
        files.AddRange(dated.OrderByDescending(x => x.Day).Select(x => new ExportFile(SnapshotName(x.Day), "csv", x.Csv.Path, x.Csv.Rows, x.Day)));
        return files;

        void WriteRow(CsvOut csv, long number, Dictionary<string, string> values, string? stage)
        {
            csv.Cell(Number(number));
            foreach (var f in schema.Fields) csv.Cell(values.GetValueOrDefault(f.Name));
            csv.Cell(stage);
            csv.EndRow();
        }
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A point where the record has coordinates (no geometry otherwise), with the CSV's properties, typed.</summary>
    private void WriteFeature(Utf8JsonWriter w, char[] kinds, Row r, Dictionary<string, string> values)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        if (r.Latitude is { } lat && r.Longitude is { } lon)
        {
            w.WriteStartObject("geometry");
            w.WriteString("type", "Point");
            w.WriteStartArray("coordinates");
            w.WriteNumberValue(lon);
            w.WriteNumberValue(lat);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else w.WriteNull("geometry");
        w.WriteStartObject("properties");
        w.WriteNumber(NumberColumn, r.Number);
        var fields = definition.Schema.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Name;
            if (!values.TryGetValue(name, out var v)) { w.WriteNull(name); continue; }
            switch (kinds[i])
            {
                case 'n' when decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d): w.WriteNumber(name, d); break;
                case 'b' when v is "true" or "false": w.WriteBoolean(name, v == "true"); break;
                default: w.WriteString(name, v); break;
            }
        }
        if (r.Stage is null) w.WriteNull(StageColumn); else w.WriteString(StageColumn, r.Stage);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
