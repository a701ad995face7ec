using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Model;

namespace Socle.Collect.Records;

/// <summary>A conflict with the record it is about.</summary>
public sealed record ConflictView(Conflict Conflict, long Record, string? Label, string? Region, string? Departement,
    SortedDictionary<string, string> Values, string? Published, string? PublishedFrom);

public sealed record ConflictPage(IReadOnlyList<ConflictView> Items, int Total, int Page, int PageSize);

/// <summary>
/// Sources that disagree, listed for stewards. Settling one keeps a value — a source's or one the steward enters — as
/// the steward's arbitration, which outranks every source for that field; the record gets a revision if it changes.
/// </summary>
public sealed class ConflictService(CollectDb db, CollectionService collections, TimeProvider clock)
{
    public async Task<ConflictPage> ListAsync(string collection, ConflictStatus? status, string? field, int page = 1, int pageSize = 50, CancellationToken ct = default, long? record = null)
    {
        var c = await collections.FindAsync(collection, ct);
        pageSize = Math.Clamp(pageSize, 1, RecordService.MaxPageSize);
        page = Math.Max(1, page);
        var q = from x in db.Conflicts.AsNoTracking()
                join r in db.Records.AsNoTracking() on x.RecordId equals r.Id
                where x.CollectionId == c.Id
                select new { x, r.Number, r.Label, r.Region, r.Departement, r.Values, r.Provenance };
        if (status is { } s) q = q.Where(v => v.x.Status == s);
        if (field is not null) q = q.Where(v => v.x.Field == field);
        if (record is { } number) q = q.Where(v => v.Number == number);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(v => v.x.CreatedAt).ThenBy(v => v.Number).ThenBy(v => v.x.Field)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new ConflictPage([.. rows.Select(v => View(v.x, v.Number, v.Label, v.Region, v.Departement, v.Values, v.Provenance))], total, page, pageSize);
    }

    public async Task<ConflictView> GetAsync(string collection, Guid id, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var x = await db.Conflicts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.CollectionId == c.Id, ct)
            ?? throw RecordValues.NotFound("conflict", id.ToString());
        var r = await db.Records.AsNoTracking().FirstAsync(r => r.Id == x.RecordId, ct);
        return View(x, r.Number, r.Label, r.Region, r.Departement, r.Values, r.Provenance);
    }

    private static ConflictView View(Conflict x, long number, string? label, string? region, string? dep, string values, string provenance) =>
        new(x, number, label, region, dep, JsonSerializer.Deserialize<SortedDictionary<string, string>>(x.Values) ?? new(),
            RecordValues.Parse(values).GetValueOrDefault(x.Field), JsonSerializer.Deserialize<Dictionary<string, string>>(provenance)?.GetValueOrDefault(x.Field));

    /// <summary>
    /// Settles a conflict (stewards of the record's territory). Body: <c>source</c> (keep that source's value) or
    /// <c>value</c> (another value, checked against the schema), and <c>comment</c>.
    /// </summary>
    public async Task<ConflictView> ResolveAsync(Actor actor, string collection, Guid id, JsonObject body, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var conflict = await db.Conflicts.FirstOrDefaultAsync(x => x.Id == id && x.CollectionId == c.Id, ct)
            ?? throw RecordValues.NotFound("conflict", id.ToString());
        var record = await db.Records.FirstAsync(r => r.Id == conflict.RecordId, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Steward, "conflict.resolve", record.Region, record.Departement);
        if (conflict.Status == ConflictStatus.Resolved) throw new CatalogException(Problem.Conflict, "collect-conflict-resolved", null, conflict.ResolvedByName ?? "");
        var errors = new List<FieldError>();
        var candidates = JsonSerializer.Deserialize<Dictionary<string, string>>(conflict.Values) ?? [];
        string? value = null;
        if ((body["source"] as JsonValue)?.GetValue<string>() is { } source)
        {
            if (!candidates.TryGetValue(source, out value)) errors.Add(RecordValues.Error("source", "collect-not-in-conflict", source));
        }
        else if (body["value"] is JsonValue given)
        {
            var one = RecordValues.FromJson(JsonSerializer.SerializeToElement(new Dictionary<string, JsonNode?> { [conflict.Field] = given.DeepClone() }), def.Schema, errors);
            var after = RecordValues.Parse(record.Values).ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
            after[conflict.Field] = one.GetValueOrDefault(conflict.Field);
            value = RecordValues.Check(after, def.Schema, errors)?.GetValueOrDefault(conflict.Field);
            if (value is null && errors.Count == 0) errors.Add(RecordValues.Error("value", "collect-required"));
        }
        else errors.Add(RecordValues.Error("source", "collect-required"));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);

        var now = clock.GetUtcNow();
        var latest = await db.Revisions.Where(v => v.RecordId == record.Id).MaxAsync(v => v.ValidFrom, ct);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var comment = (body["comment"] as JsonValue)?.GetValue<string>();
        var w = new WriteContext(Consolidation.Arbitration, today < latest ? latest : today, actor.AccountId, actor.Name, comment, null, now);
        conflict.Status = ConflictStatus.Resolved;
        conflict.Resolution = value;
        conflict.ResolvedBy = actor.AccountId;
        conflict.ResolvedByName = actor.Name;
        conflict.ResolvedAt = now;
        conflict.Comment = comment;
        await new RecordWriter(db, def).UpdateAsync(c, record, new Dictionary<string, string?> { [conflict.Field] = value }, w, ct);
        await Publication.PublicationService.QueueAsync(db, c, clock, ct);
        try
        {
            await RecordWriter.SaveAsync(db, c.Id, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new CatalogException(Problem.PreconditionFailed, "collect-record-changed", null, record.Number.ToString(CultureInfo.InvariantCulture));
        }
        return await GetAsync(c.Slug, id, ct);
    }
}
