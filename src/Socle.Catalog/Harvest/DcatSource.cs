using System.Globalization;
using System.Text.Json.Nodes;
using Socle.Catalog.Dcat;
using Socle.Catalog.Profiles;

namespace Socle.Catalog.Harvest;

/// <summary>
/// A DCAT catalogue (JSON-LD, Turtle or RDF/XML, told by the media type or sniffed), paged with Hydra as data.gouv.fr
/// and Socle page theirs (<c>hydra:next</c>, or the older <c>hydra:nextPage</c>). Each <c>dcat:Dataset</c> is read back
/// through the same properties the export writes, profile fields through the property their profile declares.
/// </summary>
internal static class DcatSource
{
    // JSON-LD last: a document that names a remote @context is refused rather than fetched, Turtle and RDF/XML never need one.
    private const string Accept = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/xml;q=0.5, */*;q=0.1";
    private static readonly string Rdf = RdfNamespaces.Prefixes["rdf"], Dct = RdfNamespaces.Prefixes["dct"], Dcat = RdfNamespaces.Prefixes["dcat"],
        Hydra = RdfNamespaces.Prefixes["hydra"], Vcard = RdfNamespaces.Prefixes["vcard"], Skos = RdfNamespaces.Prefixes["skos"],
        Foaf = RdfNamespaces.Prefixes["foaf"], Schema = RdfNamespaces.Prefixes["schema"];

    public static async Task<HarvestListing> ReadAsync(string url, MetadataProfile profile, HarvestFetcher fetcher, HarvestOptions options,
        Func<int, Task> progress, CancellationToken ct)
    {
        var datasets = new List<RemoteDataset>();
        var unreadable = new List<HarvestItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = 0;
        string? next = url;
        while (next is not null)
        {
            if (!seen.Add(next)) throw new HarvestSourceException(HarvestProblem.Of("harvest.error.paging-loop", next));
            if (pages >= options.MaxPages) throw new HarvestSourceException(HarvestProblem.Of("harvest.error.too-many-pages", options.MaxPages));
            var (text, mediaType, final) = await fetcher.GetAsync(next, Accept, ct);
            RdfGraph graph;
            try
            {
                graph = RdfReader.Read(text, RdfReader.FromMediaType(mediaType) is { } f && !IsGeneric(mediaType) ? f : RdfReader.Sniff(text), final.ToString());
            }
            catch (RdfSyntaxException e)
            {
                throw new HarvestSourceException(HarvestProblem.Of("harvest.error.rdf", next, e.Line, e.Column) with
                {
                    Detail = new HarvestProblem(e.Key, [.. e.Args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")]),
                });
            }
            pages++;
            foreach (var s in graph.SubjectsOfType(Dcat + "Dataset"))
            {
                var d = Read(graph, s, profile);
                if (d is null) unreadable.Add(new HarvestItem(Name(s), Text(graph, s, Dct + "title"), HarvestItem.Failed, Reason: HarvestProblem.Of("harvest.item.no-id")));
                else if (ids.Add(d.RemoteId)) datasets.Add(d);
            }
            await progress(datasets.Count + unreadable.Count);
            next = NextPage(graph, final);
        }
        return new HarvestListing(datasets, unreadable, pages);
    }

    /// <summary>application/json or text/plain says nothing about the RDF syntax: the text is sniffed instead.</summary>
    private static bool IsGeneric(string? mediaType) => mediaType is null or "text/plain" or "application/octet-stream";

    private static string? NextPage(RdfGraph g, Uri baseUrl)
    {
        foreach (var type in new[] { Hydra + "PartialCollectionView", Hydra + "PagedCollection", Hydra + "Collection" })
            foreach (var view in g.SubjectsOfType(type))
                if ((g.Object(view, Hydra + "next") ?? g.Object(view, Hydra + "nextPage")) is RdfIri next)
                    return JsonSource.Url(next.Value, baseUrl);
        return null;
    }

    private static string Name(RdfTerm s) => s is RdfIri iri ? iri.Value : "?";

    private static RemoteDataset? Read(RdfGraph g, RdfTerm s, MetadataProfile profile)
    {
        var uri = s is RdfIri i ? i.Value : null;
        var id = Text(g, s, Dct + "identifier") ?? uri;
        if (id is null) return null;
        var extras = new JsonObject();
        var conceptKeywords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in profile.Fields)
        {
            if (field.Dcat is null || RdfNamespaces.Expand(field.Dcat) is not { } property) continue;
            var values = new List<string>();
            var vocabulary = field.Vocabulary is { } v ? profile.Vocabulary(v) : null;
            foreach (var o in g.Objects(s, property))
            {
                var value = o switch { RdfIri iri => iri.Value.StartsWith("mailto:", StringComparison.Ordinal) ? iri.Value[7..] : iri.Value, RdfLiteral l => l.Value, _ => null };
                if (value is null) continue;
                if (field.Dcat == "dcat:keyword")
                {
                    // Keywords are shared by every field exported as dcat:keyword: only the concepts of this field are its own.
                    if (vocabulary?.Find(value) is not { } concept) continue;
                    conceptKeywords.Add(value);
                    value = concept.Value;
                }
                if (!values.Contains(value)) values.Add(value);
            }
            if (values.Count > 0) extras[field.Key] = field.Multiple ? new JsonArray([.. values.Select(x => (JsonNode?)x)]) : values[0];
        }
        var keywords = g.Objects(s, Dcat + "keyword").OfType<RdfLiteral>().Where(l => !conceptKeywords.Contains(l.Value)).ToList();
        var temporal = g.Object(s, Dct + "temporal");
        var contact = g.Object(s, Dcat + "contactPoint");
        var distributions = g.Objects(s, Dcat + "distribution").ToList();
        return new RemoteDataset
        {
            RemoteId = id,
            RemoteUri = uri,
            Page = (g.Object(s, Dcat + "landingPage") as RdfIri)?.Value ?? uri,
            Title = Text(g, s, Dct + "title"),
            Description = Text(g, s, Dct + "description") ?? "",
            // Translations of one keyword come as several language-tagged literals: French (or untagged) ones first.
            Keywords = [.. (keywords.Any(l => l.Lang is null or "fr") ? keywords.Where(l => l.Lang is null or "fr") : keywords).Select(l => l.Value)],
            License = [.. g.Objects(s, Dct + "license").Concat(distributions.SelectMany(d => g.Objects(d, Dct + "license"))).Select(Value).OfType<string>().Distinct()],
            Frequency = Value(g.Object(s, Dct + "accrualPeriodicity")),
            // A literal dct:spatial is often a place name (a profile field may take it); only official codes are territories.
            Territories = [.. g.Objects(s, Dct + "spatial").Select(z => z is RdfLiteral l ? (Services.Territory.IsCode(l.Value) ? l.Value : null)
                : Text(g, z, Dct + "identifier") ?? Text(g, z, Skos + "notation") ?? (z as RdfIri)?.Value).OfType<string>()],
            TemporalStart = temporal is null ? null : JsonSource.Date(Value(g.Object(temporal, Dcat + "startDate") ?? g.Object(temporal, Schema + "startDate"))),
            TemporalEnd = temporal is null ? null : JsonSource.Date(Value(g.Object(temporal, Dcat + "endDate") ?? g.Object(temporal, Schema + "endDate"))),
            ContactName = contact is null ? null : Text(g, contact, Vcard + "fn") ?? Text(g, contact, Foaf + "name"),
            ContactEmail = contact is null ? null : Value(g.Object(contact, Vcard + "hasEmail")) is { } mail ? (mail.StartsWith("mailto:", StringComparison.Ordinal) ? mail[7..] : mail) : null,
            Extras = extras,
            Resources = [.. distributions.Select(d => Distribution(g, d)).OfType<RemoteResource>()],
        };
    }

    private static RemoteResource? Distribution(RdfGraph g, RdfTerm d)
    {
        var url = JsonSource.Url(Value(g.Object(d, Dcat + "downloadURL") ?? g.Object(d, Dcat + "accessURL")));
        if (url is null) return null;
        return new RemoteResource
        {
            RemoteId = Text(g, d, Dct + "identifier") ?? (d as RdfIri)?.Value,
            Title = Text(g, d, Dct + "title"),
            Description = Text(g, d, Dct + "description"),
            Url = url,
            Format = LastSegment(Value(g.Object(d, Dct + "format"))),
            Mime = Value(g.Object(d, Dcat + "mediaType")) is { } m && m.IndexOf("/media-types/", StringComparison.Ordinal) is var at and >= 0 ? m[(at + 13)..] : Value(g.Object(d, Dcat + "mediaType")),
            // Often written as a decimal ("20480.0").
            Size = decimal.TryParse(Value(g.Object(d, Dcat + "byteSize")), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= long.MaxValue ? (long)n : null,
            Schema = (g.Object(d, Dct + "conformsTo") as RdfIri)?.Value,
        };
    }

    /// <summary>"…/file-type/CSV" → "CSV"; a literal stays as it is.</summary>
    private static string? LastSegment(string? s) =>
        s is not null && Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.Segments[^1].Trim('/') : s;

    private static string? Value(RdfTerm? t) => t switch { RdfIri i => i.Value, RdfLiteral l => l.Value, _ => null };

    /// <summary>A text property: the French (or untagged) literal when there are translations.</summary>
    private static string? Text(RdfGraph g, RdfTerm s, string p)
    {
        var all = g.Objects(s, p).OfType<RdfLiteral>().ToList();
        return (all.FirstOrDefault(l => l.Lang == "fr") ?? all.FirstOrDefault(l => l.Lang is null) ?? all.FirstOrDefault())?.Value;
    }
}
