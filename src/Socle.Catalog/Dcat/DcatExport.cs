using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;

namespace Socle.Catalog.Dcat;

/// <summary>
/// The catalogue as DCAT-AP: a <c>dcat:Catalog</c> of the published datasets (all, or one organisation's), paged with
/// Hydra like data.gouv.fr's <c>/catalog</c>, and each dataset with its distributions. Core fields map to the DCAT-AP
/// mandatory and recommended properties; profile fields to the property their profile declares (<c>"dcat"</c>).
/// </summary>
public sealed class DcatExport(CatalogDb db, CatalogSettings settings, SchemaRegistry schemas)
{
    public const int DefaultPageSize = 100, MaxPageSize = 1000;

    private static readonly string Xsd = RdfNamespaces.Prefixes["xsd"];

    /// <summary>One page of the catalogue; <paramref name="organization"/> (a slug) restricts it to one producer.</summary>
    public async Task<RdfGraph> CatalogAsync(string baseUrl, string pageUrl, int page, int pageSize, string? organization, CancellationToken ct = default)
    {
        if (page < 1) throw CatalogException.Invalid("page", "out-of-range", "≥ 1");
        if (pageSize is < 1 or > MaxPageSize) throw CatalogException.Invalid("page_size", "out-of-range", $"1–{MaxPageSize}");
        baseUrl = baseUrl.TrimEnd('/');
        var query = db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published);
        Organization? org = null;
        if (organization is not null)
        {
            org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == organization, ct)
                  ?? throw CatalogException.NotFound("organization", organization);
            query = query.Where(d => d.OrganizationId == org.Id);
        }
        var total = await query.CountAsync(ct);
        var datasets = await query.OrderBy(d => d.Key).Skip((page - 1) * pageSize).Take(pageSize)
            .Include(d => d.Organization).Include(d => d.License).Include(d => d.Resources.OrderBy(r => r.Position)).AsSplitQuery().ToListAsync(ct);

        var g = new RdfGraph();
        var catalog = RdfTerm.Iri(org is null ? $"{baseUrl}/catalog" : $"{baseUrl}/api/1/organizations/{org.Slug}/catalog");
        g.Type(catalog, "dcat:Catalog");
        g.Add(catalog, "dct:title", RdfTerm.Text(org?.Name ?? "Socle"));
        g.Add(catalog, "dct:description", RdfTerm.Text(org?.Description ?? (org is null ? "Catalogue Socle" : org.Name)));
        g.Add(catalog, "foaf:homepage", RdfTerm.Iri(org is null ? baseUrl + "/" : $"{baseUrl}/organizations/{org.Slug}/"));
        if (org is not null) g.Add(catalog, "dct:publisher", Publisher(g, org, baseUrl));
        g.Add(catalog, "dct:language", RdfTerm.Iri("http://publications.europa.eu/resource/authority/language/FRA"));
        foreach (var d in datasets) g.Add(catalog, "dcat:dataset", RdfTerm.Iri(DatasetUri(baseUrl, d)));

        // Hydra paging, as data.gouv.fr pages its catalogue: harvesters follow hydra:next until there is none.
        var last = Math.Max(1, (total + pageSize - 1) / pageSize);
        var view = RdfTerm.Iri(PageLink(pageUrl, page, pageSize));
        g.Type(view, "hydra:PartialCollectionView");
        g.Add(view, "hydra:first", RdfTerm.Iri(PageLink(pageUrl, 1, pageSize)));
        g.Add(view, "hydra:last", RdfTerm.Iri(PageLink(pageUrl, last, pageSize)));
        if (page < last) g.Add(view, "hydra:next", RdfTerm.Iri(PageLink(pageUrl, page + 1, pageSize)));
        if (page > 1) g.Add(view, "hydra:previous", RdfTerm.Iri(PageLink(pageUrl, Math.Min(page - 1, last), pageSize)));
        g.Add(view, "hydra:totalItems", Integer(total));
        g.Add(view, "hydra:itemsPerPage", Integer(pageSize));

        foreach (var d in datasets) AddDataset(g, d, baseUrl);
        return g;
    }

    /// <summary>One dataset and its distributions, if the actor may see it.</summary>
    public RdfGraph Dataset(Dataset d, string baseUrl)
    {
        var g = new RdfGraph();
        AddDataset(g, d, baseUrl.TrimEnd('/'));
        return g;
    }

    public static string DatasetUri(string baseUrl, Dataset d) => $"{baseUrl.TrimEnd('/')}/datasets/{d.Slug}/";

    private void AddDataset(RdfGraph g, Dataset d, string baseUrl)
    {
        var profile = settings.Profile;
        var s = RdfTerm.Iri(DatasetUri(baseUrl, d));
        g.Type(s, "dcat:Dataset");
        g.Add(s, "dct:identifier", RdfTerm.Text(d.Id.ToString()));
        g.Add(s, "dct:title", RdfTerm.Text(d.Title));
        g.Add(s, "dct:description", RdfTerm.Text(d.Description.Length > 0 ? d.Description : d.Title));
        g.Add(s, "dcat:landingPage", RdfTerm.Iri(DatasetUri(baseUrl, d)));
        g.Add(s, "dct:issued", DateTime(d.CreatedAt));
        g.Add(s, "dct:modified", DateTime(d.DataUpdatedAt is { } data && data > d.UpdatedAt ? data : d.UpdatedAt));
        if (d.Organization is not null) g.Add(s, "dct:publisher", Publisher(g, d.Organization, baseUrl));
        foreach (var k in d.Keywords) g.Add(s, "dcat:keyword", RdfTerm.Text(k));
        if (d.ContactName is not null || d.ContactEmail is not null)
        {
            var contact = g.NewBlank();
            g.Type(contact, "vcard:Kind");
            g.Add(contact, "vcard:fn", RdfTerm.Text(d.ContactName ?? d.ContactEmail!));
            if (d.ContactEmail is not null) g.Add(contact, "vcard:hasEmail", RdfTerm.Iri("mailto:" + d.ContactEmail));
            g.Add(s, "dcat:contactPoint", contact);
        }
        foreach (var zone in d.Territories)
        {
            var location = g.NewBlank();
            g.Type(location, "dct:Location");
            g.Add(location, "dct:identifier", RdfTerm.Text(zone));
            g.Add(location, "skos:prefLabel", RdfTerm.Text(zone));
            g.Add(s, "dct:spatial", location);
        }
        if (d.TemporalStart is not null || d.TemporalEnd is not null)
        {
            var period = g.NewBlank();
            g.Type(period, "dct:PeriodOfTime");
            if (d.TemporalStart is { } start) g.Add(period, "dcat:startDate", Date(start));
            if (d.TemporalEnd is { } end) g.Add(period, "dcat:endDate", Date(end));
            g.Add(s, "dct:temporal", period);
        }
        if (d.Frequency is not null && profile.Vocabulary(MetadataProfile.FrequencyVocabulary)?.Find(d.Frequency)?.Uri is { } frequency)
            g.Add(s, "dct:accrualPeriodicity", RdfTerm.Iri(frequency));
        AddProfileFields(g, s, d.Extras, profile);

        foreach (var r in d.Resources.OrderBy(r => r.Position))
        {
            var dist = RdfTerm.Iri($"{baseUrl}/datasets/{d.Slug}/resources/{r.Id}/");
            g.Type(dist, "dcat:Distribution");
            g.Add(s, "dcat:distribution", dist);
            g.Add(dist, "dct:identifier", RdfTerm.Text(r.Id.ToString()));
            g.Add(dist, "dct:title", RdfTerm.Text(r.Title));
            if (r.Description is { Length: > 0 } desc) g.Add(dist, "dct:description", RdfTerm.Text(desc));
            var download = r.FileType == "remote" && r.Url is not null ? r.Url : $"{baseUrl}/api/1/datasets/{d.Slug}/resources/{r.Id}/download";
            g.Add(dist, "dcat:accessURL", RdfTerm.Iri(download));
            g.Add(dist, "dcat:downloadURL", RdfTerm.Iri(download));
            if (r.Format is { Length: > 0 } format)
                g.Add(dist, "dct:format", RdfTerm.Iri("http://publications.europa.eu/resource/authority/file-type/" + format.ToUpperInvariant()));
            if (r.Mime is { Length: > 0 } mime) g.Add(dist, "dcat:mediaType", RdfTerm.Iri("https://www.iana.org/assignments/media-types/" + mime));
            if (r.Size is { } size) g.Add(dist, "dcat:byteSize", RdfTerm.Typed(size.ToString(CultureInfo.InvariantCulture), Xsd + "nonNegativeInteger"));
            if (d.License?.Url is { } license) g.Add(dist, "dct:license", RdfTerm.Iri(license));
            if (r.Schema is { } schema) g.Add(dist, "dct:conformsTo", RdfTerm.Iri(ConformsTo(schema, baseUrl)));
            if (r.Checksum is { } sha)
            {
                var checksum = g.NewBlank();
                g.Type(checksum, "spdx:Checksum");
                g.Add(checksum, "spdx:algorithm", RdfTerm.Iri("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"));
                g.Add(checksum, "spdx:checksumValue", RdfTerm.Typed(sha, Xsd + "hexBinary"));
                g.Add(dist, "spdx:checksum", checksum);
            }
            g.Add(dist, "dct:issued", DateTime(r.CreatedAt));
            g.Add(dist, "dct:modified", DateTime(r.UpdatedAt));
        }
    }

    /// <summary>
    /// Each profile field with a DCAT property: a vocabulary value as its concept's URI (its labels, in French and English,
    /// for dcat:keyword), a URL or an e-mail as an IRI, numbers, booleans and dates typed, the rest as text.
    /// </summary>
    private static void AddProfileFields(RdfGraph g, RdfTerm s, JsonObject extras, MetadataProfile profile)
    {
        foreach (var field in profile.Fields)
        {
            if (field.Dcat is null || RdfNamespaces.Expand(field.Dcat) is not { } property) continue;
            if (!extras.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            var vocabulary = field.Vocabulary is { } v ? profile.Vocabulary(v) : null;
            foreach (var item in node is JsonArray a ? a.Select(x => x?.ToString()) : [node.ToString()])
            {
                if (string.IsNullOrEmpty(item)) continue;
                if (vocabulary?.Find(item) is { } concept)
                {
                    if (field.Dcat == "dcat:keyword" || concept.Uri is null)
                    {
                        g.Add(s, property, RdfTerm.Text(concept.Label.Fr, "fr"));
                        g.Add(s, property, RdfTerm.Text(concept.Label.En, "en"));
                    }
                    else g.Add(s, property, RdfTerm.Iri(concept.Uri));
                    continue;
                }
                g.Add(s, property, field.Type switch
                {
                    ProfileFieldType.Url => RdfTerm.Iri(item),
                    ProfileFieldType.Email => RdfTerm.Iri("mailto:" + item),
                    ProfileFieldType.Integer => RdfTerm.Typed(item, Xsd + "integer"),
                    ProfileFieldType.Number => RdfTerm.Typed(item, Xsd + "decimal"),
                    ProfileFieldType.Boolean => RdfTerm.Typed(item.ToLowerInvariant(), Xsd + "boolean"),
                    ProfileFieldType.Date => RdfTerm.Typed(item, Xsd + "date"),
                    _ => RdfTerm.Text(item),
                });
            }
        }
    }

    private static RdfTerm Publisher(RdfGraph g, Organization o, string baseUrl)
    {
        var p = RdfTerm.Iri($"{baseUrl}/organizations/{o.Slug}/");
        if (!g.Describes(p))
        {
            g.Type(p, "foaf:Organization");
            g.Add(p, "foaf:name", RdfTerm.Text(o.Name));
            if (o.Url is { Length: > 0 } url) g.Add(p, "foaf:homepage", RdfTerm.Iri(url));
        }
        return p;
    }

    private static string PageLink(string pageUrl, int page, int pageSize) =>
        $"{pageUrl}?page={page.ToString(CultureInfo.InvariantCulture)}&page_size={pageSize.ToString(CultureInfo.InvariantCulture)}";

    private static RdfLiteral Integer(int n) => RdfTerm.Typed(n.ToString(CultureInfo.InvariantCulture), Xsd + "integer");
    private static RdfLiteral Date(DateOnly d) => RdfTerm.Typed(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Xsd + "date");
    private static RdfLiteral DateTime(DateTimeOffset t) =>
        RdfTerm.Typed(CatalogExports.Instant(t), Xsd + "dateTime");

    /// <summary>
    /// What a distribution conforms to: a schema URL as it is; a pinned registered version, the URL it was registered
    /// from when there is one (schema.data.gouv.fr's addresses are what national harvesters recognise), else its file
    /// here; a registered name, the file of its latest version here.
    /// </summary>
    private string ConformsTo(string schema, string baseUrl)
    {
        if (Uri.TryCreate(schema, UriKind.Absolute, out _)) return schema;
        if (SchemaResolver.Split(schema) is ({ } name, { } version))
            return schemas.Get(name)?.Version(version)?.SourceUrl ?? $"{baseUrl}/api/1/schemas/{name}@{version}/schema.json";
        return $"{baseUrl}/api/1/schemas/{schema}/schema.json";
    }
}
