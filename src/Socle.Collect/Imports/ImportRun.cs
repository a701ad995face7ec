using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Validation;
using Socle.Validation.Reporting;

namespace Socle.Collect.Imports;

/// <summary>
/// The work of one import against the register as it is now: the file through its crosswalk into a normalized CSV,
/// Socle.Validation over it, then each row matched and classified. The dry run and the commit both run it, so the
/// commit does exactly what the dry run showed (and plans again when the register moved in between).
/// </summary>
internal sealed class ImportRun(CollectDb db, CollectionDefinition definition, ImportBatch batch, CollectRights rights)
{
    /// <summary>A row's decision: its outcome, the record it matched, its canonical values.</summary>
    internal sealed record Decision(int Row, string Outcome, RegisterIndex.Entry? Match, Dictionary<string, string> Values, string Json, long Hash, List<PlanError>? Errors);

    public string NormalizedPath => Path.Combine(WorkFolder, "normalized.csv");
    /// <summary>What the dry run decided for each row that writes something (row, outcome, record): the commit replays it.</summary>
    public string DecisionsPath => Path.Combine(WorkFolder, "decisions.bin");
    public string WorkFolder { get; init; } = "";

    /// <summary>Crosswalk and validation; returns the rows with errors (their numbers as the validator counts: header = 1).</summary>
    public Dictionary<int, List<PlanError>> Prepare(string inputPath, ImportPlan plan, Func<double, Task> progress, CancellationToken ct)
    {
        Directory.CreateDirectory(WorkFolder);
        var crosswalk = Crosswalk.Parse(batch.Crosswalk);
        var clock = Stopwatch.StartNew();
        var shown = 0.0;
        var result = crosswalk.Apply(inputPath, batch.FileName, definition.Schema, NormalizedPath,
            new Progress(p => { if (p - shown >= 0.05) { shown = p; progress(0.3 * p); } }), ct);
        plan.Rows = result.Rows;
        plan.IgnoredColumns = result.IgnoredColumns;
        plan.MissingOptionalColumns = result.MissingOptionalColumns;
        plan.Timings["crosswalk"] = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var report = Validator.ValidateTable(NormalizedPath, definition.Schema,
            new ValidationOptions { Format = "csv", Delimiter = ',', Header = true, Encoding = "utf-8", LimitErrors = 10_000_000 });
        plan.Timings["validation"] = clock.Elapsed.TotalSeconds;
        var errors = new Dictionary<int, List<PlanError>>();
        foreach (var e in report.Tasks.SelectMany(t => t.Errors))
        {
            var row = e.RowNumber ?? 0;
            (errors.TryGetValue(row, out var list) ? list : errors[row] = []).Add(new PlanError(e.Type, e.FieldName, e.Cell, e.NoteKey, e.NoteArgs, Validator: true));
        }
        return errors;
    }

    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>Matches and classifies every row of the normalized file, in order.</summary>
    public IEnumerable<Decision> Decide(RegisterIndex index, Dictionary<int, List<PlanError>> invalid, CancellationToken ct)
    {
        var schema = definition.Schema;
        var fields = schema.Fields;
        var matched = new Dictionary<Guid, int>();
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(NormalizedPath);
        var row = 1;
        foreach (var line in reader)
        {
            row++;
            if ((row & 1023) == 0) ct.ThrowIfCancellationRequested();
            var values = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
            for (var i = 0; i < fields.Count && i < line.ColCount; i++)
            {
                var text = line[i].ToString();
                if (text.Length > 0 && !schema.MissingValues.Contains(text)) values[fields[i].Name] = text;
            }
            if (invalid.TryGetValue(row, out var rowErrors))
            {
                yield return new Decision(row, RowOutcome.Error, null, values, "", 0, rowErrors);
                continue;
            }
            foreach (var f in fields)
                if (values.TryGetValue(f.Name, out var v)) values[f.Name] = RecordValues.Canonical(f, v);
            var json = RecordValues.Write(values, schema);
            var hash = RecordValues.Hash(json);
            var (match, ambiguous) = index.Match(values, definition);
            List<PlanError>? problems = null;
            if (ambiguous.Count > 0)
                (problems ??= []).Add(Problem("ambiguous", string.Join(", ", ambiguous.Select(a => "n° " + a.Number))));
            var region = RecordValues.Text(values, definition.Dimensions.Region);
            var departement = RecordValues.Text(values, definition.Dimensions.Departement);
            if (!rights.Covers(region, departement) || match is not null && !rights.Covers(match.Region, match.Departement))
                (problems ??= []).Add(Problem("outside-territory", region ?? "", departement ?? ""));
            if (match is not null)
            {
                if (matched.TryGetValue(match.Id, out var earlier)) (problems ??= []).Add(Problem("same-record", earlier.ToString(), match.Number.ToString()));
                else matched[match.Id] = row;
                var unchanged = index.Hashes.TryGetValue(match.Id, out var h) && h == hash;
                if (!unchanged && match.LatestValidFrom > batch.ValidFrom)
                    (problems ??= []).Add(Problem("older-than-record", match.Number.ToString(), match.LatestValidFrom.ToString("yyyy-MM-dd"), batch.ValidFrom.ToString("yyyy-MM-dd")));
                if (problems is null)
                {
                    yield return new Decision(row, unchanged ? RowOutcome.Unchanged : RowOutcome.Changed, match, values, json, hash, null);
                    continue;
                }
            }
            yield return problems is null
                ? new Decision(row, RowOutcome.New, null, values, json, hash, null)
                : new Decision(row, RowOutcome.Error, match, values, json, hash, problems);
        }
    }

