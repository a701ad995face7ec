using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Services;
using Socle.Validation.Schema;

namespace Socle.Collect.Definitions;

/// <summary>A text in French and English (French when English is missing).</summary>
public sealed record Label(string Fr, string? En)
{
    public string In(string lang) => lang == "en" && !string.IsNullOrEmpty(En) ? En : Fr;

    internal static Label Read(JsonElement? e, string fallback) => e switch
    {
        { ValueKind: JsonValueKind.String } s => new Label(s.GetString()!, null),
        { ValueKind: JsonValueKind.Object } o => new Label(
            o.TryGetProperty("fr", out var fr) ? fr.GetString() ?? fallback : fallback,
            o.TryGetProperty("en", out var en) ? en.GetString() : null),
        _ => new Label(fallback, null),
    };
}

public sealed record StageDefinition(string Id, Label Label, string Color);

public sealed record EventDefinition(string Type, Label Label, string? Stage, TableSchema Fields);

public sealed record MeasureDefinition(string Id, Label Label, string Unit, string Period);

public sealed record SourceDefinition(string Id, Label Label);

/// <summary>How a record is recognised in another source: external id, then name + commune, then distance.</summary>
public sealed record IdentityRules(string? ExternalId, string? Name, string? Commune, string? Latitude, string? Longitude, double DistanceMeters);

/// <summary>The fields that dashboards, scopes and listings read (copied onto the record's row).</summary>
public sealed record Dimensions(string? Region, string? Departement, string? Category, string? Power, string? Label);

