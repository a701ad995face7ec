using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Socle.Catalog.Data;
using Socle.Catalog.Services;
using Socle.Collect.Definitions;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Validation.Reporting;

namespace Socle.Web.Api;

/// <summary>
/// Collecte: registers bound to a definition, their records with every revision, events and measures, imports through
/// crosswalks (dry run, then commit), conflicts between sources, and the dashboard's figures and map. Reading is
/// public; writing follows the collection's rights (contributors on their territories, stewards, admins).
/// </summary>
internal static class CollectEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/collections").WithTags("collections");
        MapCollections(api);
        MapRecords(app, api);
        MapImports(api);
        MapConflicts(api);
        MapDashboard(api);
    }

    private static void MapCollections(RouteGroupBuilder api)
    {
        api.MapGet("/", async (HttpContext http, CollectionService collections) =>
        {
            var list = await collections.ListAsync(http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, new { data = list.Select(c => Collection(c, http, lang, full: false)), total = list.Count });
        }).WithSummary("Les registres, avec leur nombre de fiches / The registers, with their record counts");

        api.MapPost("/", async (HttpContext http, CollectionService collections) =>
        {
            var c = await collections.CreateAsync(await http.ActorAsync(), await http.BodyAsync(), http.RequestAborted);
            http.Response.Headers.Location = $"/api/1/collections/{c.Slug}/";
            return Http.Json(http, Collection(c, http, http.Lang(), full: true), 201, c.Collection.Version);
        }).WithSummary("Créer un registre (title, organization, template « installations-enr » ou definition) / Create a register (title, organization, template or definition)");

        api.MapGet("/{collection}/", async (HttpContext http, string collection, CollectionService collections) =>
        {
            var c = await collections.GetAsync(collection, http.RequestAborted);
            return Http.Json(http, Collection(c, http, http.Lang(), full: true), version: c.Collection.Version);
        }).WithSummary("Un registre et sa définition : champs, étapes, événements, mesures, sources, priorités (ETag) / A register and its definition (ETag)");

        var update = async (HttpContext http, string collection, CollectionService collections) =>
        {
            var c = await collections.UpdateAsync(await http.ActorAsync(), collection, await http.BodyAsync(), Http.IfMatchVersion(http), http.RequestAborted);
            return Http.Json(http, Collection(c, http, http.Lang(), full: true), version: c.Collection.Version);
        };
        api.MapPut("/{collection}/", update).WithSummary("Modifier titre, description ou définition (administrateurs ; If-Match) / Update title, description or definition (admins; If-Match)");
        api.MapPatch("/{collection}/", update).WithSummary("Modifier (comme PUT) / Update (as PUT)");

        api.MapGet("/{collection}/schema.json", async (HttpContext http, string collection, CollectionService collections) =>
        {
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            return Http.Json(http, def.Json.GetProperty("schema"));
        }).WithSummary("Le schéma de table des fiches (Table Schema) / The records' Table Schema");

        api.MapGet("/{collection}/members/", async (HttpContext http, string collection, CollectionService collections) =>
        {
            var members = await collections.MembersAsync(await http.ActorAsync(), collection, http.RequestAborted);
            return Http.Json(http, members.Select(m => Member(m.Member, m.Account)));
        }).WithSummary("Les membres et leurs territoires (intendants) / Members and their territories (stewards)");

        api.MapPut("/{collection}/members/", async (HttpContext http, string collection, CollectionService collections) =>
        {
            var actor = await http.ActorAsync();
            var member = await collections.SetMemberAsync(actor, collection, await http.BodyAsync(), http.RequestAborted);
            var all = await collections.MembersAsync(actor, collection, http.RequestAborted);
            var (m, account) = all.First(x => x.Member.AccountId == member.AccountId);
            return Http.Json(http, Member(m, account));
        }).WithSummary("Nommer un membre : {account|email, role (contributor, steward, admin), territories [fr:region:76, fr:departement:31]} / Name a member");

        api.MapDelete("/{collection}/members/{account:guid}/", async (HttpContext http, string collection, Guid account, CollectionService collections) =>
        {
            await collections.RemoveMemberAsync(await http.ActorAsync(), collection, account, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Retirer un membre / Remove a member");

        api.MapGet("/{collection}/crosswalks/", async (HttpContext http, string collection, CollectionService collections) =>
        {
            var list = await collections.CrosswalksAsync(collection, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, list.Select(x => Crosswalk(x, collection, http, lang)));
        }).WithSummary("Les correspondances de colonnes enregistrées / The saved crosswalks");

        api.MapGet("/{collection}/crosswalks/{name}/", async (HttpContext http, string collection, string name, CollectionService collections) =>
        {
            var x = await collections.CrosswalkAsync(collection, name, http.RequestAborted);
            return Http.Json(http, Crosswalk(x, collection, http, http.Lang()), version: x.Version);
        }).WithSummary("Une correspondance (ETag) / A crosswalk (ETag)");

        api.MapPut("/{collection}/crosswalks/{name}/", async (HttpContext http, string collection, string name, CollectionService collections) =>
        {
            var body = await http.BodyAsync();
            // The address names the crosswalk: a body without an id takes it, a body naming another one is refused.
            if (body["id"] is null) body["id"] = name;
            else if ((body["id"] as JsonValue)?.ToString() != name) throw CatalogException.Invalid("id", "not-in-list", body["id"]?.ToJsonString(), name);
            var x = await collections.SaveCrosswalkAsync(await http.ActorAsync(), collection, JsonSerializer.SerializeToElement(body), Http.IfMatchVersion(http), http.RequestAborted);
            return Http.Json(http, Crosswalk(x, collection, http, http.Lang()), version: x.Version);
        }).WithSummary("Enregistrer une correspondance (intendants ; If-Match) / Save a crosswalk (stewards; If-Match)");
    }

    private static void MapRecords(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapGet("/{collection}/records/", async (HttpContext http, string collection, RecordService records, CollectionService collections) =>
        {
            var (page, size) = http.Paging();
            var query = Query(http) with { Page = page, PageSize = size };
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            var result = await records.ListAsync(collection, query, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, new
            {
                data = result.Items.Select(r => Row(r, def, collection, http, lang)),
                page = result.Page, page_size = result.PageSize, total = result.Total, as_of = result.AsOf,
                next_page = (long)result.Page * result.PageSize < result.Total ? ApiJson.PageLink(http, result.Page + 1) : null,
                previous_page = result.Page > 1 ? ApiJson.PageLink(http, result.Page - 1) : null,
            });
        }).WithSummary("Les fiches (filtres q, region, departement, category, stage ; as_of=AAAA-MM-JJ : le registre tel qu'il était ce jour-là) / Records (filters; as_of=YYYY-MM-DD: the register as it was that day)");

        // The listing's CSV twin, as the catalogue's other exports: every matching record, not one page.
        app.MapGet("/api/1/collections/{collection}/records.csv", async (HttpContext http, string collection, RecordService records, CollectionService collections) =>
        {
            var query = Query(http) with { Page = 1, PageSize = RecordService.MaxPageSize };
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            // The first page is read before anything is written, so an unknown register is still answered with a problem.
            var page = await records.ListAsync(collection, query, http.RequestAborted);
            await SiteEndpoints.Export(http, $"{collection}.csv", async (w, ct) =>
            {
                var fields = def.Schema.Fields.Select(f => f.Name).ToList();
                await w.WriteAsync(string.Join(',', new[] { "number", "stage" }.Concat(fields).Select(Cell)) + "\r\n");
                while (true)
                {
                    foreach (var r in page.Items)
                    {
                        var line = new StringBuilder();
                        line.Append(r.Number.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(r.Stage ?? ""));
                        foreach (var f in fields) line.Append(',').Append(Cell(r.Values.GetValueOrDefault(f) ?? ""));
                        await w.WriteAsync(line.Append("\r\n"), ct);
                    }
                    if ((long)page.Page * page.PageSize >= page.Total || page.Items.Count == 0) break;
                    page = await records.ListAsync(collection, query with { Page = page.Page + 1 }, ct);
                }
            });
        }).WithTags("collections").WithSummary("Les fiches en CSV, tous les champs (mêmes filtres et as_of que la liste) / Records as CSV, every field (same filters and as_of)");

        api.MapPost("/{collection}/records/", async (HttpContext http, string collection, RecordService records, CollectionService collections) =>
        {
            var v = await records.CreateAsync(await http.ActorAsync(), collection, await http.BodyAsync(), http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            http.Response.Headers.Location = $"/api/1/collections/{collection}/records/{v.Record.Number}/";
            return Http.Json(http, Record(v, def, collection, http, http.Lang(), null), 201, v.Revision.Version);
        }).WithSummary("Créer une fiche : {values, source?, valid_from?, comment?} (contributeurs, sur leurs territoires) / Create a record (contributors, on their territories)");

        api.MapGet("/{collection}/records/{number:long}/", async (HttpContext http, string collection, long number, RecordService records, CollectionService collections) =>
        {
            var asOf = Date(http, "as_of");
            var v = await records.GetAsync(collection, number, asOf, http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            return Http.Json(http, Record(v, def, collection, http, http.Lang(), asOf), version: v.Revision.Version);
        }).WithSummary("Une fiche : valeurs, provenance de chacune, valeurs de chaque source, conflits ouverts, étape (as_of ; ETag) / A record: values, provenance, every source's values, open conflicts, stage (as_of; ETag)");

        var update = async (HttpContext http, string collection, long number, RecordService records, CollectionService collections) =>
        {
            var expected = RecordIfMatch(http, number);
            var v = await records.UpdateAsync(await http.ActorAsync(), collection, number, await http.BodyAsync(), expected, http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            return Http.Json(http, Record(v, def, collection, http, http.Lang(), null), version: v.Revision.Version);
        };
        api.MapPut("/{collection}/records/{number:long}/", update)
            .WithSummary("Modifier une fiche : {values (champs à changer, null efface), source?, valid_from?, comment?} ; If-Match obligatoire (428 sans, 412 si périmé) / Update a record; If-Match required (428 without, 412 when stale)");
        api.MapPatch("/{collection}/records/{number:long}/", update).WithSummary("Modifier une fiche (comme PUT) / Update a record (as PUT)");

        api.MapDelete("/{collection}/records/{number:long}/", async (HttpContext http, string collection, long number, RecordService records) =>
        {
            var expected = RecordIfMatch(http, number);
            var comment = http.Request.Query["comment"].ToString();
            await records.RemoveAsync(await http.ActorAsync(), collection, number, comment.Length == 0 ? null : comment, expected, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Retirer une fiche (doublon, erreur) : elle reste lisible avec son historique (intendants ; If-Match ; ?comment=) / Withdraw a record (stewards; If-Match)");

        api.MapGet("/{collection}/records/{number:long}/revisions/", async (HttpContext http, string collection, long number, RecordService records) =>
        {
            var from = Http.Int(http, "from");
            var to = Http.Int(http, "to");
            if (from is not null || to is not null)
            {
                if (from is null) throw CatalogException.Invalid("from", "required");
                if (to is null) throw CatalogException.Invalid("to", "required");
                var changes = await records.DiffAsync(collection, number, from.Value, to.Value, http.RequestAborted);
                return Http.Json(http, new { from, to, changes = changes.Select(c => new { field = c.Field, before = c.Before, after = c.After }) });
            }
            var revisions = await records.RevisionsAsync(collection, number, http.RequestAborted);
            return Http.Json(http, revisions.Select(Revision));
        }).WithSummary("Les révisions d'une fiche ; ?from=&to= : les champs qui diffèrent entre deux révisions / A record's revisions; ?from=&to=: the fields that differ");

        api.MapGet("/{collection}/records/{number:long}/timeline/", async (HttpContext http, string collection, long number, RecordService records, CollectionService collections) =>
        {
            var timeline = await records.TimelineAsync(collection, number, http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, timeline.Select(t => new
            {
                date = t.Date, kind = t.Kind,
                revision = t.Revision is null ? null : Revision(t.Revision),
                @event = t.Event is null ? null : Event(t.Event, def, lang),
            }));
        }).WithSummary("La vie d'une fiche : événements et révisions par date / A record's life: events and revisions by date");

        api.MapGet("/{collection}/records/{number:long}/events/", async (HttpContext http, string collection, long number, RecordService records, CollectionService collections) =>
        {
            var withdrawn = http.Request.Query["withdrawn"].ToString() is "true" or "1";
            var events = await records.EventsAsync(collection, number, withdrawn, http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, events.Select(e => Event(e, def, lang)));
        }).WithSummary("Les événements d'une fiche, par date (?withdrawn=true : avec les retirés) / A record's events by date");

        api.MapPost("/{collection}/records/{number:long}/events/", async (HttpContext http, string collection, long number, RecordService records, CollectionService collections) =>
        {
            var e = await records.AddEventAsync(await http.ActorAsync(), collection, number, await http.BodyAsync(), http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            return Http.Json(http, Event(e, def, http.Lang()), 201);
        }).WithSummary("Ajouter un événement : {type, date, fields?, comment?, source?} ; l'étape de la fiche suit / Add an event; the record's stage follows");

        api.MapDelete("/{collection}/records/{number:long}/events/{id:guid}/", async (HttpContext http, string collection, long number, Guid id, RecordService records) =>
        {
            await records.WithdrawEventAsync(await http.ActorAsync(), collection, number, id, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Retirer un événement saisi par erreur (intendants) / Withdraw an event entered by mistake (stewards)");

        api.MapGet("/{collection}/records/{number:long}/measures/", async (HttpContext http, string collection, long number, RecordService records, CollectionService collections) =>
        {
            var measure = http.Request.Query["measure"].ToString();
            var list = await records.MeasuresAsync(collection, number, measure.Length == 0 ? null : measure, http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, list.Select(m => Measure(m, def, lang)));
        }).WithSummary("Les séries d'une fiche (production annuelle…), par mesure et période (?measure=) / A record's time series");

        api.MapPost("/{collection}/records/{number:long}/measures/", async (HttpContext http, string collection, long number, RecordService records, CollectionService collections) =>
        {
            var added = await records.AddMeasuresAsync(await http.ActorAsync(), collection, number, await http.BodyAsync(), http.RequestAborted);
            var list = await records.MeasuresAsync(collection, number, null, http.RequestAborted);
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, new { added, measures = list.Select(m => Measure(m, def, lang)) }, 201);
        }).WithSummary("Ajouter des valeurs : {measures: [{measure, period, value}], source?} / Add values");
    }

    private static void MapImports(RouteGroupBuilder api)
    {
        api.MapPost("/{collection}/imports/", async (HttpContext http, string collection, ImportService imports, CatalogDb catalog) =>
        {
            var batch = await UploadAsync(http, collection, imports);
            http.Response.Headers.Location = $"/api/1/collections/{collection}/imports/{batch.Id}/";
            return Http.Json(http, await ImportAsync(batch, catalog, collection, http, samples: false), 202);
        }).DisableAntiforgery()
          .WithSummary("Importer un fichier (multipart : file, crosswalk ou crosswalk_definition, source, valid_from, comment) ; l'essai à blanc suit / Import a file (multipart); the dry run follows");

        api.MapGet("/{collection}/imports/", async (HttpContext http, string collection, ImportService imports, CatalogDb catalog) =>
        {
            var list = await imports.ListAsync(collection, http.RequestAborted);
            var jobs = await JobsAsync(catalog, list, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, new { data = list.Select(b => Import(b, jobs.GetValueOrDefault(b.JobId ?? Guid.Empty), collection, http, lang, false, null)), total = list.Count });
        }).WithSummary("Les imports, du plus récent au plus ancien / Imports, newest first");

        api.MapGet("/{collection}/imports/{id:guid}/", async (HttpContext http, string collection, Guid id, ImportService imports, CatalogDb catalog) =>
        {
            var batch = await imports.GetAsync(collection, id, http.RequestAborted);
            return Http.Json(http, await ImportAsync(batch, catalog, collection, http, samples: true));
        }).WithSummary("Un import : état, essai à blanc (nouvelles, modifiées, inchangées, en conflit, erreurs, avec des exemples ; ?outcome=), progression / An import: status, dry run, progress");

        api.MapPost("/{collection}/imports/{id:guid}/commit/", async (HttpContext http, string collection, Guid id, ImportService imports, CatalogDb catalog) =>
        {
            var skip = http.Request.Query["skip_invalid"].ToString() is "true" or "1";
            var batch = await imports.CommitAsync(await http.ActorAsync(), collection, id, skip, http.RequestAborted);
            return Http.Json(http, await ImportAsync(batch, catalog, collection, http, samples: false), 202);
        }).WithSummary("Valider l'import, tout ou rien (refusé s'il a des erreurs, sauf ?skip_invalid=true) / Commit the import, all or nothing");

        api.MapPost("/{collection}/imports/{id:guid}/discard/", async (HttpContext http, string collection, Guid id, ImportService imports, CatalogDb catalog) =>
        {
            var batch = await imports.DiscardAsync(await http.ActorAsync(), collection, id, http.RequestAborted);
            return Http.Json(http, await ImportAsync(batch, catalog, collection, http, samples: false));
        }).WithSummary("Abandonner un import non validé / Discard an import not committed");
    }

    private static void MapConflicts(RouteGroupBuilder api)
    {
        api.MapGet("/{collection}/conflicts/", async (HttpContext http, string collection, ConflictService conflicts) =>
        {
            var (page, size) = http.Paging();
            var statusText = http.Request.Query["status"].ToString();
            ConflictStatus? status = statusText switch
            {
                "" => null,
                "open" => ConflictStatus.Open,
                "resolved" => ConflictStatus.Resolved,
                _ => throw CatalogException.Invalid("status", "not-in-list", statusText, "open, resolved"),
            };
            var field = http.Request.Query["field"].ToString();
            var result = await conflicts.ListAsync(collection, status, field.Length == 0 ? null : field, page, size, http.RequestAborted, long.TryParse(http.Request.Query["record"], out var record) ? record : null);
            return Http.Json(http, ApiJson.Page(result.Items.Select(c => Conflict(c, collection, http)), result.Page, result.PageSize, result.Total, http));
        }).WithSummary("Les désaccords entre sources (status=open|resolved, field, record) / Sources disagreeing (status, field, record)");

        api.MapGet("/{collection}/conflicts/{id:guid}/", async (HttpContext http, string collection, Guid id, ConflictService conflicts) =>
            Http.Json(http, Conflict(await conflicts.GetAsync(collection, id, http.RequestAborted), collection, http)))
            .WithSummary("Un conflit / A conflict");

        api.MapPost("/{collection}/conflicts/{id:guid}/resolve/", async (HttpContext http, string collection, Guid id, ConflictService conflicts) =>
        {
            var c = await conflicts.ResolveAsync(await http.ActorAsync(), collection, id, await http.BodyAsync(), http.RequestAborted);
            return Http.Json(http, Conflict(c, collection, http));
        }).WithSummary("Arbitrer : {source} (garder la valeur d'une source) ou {value}, et comment (intendants) / Settle: keep a source's value or give one (stewards)");
    }

    private static void MapDashboard(RouteGroupBuilder api)
    {
        api.MapGet("/{collection}/stats/", async (HttpContext http, string collection, StatsService stats, CollectionService collections, TimeProvider clock) =>
        {
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            var year = clock.GetUtcNow().Year;
            var to = Http.Int(http, "to") ?? year;
            var from = Http.Int(http, "from") ?? await stats.FirstYearAsync(collection, http.RequestAborted) ?? to;
            if (from > to) throw CatalogException.Invalid("from", "out-of-range", $"≤ {to}");
            var region = Territory(http, "region", "fr:region:");
            var departement = Territory(http, "departement", "fr:departement:");
            var years = await stats.OverTimeAsync(collection, region, departement, from, to, http.RequestAborted);
            var lang = http.Lang();
            return Http.Json(http, new
            {
                region, departement, from, to, power_field = def.Dimensions.Power, category_field = def.Dimensions.Category,
                stages = def.Stages.Select(s => new { id = s.Id, label = s.Label.In(lang), color = s.Color }),
                years = years.Select(y => new
                {
                    year = y.AsOf.Year, as_of = y.AsOf,
                    count = y.Cells.Sum(c => c.Count), power = y.Cells.Sum(c => c.Power),
                    by_category = y.Cells.GroupBy(c => c.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
                        .Select(g => new { category = g.Key, count = g.Sum(c => c.Count), power = g.Sum(c => c.Power) }),
                    by_stage = y.Cells.GroupBy(c => c.Stage).OrderBy(g => StageOrder(def, g.Key))
                        .Select(g => new { stage = g.Key, stage_label = StageLabel(def, g.Key, lang), count = g.Sum(c => c.Count), power = g.Sum(c => c.Power) }),
                    cells = y.Cells.Select(c => new { category = c.Category, stage = c.Stage, count = c.Count, power = c.Power }),
                }),
            });
        }).WithSummary("Nombre et puissance par filière et par étape au 31 décembre de chaque année (region, departement, from, to) / Counts and power by category and stage at each year's end");

        api.MapGet("/{collection}/map.geojson", async (HttpContext http, string collection, StatsService stats, CollectionService collections) =>
        {
            var def = await collections.DefinitionAsync(collection, http.RequestAborted);
            var points = await stats.MapAsync(collection, Query(http), http.RequestAborted);
            var lang = http.Lang();
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                type = "FeatureCollection",
                features = points.Select(p => new
                {
                    type = "Feature",
                    geometry = new { type = "Point", coordinates = new[] { p.Longitude, p.Latitude } },
                    properties = new
                    {
                        number = p.Number, label = p.Label, stage = p.Stage, stage_label = StageLabel(def, p.Stage, lang),
                        color = def.Stage(p.Stage)?.Color, category = p.Category, power = p.Power,
                        uri = RecordUri(http, collection, p.Number),
                    },
                }),
            }, ApiJson.Options);
            return Results.Bytes(body, "application/geo+json");
        }).WithSummary("La carte des fiches, colorées par étape (mêmes filtres et as_of que la liste) / The records on a map, coloured by stage");
    }

    // ---- Reading requests ----

    /// <summary>The listing's filters from the query string; a region or department may be given as a code or a territory.</summary>
    private static RecordQuery Query(HttpContext http) => new()
    {
        Q = Text(http, "q"),
        Region = Territory(http, "region", "fr:region:"),
        Departement = Territory(http, "departement", "fr:departement:"),
        Category = Text(http, "category"),
        Stage = Text(http, "stage"),
        AsOf = Date(http, "as_of"),
    };

    private static string? Text(HttpContext http, string name) => http.Request.Query[name].ToString().Trim() is { Length: > 0 } s ? s : null;

    private static string? Territory(HttpContext http, string name, string prefix) =>
        Text(http, name) is { } s && s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : Text(http, name);

    private static DateOnly? Date(HttpContext http, string name) => ParseDate(name, Text(http, name));

    private static DateOnly? ParseDate(string name, string? text)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw CatalogException.Invalid([new FieldError(name, "bad-date", "collect.error.collect-bad-date", [name, text])]);
    }

    /// <summary>
    /// The version a record write is made against: If-Match is required (two stewards editing one record must not
    /// overwrite each other unseen); it carries our ETag (<c>"v3-…"</c>) or the bare version (<c>"3"</c>); <c>*</c> opts out.
    /// </summary>
    private static int? RecordIfMatch(HttpContext http, long number)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0) throw new CatalogException(Problem.PreconditionRequired, "collect-if-match-required", null, number);
        if (header == "*") return null;
        var tag = (header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header).Trim('"');
        return int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : Http.IfMatchVersion(http);
    }

    /// <summary>
    /// Reads the import's multipart form. The crosswalk must be known before the file is stored, and form fields may come
    /// after the file: the file is held in a temporary file (deleted on close) until the whole form is read.
    /// </summary>
    private static async Task<ImportBatch> UploadAsync(HttpContext http, string collection, ImportService imports)
    {
        var actor = await http.ActorAsync();
        actor.RequireAccount();
        var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary)) throw CatalogException.Invalid("file", "multipart-expected");
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null };
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"socle-import-{Guid.NewGuid():N}"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        string? fileName = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(http.RequestAborted)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                if (name != "file" || fileName is not null) continue;
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                await section.Body.CopyToAsync(spool, http.RequestAborted);
            }
            else
            {
                using var text = new StreamReader(section.Body);
                form[name] = await text.ReadToEndAsync(http.RequestAborted);
            }
        }
        if (fileName is null) throw CatalogException.Invalid("file", "required");
        string? F(string k) => form.TryGetValue(k, out var v) && v.Trim().Length > 0 ? v.Trim() : null;
        JsonElement? definition = null;
        if (F("crosswalk_definition") is { } json)
        {
            try { definition = JsonDocument.Parse(json).RootElement.Clone(); }
            catch (JsonException) { throw CatalogException.Invalid("crosswalk_definition", "json-expected"); }
        }
        var request = new ImportRequest(F("crosswalk"), definition, F("source"), ParseDate("valid_from", F("valid_from")), F("comment"));
        spool.Position = 0;
        return await imports.CreateAsync(actor, collection, spool, fileName, request, http.RequestAborted);
    }

    // ---- Writing responses ----

    private static string CollectionUri(HttpContext http, string collection) => $"{ApiJson.Base(http)}/api/1/collections/{collection}/";

    private static string RecordUri(HttpContext http, string collection, long number) =>
        $"{CollectionUri(http, collection)}records/{number.ToString(CultureInfo.InvariantCulture)}/";

    private static object Collection(CollectionView v, HttpContext http, string lang, bool full)
    {
        var c = v.Collection;
        var uri = CollectionUri(http, c.Slug);
        return new
        {
            id = c.Id, slug = c.Slug, title = c.Title, description = c.Description,
            organization = new { id = c.OrganizationId, slug = v.OrganizationSlug, name = v.OrganizationName },
            template = c.Template, records = v.Records, dataset = c.DatasetId,
            created_at = c.CreatedAt, last_modified = c.UpdatedAt, version = c.Version,
            definition = full ? Definition(v.Definition, lang) : null,
            uri,
            links = new
            {
                records = $"{uri}records/", records_csv = $"{ApiJson.Base(http)}/api/1/collections/{c.Slug}/records.csv", schema = $"{uri}schema.json",
                imports = $"{uri}imports/", conflicts = $"{uri}conflicts/", stats = $"{uri}stats/", map = $"{uri}map.geojson",
                crosswalks = $"{uri}crosswalks/", members = $"{uri}members/",
            },
        };
    }

    /// <summary>What a form or a client needs of the definition: the fields, stages, events with their fields, measures, sources, priorities.</summary>
    private static object Definition(CollectionDefinition d, string lang) => new
    {
        id = d.Id, title = d.Title.In(lang), description = d.Description?.In(lang),
        fields = d.Schema.Fields.Select(f => f.Descriptor),
        primary_key = d.Schema.PrimaryKey,
        identity = new
        {
            external_id = d.Identity.ExternalId, name = d.Identity.Name, commune = d.Identity.Commune,
            latitude = d.Identity.Latitude, longitude = d.Identity.Longitude, distance_m = d.Identity.DistanceMeters,
        },
        dimensions = new { region = d.Dimensions.Region, departement = d.Dimensions.Departement, category = d.Dimensions.Category, power = d.Dimensions.Power, label = d.Dimensions.Label },
        stages = d.Stages.Select(s => new { id = s.Id, label = s.Label.In(lang), color = s.Color }),
        events = d.Events.Select(e => new { type = e.Type, label = e.Label.In(lang), stage = e.Stage, fields = e.Fields.Fields.Select(f => f.Descriptor) }),
        events_from_fields = d.EventsFromFields,
        measures = d.Measures.Select(m => new { id = m.Id, label = m.Label.In(lang), unit = m.Unit, period = m.Period }),
        measures_from_fields = d.MeasuresFromFields,
        sources = d.Sources.Select(s => new { id = s.Id, label = s.Label.In(lang) }),
        priority = d.Priority,
    };

    private static object Member(CollectionMember m, Socle.Catalog.Model.Account? a) => new
    {
        account = new { id = m.AccountId, email = a?.Email, name = a?.DisplayName },
        role = m.Role.ToString().ToLowerInvariant(), territories = m.Territories, created_at = m.CreatedAt,
    };

    private static object Crosswalk(CrosswalkEntry x, string collection, HttpContext http, string lang)
    {
        var definition = JsonNode.Parse(x.Definition) as JsonObject;
        return new
        {
            name = x.Name, title = LabelOf(definition?["title"], lang), source = (definition?["source"] as JsonValue)?.ToString(),
            version = x.Version, created_at = x.CreatedAt, last_modified = x.UpdatedAt, definition,
            uri = $"{CollectionUri(http, collection)}crosswalks/{Uri.EscapeDataString(x.Name)}/",
        };
    }

    /// <summary>A label of a stored JSON definition: a string, or {fr, en}.</summary>
    private static string? LabelOf(JsonNode? node, string lang) => node switch
    {
        JsonValue v => v.ToString(),
        JsonObject o => ((o[lang] ?? o["fr"]) as JsonValue)?.ToString(),
        _ => null,
    };

    private static string? StageLabel(CollectionDefinition def, string? stage, string lang) => stage is null ? null : def.Stage(stage)?.Label.In(lang) ?? stage;

    private static int StageOrder(CollectionDefinition def, string? stage)
    {
        for (var i = 0; i < def.Stages.Count; i++)
            if (def.Stages[i].Id == stage) return i;
        return -1;
    }

    private static object Row(RecordRow r, CollectionDefinition def, string collection, HttpContext http, string lang) => new
    {
        number = r.Number, version = r.Version, stage = r.Stage, stage_label = StageLabel(def, r.Stage, lang),
        label = r.Label, region = r.Region, departement = r.Departement, category = r.Category, power = r.Power,
        latitude = r.Latitude, longitude = r.Longitude, valid_from = r.ValidFrom, values = r.Values,
        uri = RecordUri(http, collection, r.Number),
    };

    private static object Record(RecordView v, CollectionDefinition def, string collection, HttpContext http, string lang, DateOnly? asOf)
    {
        var uri = RecordUri(http, collection, v.Record.Number);
        return new
        {
            number = v.Record.Number, version = v.Revision.Version, as_of = asOf, removed = v.Revision.Removed,
            stage = v.Stage, stage_label = StageLabel(def, v.Stage, lang), stage_color = def.Stage(v.Stage)?.Color,
            label = v.Revision.Label, values = v.Values, provenance = v.Provenance, sources = v.Sources,
            conflicts = v.Conflicts.Select(c => new
            {
                id = c.Id, field = c.Field, values = JsonNode.Parse(c.Values), created_at = c.CreatedAt,
                uri = $"{CollectionUri(http, collection)}conflicts/{c.Id}/",
            }),
            valid_from = v.Revision.ValidFrom,
            revision = new
            {
                version = v.Revision.Version, valid_from = v.Revision.ValidFrom, recorded_at = v.Revision.RecordedAt, source = v.Revision.Source,
                author_name = v.Revision.AuthorName, comment = v.Revision.Comment,
            },
            created_at = v.Record.CreatedAt, last_modified = v.Record.UpdatedAt,
            uri,
            links = new { revisions = $"{uri}revisions/", timeline = $"{uri}timeline/", events = $"{uri}events/", measures = $"{uri}measures/" },
        };
    }

    private static object Revision(RecordRevision v) => new
    {
        version = v.Version, valid_from = v.ValidFrom, recorded_at = v.RecordedAt, source = v.Source,
        author = v.AuthorId, author_name = v.AuthorName, comment = v.Comment, import = v.ImportId, removed = v.Removed,
        changed = JsonNode.Parse(v.Changed), values = RecordValues.Parse(v.Values), provenance = JsonNode.Parse(v.Provenance),
    };

    private static object Event(RecordEvent e, CollectionDefinition def, string lang) => new
    {
        id = e.Id, type = e.Type, label = def.Event(e.Type)?.Label.In(lang) ?? e.Type, date = e.Date,
        stage = e.Stage, stage_label = StageLabel(def, e.Stage, lang), fields = RecordValues.Parse(e.Fields), documents = JsonNode.Parse(e.Documents),
        source = e.Source, author = e.AuthorId, author_name = e.AuthorName, comment = e.Comment, import = e.ImportId, from_field = e.FromField,
        recorded_at = e.RecordedAt, withdrawn_at = e.WithdrawnAt,
    };

    private static object Measure(Measure m, CollectionDefinition def, string lang) => new
    {
        id = m.Id, measure = m.Name, label = def.Measure(m.Name)?.Label.In(lang) ?? m.Name, unit = def.Measure(m.Name)?.Unit,
        period = m.Period, value = m.Value, source = m.Source, import = m.ImportId, recorded_at = m.RecordedAt,
    };

    private static object Conflict(ConflictView v, string collection, HttpContext http)
    {
        var c = v.Conflict;
        return new
        {
            id = c.Id, field = c.Field, status = c.Status.ToString().ToLowerInvariant(), values = v.Values,
            published = v.Published, published_from = v.PublishedFrom,
            resolution = c.Resolution, resolved_by_name = c.ResolvedByName, resolved_at = c.ResolvedAt, comment = c.Comment, created_at = c.CreatedAt,
            record = new { number = v.Record, label = v.Label, region = v.Region, departement = v.Departement, uri = RecordUri(http, collection, v.Record) },
            uri = $"{CollectionUri(http, collection)}conflicts/{c.Id}/",
        };
    }

    private static async Task<Dictionary<Guid, Socle.Storage.Jobs.Job>> JobsAsync(CatalogDb catalog, IEnumerable<ImportBatch> batches, CancellationToken ct)
    {
        var ids = batches.Where(b => b.JobId is not null).Select(b => b.JobId!.Value).ToList();
        return ids.Count == 0 ? [] : await catalog.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
    }

    private static async Task<object> ImportAsync(ImportBatch b, CatalogDb catalog, string collection, HttpContext http, bool samples)
    {
        var jobs = await JobsAsync(catalog, [b], http.RequestAborted);
        var outcome = Text(http, "outcome");
        return Import(b, b.JobId is { } j ? jobs.GetValueOrDefault(j) : null, collection, http, http.Lang(), samples, outcome);
    }

    private static object Import(ImportBatch b, Socle.Storage.Jobs.Job? job, string collection, HttpContext http, string lang, bool samples, string? outcome)
    {
        var uri = $"{CollectionUri(http, collection)}imports/{b.Id}/";
        return new
        {
            id = b.Id, file_name = b.FileName, size = b.Size, crosswalk = b.CrosswalkName, source = b.Source, valid_from = b.ValidFrom,
            status = ImportService.Status(b.Status), comment = b.Comment, territories = b.Territories,
            created_by_name = b.CreatedByName, created_at = b.CreatedAt, committed_at = b.CommittedAt, skip_invalid = b.SkipInvalid,
            plan = Plan(ImportPlan.FromJson(b.Plan), lang, samples, outcome),
            error = Error(b.Error, lang),
            job = job is null ? null : ApiJson.Job(job),
            uri,
            links = new { commit = $"{uri}commit/", discard = $"{uri}discard/" },
        };
    }

    /// <summary>The dry run as the steward reads it: counts, and with <paramref name="samples"/> the first rows of each outcome, errors in the reader's language.</summary>
    private static object? Plan(ImportPlan? p, string lang, bool samples, string? outcome) => p is null ? null : new
    {
        rows = p.Rows, @new = p.New, changed = p.Changed, unchanged = p.Unchanged, conflicting = p.Conflicting, errors = p.Errors,
        ignored_columns = p.IgnoredColumns, missing_optional_columns = p.MissingOptionalColumns, error_codes = p.ErrorCodes, timings = p.Timings,
        samples = !samples ? null : p.Samples.Where(r => outcome is null || r.Outcome == outcome).Select(r => new
        {
            row = r.Row, outcome = r.Outcome, record = r.Record, label = r.Label,
            changes = r.Changes?.Select(c => new { field = c.Field, before = c.Before, after = c.After }),
            conflicts = r.Conflicts?.Select(c => new { field = c.Field, values = c.Values }),
            errors = r.Errors?.Select(e => new { code = e.Code, field = e.Field, cell = e.Cell, message = e.Message(lang, r.Row) }),
        }),
    };

    /// <summary>Why an import failed or was planned again, stored as message keys and arguments: rendered in the reader's language.</summary>
    private static object? Error(string? json, string lang)
    {
        if (json is null || JsonNode.Parse(json) is not JsonObject e) return null;
        string Render(JsonNode? key, JsonNode? args) =>
            Messages.Format((key as JsonValue)?.ToString() ?? "", lang, (args as JsonArray)?.Select(a => (object?)(a as JsonValue)?.ToString()).ToArray() ?? []);
        return new
        {
            code = (e["key"] as JsonValue)?.ToString(),
            message = Render(e["key"], e["args"]),
            errors = (e["errors"] as JsonArray)?.Select(x => new { field = (x?["field"] as JsonValue)?.ToString(), message = Render(x?["key"], x?["args"]) }),
        };
    }

    private static string Cell(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