    /// <summary>Keeps the rows that write something — new and changed ones — with the record each changes.</summary>
    public void WriteDecisions(IEnumerable<Decision> decisions)
    {
        using var w = new BinaryWriter(File.Create(DecisionsPath));
        foreach (var d in decisions)
        {
            if (d.Outcome is not (RowOutcome.New or RowOutcome.Changed)) continue;
            w.Write(d.Row);
            w.Write(d.Outcome == RowOutcome.New);
            w.Write((d.Match?.Id ?? Guid.Empty).ToByteArray());
        }
    }

    /// <summary>
    /// The rows the dry run decided to write, read again from the normalized file with the dry run's decisions — valid
    /// only while the register is the one the plan was made on (the caller checks its change counter). Null when the
    /// dry run left no decisions.
    /// </summary>
    public IEnumerable<Decision>? Replay(CancellationToken ct)
    {
        if (!File.Exists(DecisionsPath)) return null;
        var decided = new Dictionary<int, Guid?>();
        using (var r = new BinaryReader(File.OpenRead(DecisionsPath)))
            while (r.BaseStream.Position < r.BaseStream.Length)
            {
                var row = r.ReadInt32();
                var isNew = r.ReadBoolean();
                var id = new Guid(r.ReadBytes(16));
                decided[row] = isNew ? null : id;
            }
        return ReplayRows(decided, ct);
    }

    private IEnumerable<Decision> ReplayRows(Dictionary<int, Guid?> decided, CancellationToken ct)
    {
        var schema = definition.Schema;
        var fields = schema.Fields;
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(NormalizedPath);
        var row = 1;
        foreach (var line in reader)
        {
            row++;
            if ((row & 1023) == 0) ct.ThrowIfCancellationRequested();
            if (!decided.TryGetValue(row, out var id)) continue;
            var values = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
            for (var i = 0; i < fields.Count && i < line.ColCount; i++)
            {
                var text = line[i].ToString();
                if (text.Length > 0 && !schema.MissingValues.Contains(text)) values[fields[i].Name] = RecordValues.Canonical(fields[i], text);
            }
            yield return id is { } record
                ? new Decision(row, RowOutcome.Changed, new RegisterIndex.Entry(record, 0, null, null, null, null, null, null, null, null, default), values, "", 0, null)
                : new Decision(row, RowOutcome.New, null, values, "", 0, null);
        }
    }

    private static PlanError Problem(string code, params string[] args) => new(code, null, null, null, args, Validator: false);

    /// <summary>
    /// What changed rows would do: the published fields they change and the new disagreements they open (those rows are
    /// "conflicting"). Reads the matched records' sources in chunks.
    /// </summary>
    public async Task<List<(Decision Decision, List<FieldChange> Changes, List<PlanConflict> Conflicts)>> ExplainAsync(IReadOnlyList<Decision> changed, CancellationToken ct)
    {
        var result = new List<(Decision, List<FieldChange>, List<PlanConflict>)>(changed.Count);
        foreach (var chunk in changed.Chunk(500))
        {
            var ids = chunk.Select(d => d.Match!.Id).ToList();
            var sources = (await db.SourceValues.AsNoTracking().Where(s => ids.Contains(s.RecordId)).Select(s => new { s.RecordId, s.Source, s.Values }).ToListAsync(ct))
                .GroupBy(s => s.RecordId).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Source, s => RecordValues.Parse(s.Values), StringComparer.Ordinal));
            var published = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Values }).ToDictionaryAsync(r => r.Id, r => RecordValues.Parse(r.Values), ct);
            var known = (await db.Conflicts.AsNoTracking().Where(c => ids.Contains(c.RecordId)).Select(c => new { c.RecordId, c.Field, c.Status, c.Values }).ToListAsync(ct))
                .ToLookup(c => c.RecordId);
            foreach (var d in chunk)
            {
                var bySource = sources.GetValueOrDefault(d.Match!.Id) ?? new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
                var mine = bySource.GetValueOrDefault(batch.Source) is { } before ? new Dictionary<string, string>(before, StringComparer.Ordinal) : new(StringComparer.Ordinal);
                // An import gives the whole row: its empty cells clear what this source said before.
                bySource[batch.Source] = d.Values;
                var merged = Consolidation.Merge(definition, bySource);
                var old = published.GetValueOrDefault(d.Match.Id) ?? [];
                var changes = RecordValues.ChangedFields(old, merged.Values, definition.Schema)
                    .Select(f => new FieldChange(f, old.GetValueOrDefault(f), merged.Values.GetValueOrDefault(f))).ToList();
                var conflicts = new List<PlanConflict>();
                foreach (var (field, values) in merged.Disagreements)
                {
                    var json = JsonSerializer.Serialize(values);
                    if (!values.ContainsKey(batch.Source) || mine.GetValueOrDefault(field) == d.Values.GetValueOrDefault(field)) continue;
                    if (known[d.Match.Id].Any(c => c.Field == field && c.Values == json && c.Status == ConflictStatus.Resolved)) continue;
                    conflicts.Add(new PlanConflict(field, values));
                }
                result.Add((d, changes, conflicts));
            }
        }
        return result;
    }
}