/// <summary>
/// What a collection is: its record schema and everything around it. Read from a template or a collection's stored
/// JSON; every name it refers to is checked against the schema when it is read, so services can trust it.
/// </summary>
public sealed class CollectionDefinition
{
    public required string Id { get; init; }
    public required Label Title { get; init; }
    public Label? Description { get; init; }
    public required TableSchema Schema { get; init; }
    public required IdentityRules Identity { get; init; }
    public required Dimensions Dimensions { get; init; }
    public required IReadOnlyList<StageDefinition> Stages { get; init; }
    public required IReadOnlyList<EventDefinition> Events { get; init; }
    public required IReadOnlyDictionary<string, string> EventsFromFields { get; init; }
    public required IReadOnlyList<MeasureDefinition> Measures { get; init; }
    public required IReadOnlyDictionary<string, string> MeasuresFromFields { get; init; }
    public required IReadOnlyList<SourceDefinition> Sources { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Priority { get; init; }
    /// <summary>The crosswalks shipped with the definition, as JSON (installed in the collection when it is created).</summary>
    public required IReadOnlyList<JsonElement> Crosswalks { get; init; }
    /// <summary>The document it was read from.</summary>
    public required JsonElement Json { get; init; }

    public EventDefinition? Event(string type) => Events.FirstOrDefault(e => e.Type == type);
    public MeasureDefinition? Measure(string id) => Measures.FirstOrDefault(m => m.Id == id);
    public StageDefinition? Stage(string? id) => Stages.FirstOrDefault(s => s.Id == id);
    public bool HasSource(string id) => Sources.Any(s => s.Id == id);

    /// <summary>Sources in the order that decides a field's published value (first wins).</summary>
    public IReadOnlyList<string> PriorityOf(string field) =>
        Priority.TryGetValue(field, out var order) ? order : defaultPriority ??= [.. Sources.Select(s => s.Id)];

    private IReadOnlyList<string>? defaultPriority;

    public static readonly IReadOnlyList<string> TemplateIds = ["installations-enr"];

    public static CollectionDefinition Template(string id)
    {
        if (!TemplateIds.Contains(id)) throw CatalogException.Invalid([Error("template", "collect-unknown-template", id)]);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Socle.Collect.Resources.templates.{id}.json")
            ?? throw new InvalidOperationException($"Template {id} is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        return Read(doc.RootElement);
    }

    /// <summary>Reads and checks a definition; what does not hold together is refused with every reason at once.</summary>
    public static CollectionDefinition Read(JsonElement root)
    {
        var errors = new List<FieldError>();
        if (root.ValueKind != JsonValueKind.Object) throw CatalogException.Invalid([Error("definition", "collect-definition-not-object")]);
        TableSchema schema;
        try
        {
            schema = SchemaReader.Read(root.GetProperty("schema"));
        }
        catch (KeyNotFoundException)
        {
            throw CatalogException.Invalid([Error("schema", "collect-definition-no-schema")]);
        }
        catch (SchemaException e)
        {
            throw CatalogException.Invalid([new FieldError("schema", "schema", e.Key, e.Args)]);
        }

        string? FieldName(JsonElement parent, string property, string path)
        {
            if (!parent.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            var name = v.GetString();
            if (name is null || schema.IndexOf(name) < 0) { errors.Add(Error($"{path}.{property}", "collect-unknown-field", name)); return null; }
            return name;
        }

        var identityEl = root.TryGetProperty("identity", out var ie) ? ie : default;
        var identity = identityEl.ValueKind == JsonValueKind.Object
            ? new IdentityRules(FieldName(identityEl, "external_id", "identity"), FieldName(identityEl, "name", "identity"),
                FieldName(identityEl, "commune", "identity"), FieldName(identityEl, "latitude", "identity"),
                FieldName(identityEl, "longitude", "identity"),
                identityEl.TryGetProperty("distance_m", out var d) && d.TryGetDouble(out var m) ? m : 0)
            : new IdentityRules(null, null, null, null, null, 0);
        var dimEl = root.TryGetProperty("dimensions", out var de) ? de : default;
        var dimensions = dimEl.ValueKind == JsonValueKind.Object
            ? new Dimensions(FieldName(dimEl, "region", "dimensions"), FieldName(dimEl, "departement", "dimensions"),
                FieldName(dimEl, "category", "dimensions"), FieldName(dimEl, "power", "dimensions"), FieldName(dimEl, "label", "dimensions"))
            : new Dimensions(null, null, null, null, null);

        var stages = Items(root, "stages").Select(s => new StageDefinition(IdOf(s), Label.Read(Prop(s, "label"), IdOf(s)),
            Prop(s, "color")?.GetString() ?? "#666666")).ToList();
        var events = new List<EventDefinition>();
        foreach (var e in Items(root, "events"))
        {
            var type = IdOf(e, "type");
            var stage = Prop(e, "stage")?.GetString();
            if (stage is not null && stages.All(s => s.Id != stage)) errors.Add(Error($"events.{type}.stage", "collect-unknown-stage", stage));
            TableSchema fields;
            try
            {
                var fieldList = Prop(e, "fields") ?? JsonDocument.Parse("[]").RootElement;
                fields = SchemaReader.Read(JsonSerializer.SerializeToElement(new { fields = fieldList }));
            }
            catch (SchemaException x)
            {
                errors.Add(new FieldError($"events.{type}.fields", "schema", x.Key, x.Args));
                continue;
            }
            events.Add(new EventDefinition(type, Label.Read(Prop(e, "label"), type), stage, fields));
        }
        var measures = Items(root, "measures").Select(x => new MeasureDefinition(IdOf(x), Label.Read(Prop(x, "label"), IdOf(x)),
            Prop(x, "unit")?.GetString() ?? "", Prop(x, "period")?.GetString() ?? "year")).ToList();
        var sources = Items(root, "sources").Select(x => new SourceDefinition(IdOf(x), Label.Read(Prop(x, "label"), IdOf(x)))).ToList();
        if (sources.Count == 0) errors.Add(Error("sources", "collect-no-source"));

        var eventsFrom = Map(root, "events_from_fields");
        foreach (var (field, type) in eventsFrom)
        {
            if (schema.IndexOf(field) < 0) errors.Add(Error($"events_from_fields.{field}", "collect-unknown-field", field));
            if (events.All(e => e.Type != type)) errors.Add(Error($"events_from_fields.{field}", "collect-unknown-event", type));
        }
        var measuresFrom = Map(root, "measures_from_fields");
        foreach (var (field, measure) in measuresFrom)
        {
            if (schema.IndexOf(field) < 0) errors.Add(Error($"measures_from_fields.{field}", "collect-unknown-field", field));
            if (measures.All(x => x.Id != measure)) errors.Add(Error($"measures_from_fields.{field}", "collect-unknown-measure", measure));
        }
        var priority = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (root.TryGetProperty("priority", out var pe) && pe.ValueKind == JsonValueKind.Object)
            foreach (var p in pe.EnumerateObject())
            {
                if (schema.IndexOf(p.Name) < 0) errors.Add(Error($"priority.{p.Name}", "collect-unknown-field", p.Name));
                var order = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList() : [];
                foreach (var s in order.Where(s => sources.All(x => x.Id != s)))
                    errors.Add(Error($"priority.{p.Name}", "collect-unknown-source", s));
                // Sources the override forgets still count, after those it names, in the default order.
                priority[p.Name] = order.Concat(sources.Select(s => s.Id).Where(s => !order.Contains(s))).ToList();
            }
        if (errors.Count > 0) throw CatalogException.Invalid(errors);

        return new CollectionDefinition
        {
            Id = root.TryGetProperty("id", out var idEl) ? idEl.GetString() ?? "" : "",
            Title = Label.Read(Prop(root, "title"), ""),
            Description = Prop(root, "description") is { } desc ? Label.Read(desc, "") : null,
            Schema = schema,
            Identity = identity,
            Dimensions = dimensions,
            Stages = stages,
            Events = events,
            EventsFromFields = eventsFrom,
            Measures = measures,
            MeasuresFromFields = measuresFrom,
            Sources = sources,
            Priority = priority,
            Crosswalks = Items(root, "crosswalks").Select(c => c.Clone()).ToList(),
            Json = root.Clone(),
        };
    }

    public static CollectionDefinition Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement);
        }
        catch (JsonException)
        {
            throw CatalogException.Invalid([Error("definition", "collect-definition-not-json")]);
        }
    }

    private static FieldError Error(string field, string code, params object?[] args) =>
        new(field, code, $"collect.error.{code}", [field, .. args]);

    private static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static string IdOf(JsonElement e, string property = "id") => Prop(e, property)?.GetString() ?? "";

    private static IEnumerable<JsonElement> Items(JsonElement root, string name) =>
        Prop(root, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    private static Dictionary<string, string> Map(JsonElement root, string name) =>
        Prop(root, name) is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
