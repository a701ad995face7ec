using System.Globalization;
using System.Text;

namespace Socle.Catalog.Dcat;

/// <summary>
/// JSON-LD 1.1 to RDF, in two passes: Expansion (JSON-LD 1.1 Processing Algorithms §5.1) into a small in-memory form,
/// then the triples of each node object (§8.1, without the node map: a graph is a set, so a node seen twice merges by
/// itself). Named graphs are read into the default graph. What this reader does not implement — remote contexts and
/// @import, @json literals, @graph containers, property-valued indexes — is refused with a message, never skipped.
/// </summary>
internal sealed class JsonLdReader
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", Xsd = "http://www.w3.org/2001/XMLSchema#";

    private readonly RdfGraph _g;
    private readonly DocumentBlanks _blanks;
    private readonly JsonLdErrors _errors;

    private JsonLdReader(RdfGraph graph, JsonLdErrors errors)
    {
        _g = graph;
        _blanks = new DocumentBlanks(graph);
        _errors = errors;
    }

    public static void Read(string text, string baseIri, RdfGraph graph)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var root = JsonTree.Parse(utf8);
        var errors = new JsonLdErrors(utf8);
        var reader = new JsonLdReader(graph, errors);
        var expanded = reader.Expand(new JsonLdContext(baseIri, errors), null, root, false, 0);
        foreach (var item in expanded)
            if (item is Node n) reader.Emit(n, 0);
    }

    // The expanded form: node objects, value objects and list objects.
    private abstract class Item;

    private sealed class Node(JsonValue at) : Item
    {
        public JsonValue At { get; } = at;
        public string? Id { get; set; }
        public List<string> Types { get; } = [];
        public OrderedDictionary<string, List<Item>> Properties { get; } = new(StringComparer.Ordinal);
        // Rare on a catalogue's nodes: made when first needed.
        private OrderedDictionary<string, List<Node>>? _reverse;
        private List<Item>? _nested;
        public OrderedDictionary<string, List<Node>> Reverse => _reverse ??= new(StringComparer.Ordinal);
        public IEnumerable<KeyValuePair<string, List<Node>>> ReverseEntries => _reverse ?? [];
        /// <summary>The nodes of its @graph and @included: all are read into the default graph.</summary>
        public List<Item> Nested => _nested ??= [];
        public IEnumerable<Item> NestedItems => _nested ?? [];
        public void Add(string property, IEnumerable<Item> values) => Values(Properties, property).AddRange(values);
    }

    private sealed class Value(JsonValue raw, string? language, string? type) : Item
    {
        public JsonValue Raw { get; } = raw;
        public string? Language { get; } = language;
        public string? Type { get; } = type;
    }

    private sealed class ListItem(List<Item> items) : Item
    {
        public List<Item> Items { get; } = items;
    }

    private static List<T> Values<T>(OrderedDictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }

    private static JsonLdTerm? TermOf(JsonLdContext context, string? property) =>
        property is not null && context.Terms.TryGetValue(property, out var t) ? t : null;

    /// <summary>The Expansion algorithm for one element; free-floating values disappear, as the algorithm says.</summary>
    private List<Item> Expand(JsonLdContext active, string? activeProperty, JsonValue element, bool fromMap, int depth)
    {
        if (depth > RdfReader.MaxDepth) throw _errors.At(element, "rdf.syntax.too-deep", RdfReader.MaxDepth);
        var term = TermOf(active, activeProperty);
        switch (element)
        {
            case JsonNull:
                return [];
            case JsonArr array:
            {
                var result = new List<Item>();
                foreach (var v in array.Items)
                {
                    var expanded = Expand(active, activeProperty, v, fromMap, depth + 1);
                    // An array inside a @list-container property is a list of its own (JSON-LD 1.1 lists of lists).
                    if (term is not null && term.Container.Contains("@list") && v is JsonArr) result.Add(new ListItem(expanded));
                    else result.AddRange(expanded);
                }
                return result;
            }
            case JsonObj obj:
                return ExpandObject(active, activeProperty, term, obj, fromMap, depth);
            default:
                if (activeProperty is null or "@graph") return [];
                if (term?.Context is { } scoped) active = active.With(scoped);
                return ExpandValue(active, activeProperty, element) is { } item ? [item] : [];
        }
    }

    /// <summary>Value Expansion (§5.3.2): a scalar under a term, typed, language-tagged or made an IRI by the term; null for an IRI that maps to nothing.</summary>
    private Item? ExpandValue(JsonLdContext active, string activeProperty, JsonValue value)
    {
        var term = TermOf(active, activeProperty);
        if (value is JsonStr s && term?.Type is "@id" or "@vocab")
            return active.ExpandIri(s.Value, documentRelative: true, vocab: term.Type == "@vocab") is { } id ? new Node(value) { Id = id } : null;
        if (term?.Type == "@json") throw _errors.At(value, "rdf.jsonld.unsupported", "@json");
        if (term?.Type is { } type && type is not ("@id" or "@vocab" or "@none")) return new Value(value, null, type);
        if (value is JsonStr) return new Value(value, term is { HasLanguage: true } ? term.Language : active.Language, null);
        return new Value(value, null, null);
    }

    private List<Item> ExpandObject(JsonLdContext active, string? activeProperty, JsonLdTerm? term, JsonObj element, bool fromMap, int depth)
    {
        // A type-scoped context stops at the node it typed, unless this object is a value or a bare reference.
        if (active.Previous is not null && !fromMap)
        {
            var keys = element.Members.Keys.Select(active.ExpandKey).ToList();
            if (!keys.Contains("@value") && !(keys.Count == 1 && keys[0] == "@id")) active = active.Previous;
        }
        if (term?.Context is { } scoped) active = active.With(scoped);
        if (element.Get("@context") is { } local) active = active.With(local);
        var typeScoped = active;
        IEnumerable<KeyValuePair<string, JsonValue>> typeKeys = active.HasScopedContexts ? element.Members.OrderBy(m => m.Key, StringComparer.Ordinal) : [];
        foreach (var (key, value) in typeKeys)
        {
            if (active.ExpandKey(key) != "@type") continue;
            var types = value is JsonArr a ? a.Items.OfType<JsonStr>().Select(s => s.Value) : value is JsonStr s1 ? [s1.Value] : [];
            foreach (var t in types.Order(StringComparer.Ordinal))
                if (typeScoped.Terms.TryGetValue(t, out var tt) && tt.Context is { } tc) active = active.With(tc, propagate: false);
        }

        var node = new Node(element);
        JsonValue? value0 = null, language = null, typeOfValue = null, list = null, set = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ExpandMembers(element, active, typeScoped, activeProperty, node, ref value0, ref language, ref typeOfValue, ref list, ref set, seen, depth);

        if (value0 is not null)
        {
            if (node.Properties.Count > 0 || seen.Any(k => k is not ("@value" or "@language" or "@type" or "@index" or "@direction")) || language is not null && typeOfValue is not null)
                throw _errors.At(element, "rdf.jsonld.invalid-value", "@value");
            if (value0 is JsonNull) return [];
            if (value0 is JsonObj or JsonArr) throw _errors.At(value0, "rdf.jsonld.invalid-value", "@value");
            if (language is not null)
            {
                if (value0 is not JsonStr) throw _errors.At(value0, "rdf.jsonld.invalid-value", "@language");
                return [new Value(value0, ((JsonStr)language).Value.ToLowerInvariant(), null)];
            }
            if (typeOfValue is not null)
            {
                var dt = typeOfValue is JsonStr ts ? active.ExpandIri(ts.Value, documentRelative: true, vocab: true) : null;
                if (dt == "@json") throw _errors.At(typeOfValue, "rdf.jsonld.unsupported", "@json");
                if (dt is null || !IriReference.IsAbsolute(dt) || dt.StartsWith("_:", StringComparison.Ordinal))
                    throw _errors.At(typeOfValue, "rdf.jsonld.invalid-value", "@type");
                return [new Value(value0, null, dt)];
            }
            return [new Value(value0, null, null)];
        }
        if (list is not null || set is not null)
        {
            if (seen.Any(k => k is not ("@list" or "@set" or "@index"))) throw _errors.At(element, "rdf.jsonld.invalid-value", list is not null ? "@list" : "@set");
            if (set is not null) return Expand(active, activeProperty, set, false, depth + 1);
            // A free-floating list says nothing.
            if (activeProperty is null or "@graph") return [];
            var items = Expand(active, activeProperty, list!, false, depth + 1);
            return [new ListItem(items)];
        }
        if (seen.Count == 1 && seen.Contains("@language")) return [];
        return [node];
    }

    private void ExpandMembers(JsonObj element, JsonLdContext active, JsonLdContext typeScoped, string? activeProperty, Node node,
        ref JsonValue? value, ref JsonValue? language, ref JsonValue? typeOfValue, ref JsonValue? list, ref JsonValue? set, HashSet<string> seen, int depth)
    {
        foreach (var (key, v) in element.Members)
        {
            if (key == "@context") continue;
            var property = active.ExpandKey(key);
            if (property is null || !property.Contains(':') && !JsonLdContext.IsKeyword(property)) continue;
            if (JsonLdContext.IsKeyword(property))
            {
                if (activeProperty == "@reverse") throw _errors.At(v, "rdf.jsonld.invalid-value", "@reverse");
                if (!seen.Add(property) && property is not ("@type" or "@included" or "@nest")) throw _errors.At(v, "rdf.jsonld.invalid-value", property);
                switch (property)
                {
                    case "@id":
                        if (v is not JsonStr id) throw _errors.At(v, "rdf.jsonld.invalid-value", "@id");
                        node.Id = active.ExpandIri(id.Value, documentRelative: true, vocab: false);
                        break;
                    case "@type":
                        typeOfValue = v;
                        var types = v is JsonArr ta ? ta.Items : [v];
                        foreach (var t in types)
                        {
                            if (t is not JsonStr ts) throw _errors.At(t, "rdf.jsonld.invalid-value", "@type");
                            if (typeScoped.ExpandIri(ts.Value, documentRelative: true, vocab: true) is { } type) node.Types.Add(type);
                        }
                        break;
                    case "@graph":
                        node.Nested.AddRange(Expand(active, "@graph", v, false, depth + 1));
                        break;
                    case "@included":
                        node.Nested.AddRange(Expand(active, null, v, false, depth + 1));
                        break;
                    case "@value": value = v; break;
                    case "@language":
                        if (v is not JsonStr) throw _errors.At(v, "rdf.jsonld.invalid-value", "@language");
                        language = v;
                        break;
                    case "@list": list = v; break;
                    case "@set": set = v; break;
                    case "@reverse":
                        if (v is not JsonObj rev) throw _errors.At(v, "rdf.jsonld.invalid-value", "@reverse");
                        ExpandReverse(active, rev, node, depth);
                        break;
                    case "@nest":
                        foreach (var nested in v is JsonArr na ? na.Items : [v])
                        {
                            if (nested is not JsonObj no || no.Members.Keys.Any(k => active.ExpandKey(k) == "@value"))
                                throw _errors.At(nested, "rdf.jsonld.invalid-value", "@nest");
                            ExpandMembers(no, active, typeScoped, activeProperty, node, ref value, ref language, ref typeOfValue, ref list, ref set, seen, depth + 1);
                        }
                        break;
                    // @index, @direction and the rest change no triple.
                }
                continue;
            }

            var term = TermOf(active, key);
            List<Item> expanded;
            if (term?.Type == "@json") throw _errors.At(v, "rdf.jsonld.unsupported", "@json");
            if (term is not null && term.Container.Contains("@graph")) throw _errors.At(v, "rdf.jsonld.unsupported", "@graph container");
            if (term?.Index is not null) throw _errors.At(v, "rdf.jsonld.unsupported", "@index");
            if (term is not null && term.Container.Contains("@language") && v is JsonObj languageMap)
                expanded = LanguageMap(active, languageMap);
            else if (term is not null && term.Container.Overlaps(["@index", "@id", "@type"]) && v is JsonObj map)
                expanded = IndexMap(active, key, term, map, depth);
            else expanded = Expand(active, key, v, false, depth + 1);
            if (term is not null && term.Container.Contains("@list") && !(v is JsonObj && expanded is [ListItem]))
                expanded = [new ListItem(expanded)];
            if (term is { Reverse: true })
            {
                foreach (var item in expanded)
                    Values(node.Reverse, property).Add(item as Node ?? throw _errors.At(v, "rdf.jsonld.invalid-value", "@reverse"));
            }
            else node.Add(property, expanded);
        }
    }

    /// <summary>A @reverse map: its properties point at this node; a @reverse inside it points forward again.</summary>
    private void ExpandReverse(JsonLdContext active, JsonObj map, Node node, int depth)
    {
        var holder = new Node(map);
        JsonValue? a = null, b = null, c = null, d = null, e = null;
        ExpandMembers(map, active, active, "@reverse", holder, ref a, ref b, ref c, ref d, ref e, new HashSet<string>(StringComparer.Ordinal), depth + 1);
        foreach (var (property, values) in holder.Properties)
            foreach (var item in values)
                Values(node.Reverse, property).Add(item as Node ?? throw _errors.At(map, "rdf.jsonld.invalid-value", "@reverse"));
        foreach (var (property, values) in holder.ReverseEntries) node.Add(property, values);
    }

    private List<Item> LanguageMap(JsonLdContext active, JsonObj map)
    {
        var result = new List<Item>();
        foreach (var (language, v) in map.Members)
        {
            var tag = language == "@none" || active.ExpandKey(language) == "@none" ? null : language.ToLowerInvariant();
            foreach (var item in v is JsonArr a ? a.Items : [v])
            {
                if (item is JsonNull) continue;
                if (item is not JsonStr) throw _errors.At(item, "rdf.jsonld.invalid-value", "@language");
                result.Add(new Value(item, tag, null));
            }
        }
        return result;
    }

    /// <summary>Index, id and type maps (§5.1.2 step 13.8): the keys of an @index map make no triple; the others name or type the nodes.</summary>
    private List<Item> IndexMap(JsonLdContext active, string key0, JsonLdTerm term, JsonObj map, int depth)
    {
        var result = new List<Item>();
        foreach (var (key, v) in map.Members)
        {
            var mapContext = active.Previous ?? active;
            if (term.Container.Contains("@type") && mapContext.Terms.TryGetValue(key, out var kt) && kt.Context is { } tc) mapContext = mapContext.With(tc);
            var expandedKey = active.ExpandKey(key);
            var items = Expand(mapContext, key0, v, true, depth + 1);
            foreach (var item in items)
            {
                if (term.Container.Contains("@id") && expandedKey != "@none")
                {
                    if (item is not Node n) throw _errors.At(v, "rdf.jsonld.invalid-value", "@id");
                    n.Id ??= active.ExpandIri(key, documentRelative: true, vocab: false);
                }
                else if (term.Container.Contains("@type") && expandedKey != "@none")
                {
                    if (item is not Node n) throw _errors.At(v, "rdf.jsonld.invalid-value", "@type");
                    if (active.ExpandIri(key, documentRelative: true, vocab: true) is { } type) n.Types.Insert(0, type);
                }
                result.Add(item);
            }
        }
        return result;
    }

    /// <summary>The triples of a node object and of everything nested in it; its subject, or null when its @id is no IRI.</summary>
    private RdfTerm? Emit(Node n, int depth)
    {
        if (depth > RdfReader.MaxDepth) throw _errors.At(n.At, "rdf.syntax.too-deep", RdfReader.MaxDepth);
        var subject = n.Id is null ? _blanks.New() : Resource(n.Id);
        foreach (var type in n.Types)
            if (subject is not null && Resource(type) is { } t) _g.AddTriple(subject, Rdf + "type", t);
        foreach (var (property, values) in n.Properties)
        {
            // A blank node as predicate is generalised RDF, and a relative IRI is none: both are left out, as the algorithm says.
            var usable = IriReference.IsAbsolute(property) && !property.StartsWith("_:", StringComparison.Ordinal);
            foreach (var v in values)
                if (Object(v, depth + 1) is { } o && subject is not null && usable) _g.AddTriple(subject, property, o);
        }
        foreach (var (property, values) in n.ReverseEntries)
        {
            var usable = IriReference.IsAbsolute(property) && !property.StartsWith("_:", StringComparison.Ordinal);
            foreach (var v in values)
                if (Emit(v, depth + 1) is { } s && subject is not null && usable) _g.AddTriple(s, property, subject);
        }
        foreach (var item in n.NestedItems)
            if (item is Node inner) Emit(inner, depth + 1);
        return subject;
    }

    private RdfTerm? Object(Item item, int depth) => item switch
    {
        Node n => Emit(n, depth),
        Value v => Literal(v),
        ListItem l => List(l, depth),
        _ => null,
    };

    private RdfTerm List(ListItem list, int depth)
    {
        RdfTerm head = new RdfIri(Rdf + "nil");
        if (list.Items.Count == 0) return head;
        var nodes = list.Items.Select(_ => _blanks.New()).ToList();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (Object(list.Items[i], depth + 1) is { } o) _g.AddTriple(nodes[i], Rdf + "first", o);
            _g.AddTriple(nodes[i], Rdf + "rest", i + 1 < nodes.Count ? nodes[i + 1] : head);
        }
        return nodes[0];
    }

    /// <summary>A node identifier as an RDF term: a document-scoped blank node, an absolute IRI, or nothing.</summary>
    private RdfTerm? Resource(string id) =>
        id.StartsWith("_:", StringComparison.Ordinal) ? _blanks.Get(id[2..]) : IriReference.IsAbsolute(id) ? new RdfIri(id) : null;

    /// <summary>Object to RDF Conversion (§8.5): native booleans and numbers take their XSD type and canonical form.</summary>
    private RdfLiteral Literal(Value v)
    {
        switch (v.Raw)
        {
            case JsonBool b:
                return new RdfLiteral(b.Value ? "true" : "false", null, v.Type ?? Xsd + "boolean");
            case JsonNum n:
                var integral = IsIntegerText(n.Text);
                var d = integral ? 0 : double.Parse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (v.Type == Xsd + "double" || !integral && (d % 1 != 0 || Math.Abs(d) >= 1e21))
                    return new RdfLiteral(CanonicalDouble(integral ? double.Parse(n.Text, CultureInfo.InvariantCulture) : d), null, v.Type ?? Xsd + "double");
                var text = integral ? CanonicalInteger(n.Text) : d == 0 ? "0" : d.ToString("F0", CultureInfo.InvariantCulture);
                return new RdfLiteral(text, null, v.Type ?? Xsd + "integer");
            default:
                var s = ((JsonStr)v.Raw).Value;
                return v.Language is not null ? new RdfLiteral(s, v.Language, null)
                    : new RdfLiteral(s, null, v.Type is null || v.Type == Xsd + "string" ? null : v.Type);
        }
    }

    private static bool IsIntegerText(string s)
    {
        for (var i = s[0] == '-' ? 1 : 0; i < s.Length; i++)
            if (!char.IsAsciiDigit(s[i])) return false;
        return true;
    }

    private static string CanonicalInteger(string s) => s.TrimStart('-').All(c => c == '0') ? "0" : s;

    /// <summary>
    /// The canonical xsd:double JSON-LD writes: one non-zero digit, a point, at least one more digit, "E" and the
    /// exponent (1.1E0, 1.0E21, -5.0E-1), from the shortest text that reads back as the same double.
    /// </summary>
    internal static string CanonicalDouble(double d)
    {
        if (d == 0) return "0.0E0";
        if (double.IsInfinity(d)) return d > 0 ? "INF" : "-INF";
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var point = r.IndexOf('.');
        var intPart = point < 0 ? r : r[..point];
        var digits = intPart + (point < 0 ? "" : r[(point + 1)..]);
        exponent += intPart.Length - 1;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0') leading++;
        digits = digits[leading..].TrimEnd('0');
        exponent -= leading;
        if (digits.Length == 0) digits = "0";
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        sb.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits[1..] : "0").Append('E').Append(exponent.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
