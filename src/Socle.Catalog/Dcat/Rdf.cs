using System.Runtime.InteropServices;
using System.Text;

namespace Socle.Catalog.Dcat;

/// <summary>An RDF term: an IRI, a blank node (by label) or a literal with an optional language or datatype.</summary>
public abstract record RdfTerm
{
    public static RdfIri Iri(string iri) => new(RdfIri.Safe(iri));
    public static RdfLiteral Text(string value, string? lang = null) => new(value, lang, null);
    public static RdfLiteral Typed(string value, string datatype) => new(value, null, datatype);
}

public sealed record RdfIri(string Value) : RdfTerm
{
    /// <summary>
    /// Percent-encodes what no IRI may contain (spaces, controls, &lt;&gt;"{}|^`\): values come from users (resource
    /// links, licence URLs), and one bad character would make the whole document unreadable to a harvester.
    /// </summary>
    public static string Safe(string iri)
    {
        var sb = new StringBuilder(iri.Length);
        foreach (var b in Encoding.UTF8.GetBytes(iri))
        {
            var c = (char)b;
            if (b < 0x21 || b == 0x7F || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else if (b < 0x80) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

public sealed record RdfBlank(string Label) : RdfTerm;

public sealed record RdfLiteral(string Value, string? Lang, string? Datatype) : RdfTerm;

public sealed record RdfTriple(RdfTerm Subject, string Predicate, RdfTerm Object);

/// <summary>The vocabularies DCAT-AP documents use, by the prefixes profile files may name them with.</summary>
public static class RdfNamespaces
{
    public static readonly IReadOnlyDictionary<string, string> Prefixes = new Dictionary<string, string>
    {
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcat"] = "http://www.w3.org/ns/dcat#",
        ["dct"] = "http://purl.org/dc/terms/",
        ["dcatap"] = "http://data.europa.eu/r5r/",
        ["foaf"] = "http://xmlns.com/foaf/0.1/",
        ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
        ["skos"] = "http://www.w3.org/2004/02/skos/core#",
        ["spdx"] = "http://spdx.org/rdf/terms#",
        ["adms"] = "http://www.w3.org/ns/adms#",
        ["locn"] = "http://www.w3.org/ns/locn#",
        ["hydra"] = "http://www.w3.org/ns/hydra/core#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["schema"] = "http://schema.org/",
    };

    /// <summary>"dcat:theme" → the full IRI; null for an unknown prefix or a malformed name.</summary>
    public static string? Expand(string prefixed)
    {
        var colon = prefixed.IndexOf(':');
        if (colon <= 0 || colon == prefixed.Length - 1) return null;
        return Prefixes.TryGetValue(prefixed[..colon], out var ns) ? ns + prefixed[(colon + 1)..] : null;
    }

    /// <summary>The prefixed form of a full IRI whose local part is a plain name; null otherwise.</summary>
    public static (string Prefix, string Local)? Split(string iri)
    {
        foreach (var (prefix, ns) in Prefixes)
            if (iri.StartsWith(ns, StringComparison.Ordinal) && iri.Length > ns.Length && IsName(iri.AsSpan(ns.Length)))
                return (prefix, iri[ns.Length..]);
        return null;
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetter(s[0])) return false;
        foreach (var c in s)
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-') return false;
        return true;
    }
}

/// <summary>
/// A set of triples in insertion order (subjects are written in the order they first appear), indexed by subject, by
/// subject and predicate, and by predicate and object, so a harvester's lookups stay cheap on a 100,000-triple page.
/// </summary>
public sealed class RdfGraph
{
    private static readonly string RdfType = RdfNamespaces.Prefixes["rdf"] + "type";

    private readonly List<RdfTriple> _triples = [];
    private readonly HashSet<RdfTriple> _set = [];
    private readonly Dictionary<RdfTerm, Bucket<RdfTriple>> _bySubject = [];
    private readonly Dictionary<(RdfTerm, string), Bucket<RdfTerm>> _objects = [];
    private readonly Dictionary<(string, RdfTerm), Bucket<RdfTerm>> _subjects = [];
    private int _blanks;

    public IReadOnlyList<RdfTriple> Triples => _triples;

    public int Count => _triples.Count;

    /// <summary>Whether the graph already says something about <paramref name="subject"/> (a node described once, linked many times).</summary>
    public bool Describes(RdfTerm subject) => _bySubject.ContainsKey(subject);

    /// <summary>A blank node no other in this graph shares: readers map each document's labels to these, so two documents never merge their <c>_:b1</c>.</summary>
    public RdfBlank NewBlank() => new("b" + (++_blanks).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Adds a triple; <paramref name="predicate"/> is prefixed ("dct:title") or a full IRI. Null objects are skipped.</summary>
    public void Add(RdfTerm subject, string predicate, RdfTerm? o)
    {
        if (o is null || o is RdfLiteral { Value.Length: 0 }) return;
        var iri = predicate.Contains("://", StringComparison.Ordinal) ? predicate : RdfNamespaces.Expand(predicate)
            ?? throw new ArgumentException($"unknown prefix in {predicate}", nameof(predicate));
        AddTriple(subject, iri, o);
    }

    /// <summary>
    /// Adds a triple as a parser read it: <paramref name="predicateIri"/> is a full IRI of any scheme (<c>urn:</c> too),
    /// never expanded, and empty literals are kept. False when the graph already held the triple (a graph is a set).
    /// </summary>
    public bool AddTriple(RdfTerm subject, string predicateIri, RdfTerm o)
    {
        var t = new RdfTriple(subject, predicateIri, o);
        if (!_set.Add(t)) return false;
        _triples.Add(t);
        CollectionsMarshal.GetValueRefOrAddDefault(_bySubject, subject, out _).Add(t);
        CollectionsMarshal.GetValueRefOrAddDefault(_objects, (subject, predicateIri), out _).Add(o);
        CollectionsMarshal.GetValueRefOrAddDefault(_subjects, (predicateIri, o), out _).Add(subject);
        return true;
    }

    public void Type(RdfTerm subject, string type) => Add(subject, "rdf:type", RdfTerm.Iri(RdfNamespaces.Expand(type)!));

    /// <summary>The triples whose subject is <paramref name="subject"/>, in insertion order.</summary>
    public IReadOnlyList<RdfTriple> About(RdfTerm subject) => _bySubject.TryGetValue(subject, out var b) ? b.All : [];

    /// <summary>The objects of (<paramref name="subject"/>, <paramref name="predicateIri"/>), in insertion order.</summary>
    public IEnumerable<RdfTerm> Objects(RdfTerm subject, string predicateIri) =>
        _objects.TryGetValue((subject, predicateIri), out var b) ? b.All : [];

    /// <summary>The first object of (<paramref name="subject"/>, <paramref name="predicateIri"/>), or null.</summary>
    public RdfTerm? Object(RdfTerm subject, string predicateIri) =>
        _objects.TryGetValue((subject, predicateIri), out var b) ? b.First : null;

    /// <summary>The subjects of (<paramref name="predicateIri"/>, <paramref name="obj"/>), in insertion order.</summary>
    public IEnumerable<RdfTerm> Subjects(string predicateIri, RdfTerm obj) =>
        _subjects.TryGetValue((predicateIri, obj), out var b) ? b.All : [];

    /// <summary>The subjects typed <paramref name="typeIri"/> (a full IRI), in document order.</summary>
    public IEnumerable<RdfTerm> SubjectsOfType(string typeIri) => Subjects(RdfType, new RdfIri(typeIri));

    /// <summary>An index entry: most keys have one value, kept inline; a list only from the second on.</summary>
    private struct Bucket<T> where T : class
    {
        private T? _first;
        private List<T>? _all;

        public void Add(T value)
        {
            if (_first is null) _first = value;
            else (_all ??= [_first]).Add(value);
        }

        public readonly T? First => _first;

        public readonly IReadOnlyList<T> All => _all ?? (_first is null ? [] : [_first]);
    }
}
