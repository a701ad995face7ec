namespace Socle.Catalog.Dcat;

/// <summary>A JSON-LD term definition (JSON-LD 1.1 §4.2), the parts of it that change which triples a document says.</summary>
internal sealed class JsonLdTerm
{
    /// <summary>The IRI (or keyword) the term stands for; null for a term defined as null, whose keys are dropped.</summary>
    public string? Iri { get; set; }
    public bool Reverse { get; set; }
    /// <summary>Whether compact IRIs may use the term as their prefix.</summary>
    public bool Prefix { get; set; }
    /// <summary>"@id", "@vocab", "@json", "@none", or a datatype IRI.</summary>
    public string? Type { get; set; }
    public HashSet<string> Container { get; } = new(StringComparer.Ordinal);
    public bool HasLanguage { get; set; }
    public string? Language { get; set; }
    public JsonValue? Context { get; set; }
    public string? Nest { get; set; }
    public string? Index { get; set; }
}

/// <summary>
/// An active context (JSON-LD 1.1 §4.1): base, vocabulary, default language and terms, built from inline contexts only —
/// a remote one (a URL) is refused, never fetched.
/// </summary>
internal sealed class JsonLdContext
{
    private static readonly HashSet<string> Keywords =
    [
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index", "@json",
        "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse", "@set", "@type",
        "@value", "@version", "@vocab",
    ];

    public string? Base { get; private set; }
    public string? Vocab { get; private set; }
    public string? Language { get; private set; }
    public Dictionary<string, JsonLdTerm> Terms { get; private set; } = new(StringComparer.Ordinal);
    /// <summary>The context before a type-scoped one, which does not reach nested nodes.</summary>
    public JsonLdContext? Previous { get; private set; }

    private readonly string? _documentBase;
    private readonly JsonLdErrors _errors;
    // A context is not changed once built, and a catalogue page repeats the same keys on every node.
    private Dictionary<string, string?>? _keys;
    private bool? _hasScopedContexts;
    private Dictionary<(JsonValue, bool), JsonLdContext>? _derived;

    public JsonLdContext(string? documentBase, JsonLdErrors errors)
    {
        _documentBase = documentBase;
        Base = documentBase;
        _errors = errors;
    }

    private JsonLdContext Clone() => new(_documentBase, _errors)
    {
        Base = Base, Vocab = Vocab, Language = Language, Terms = new Dictionary<string, JsonLdTerm>(Terms, StringComparer.Ordinal), Previous = Previous,
    };

    public static bool IsKeyword(string s) => Keywords.Contains(s);

    /// <summary>"@" followed by letters only: reserved for future keywords, ignored when not one.</summary>
    public static bool LooksLikeKeyword(string s)
    {
        if (s.Length < 2 || s[0] != '@') return false;
        for (var i = 1; i < s.Length; i++)
            if (!char.IsAsciiLetter(s[i])) return false;
        return true;
    }

    /// <summary>Context Processing (JSON-LD 1.1 §4.1.2) of a local context: null, an object, or an array of them.</summary>
    public JsonLdContext With(JsonValue local, bool propagate = true)
    {
        // A scoped context applies again on every node of a page: the same context from the same one, built once.
        _derived ??= [];
        if (!_derived.TryGetValue((local, propagate), out var derived)) _derived[(local, propagate)] = derived = Process(local, propagate);
        return derived;
    }

    private JsonLdContext Process(JsonValue local, bool propagate)
    {
        if (local is JsonObj o && o.Get("@propagate") is { } p)
        {
            if (p is not JsonBool b) throw _errors.At(p, "rdf.jsonld.invalid-value", "@propagate");
            propagate = b.Value;
        }
        var result = Clone();
        if (!propagate && result.Previous is null) result.Previous = this;
        var items = local is JsonArr a ? a.Items : [local];
        foreach (var item in items)
        {
            switch (item)
            {
                case JsonNull:
                    result = new JsonLdContext(_documentBase, _errors) { Previous = propagate ? null : this };
                    break;
                case JsonStr s:
                    throw _errors.At(s, "rdf.jsonld.remote-context", s.Value);
                case JsonObj ctx:
                    result.Apply(ctx);
                    break;
                default:
                    throw _errors.At(item, "rdf.jsonld.invalid-value", "@context");
            }
        }
        return result;
    }

    private void Apply(JsonObj ctx)
    {
        if (ctx.Get("@version") is { } version && !(version is JsonNum n && n.Text == "1.1"))
            throw _errors.At(version, "rdf.jsonld.invalid-value", "@version");
        if (ctx.Get("@import") is { } import) throw _errors.At(import, "rdf.jsonld.unsupported", "@import");
        if (ctx.Get("@base") is { } b)
        {
            Base = b switch
            {
                JsonNull => null,
                JsonStr s when IriReference.IsAbsolute(s.Value) => s.Value,
                JsonStr s when Base is not null => IriReference.Resolve(Base, s.Value),
                _ => throw _errors.At(b, "rdf.jsonld.invalid-value", "@base"),
            };
        }
        if (ctx.Get("@vocab") is { } v)
        {
            Vocab = v switch
            {
                JsonNull => null,
                JsonStr s => ExpandIri(s.Value, documentRelative: true, vocab: true) is { } iri && (iri.Contains(':') || iri.Length == 0)
                    ? iri : throw _errors.At(v, "rdf.jsonld.invalid-value", "@vocab"),
                _ => throw _errors.At(v, "rdf.jsonld.invalid-value", "@vocab"),
            };
        }
        if (ctx.Get("@language") is { } l)
        {
            Language = l switch
            {
                JsonNull => null,
                JsonStr s => s.Value.ToLowerInvariant(),
                _ => throw _errors.At(l, "rdf.jsonld.invalid-value", "@language"),
            };
        }
        var defined = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (key, _) in ctx.Members)
            if (key is not ("@base" or "@direction" or "@import" or "@language" or "@propagate" or "@protected" or "@version" or "@vocab"))
                Define(ctx, key, defined, 0);
    }

    /// <summary>Create Term Definition (JSON-LD 1.1 §4.2.2); <paramref name="defined"/> detects cycles between terms.</summary>
    private void Define(JsonObj local, string term, Dictionary<string, bool> defined, int depth)
    {
        if (defined.TryGetValue(term, out var done))
        {
            if (done) return;
            throw _errors.At(local.Get(term)!, "rdf.jsonld.cyclic-term", term);
        }
        if (depth > RdfReader.MaxDepth) throw _errors.At(local, "rdf.syntax.too-deep", RdfReader.MaxDepth);
        var value = local.Get(term)!;
        if (term.Length == 0) throw _errors.At(value, "rdf.jsonld.invalid-term", term);
        defined[term] = false;
        if (term == "@type")
        {
            // JSON-LD 1.1 lets @type be given @container: @set (and @protected) only; it changes no triple.
            if (value is JsonObj t && t.Members.Keys.All(k => k is "@container" or "@protected")) { defined[term] = true; return; }
            throw _errors.At(value, "rdf.jsonld.invalid-term", term);
        }
        if (IsKeyword(term)) throw _errors.At(value, "rdf.jsonld.invalid-term", term);
        if (LooksLikeKeyword(term)) { defined[term] = true; return; }
        Terms.Remove(term);

        if (value is JsonNull)
        {
            Terms[term] = new JsonLdTerm();
            defined[term] = true;
            return;
        }
        var simple = false;
        JsonObj def;
        if (value is JsonStr str)
        {
            def = new JsonObj(value.Offset);
            def.Members["@id"] = str;
            simple = true;
        }
        else def = value as JsonObj ?? throw _errors.At(value, "rdf.jsonld.invalid-term", term);

        var d = new JsonLdTerm();
        foreach (var (k, _) in def.Members)
            if (k is not ("@id" or "@reverse" or "@type" or "@container" or "@context" or "@language" or "@direction" or "@nest" or "@prefix" or "@protected" or "@index"))
                throw _errors.At(def, "rdf.jsonld.invalid-term", term);

        if (def.Get("@type") is { } type)
        {
            var t = type is JsonStr ts ? ExpandIri(ts.Value, documentRelative: false, vocab: true, local, defined, depth) : null;
            if (t is null || !(t is "@id" or "@vocab" or "@json" or "@none" || IriReference.IsAbsolute(t) && !t.StartsWith("_:", StringComparison.Ordinal)))
                throw _errors.At(type, "rdf.jsonld.invalid-value", "@type");
            d.Type = t;
        }
        if (def.Get("@reverse") is { } reverse)
        {
            if (def.Get("@id") is not null || def.Get("@nest") is not null) throw _errors.At(def, "rdf.jsonld.invalid-term", term);
            var iri = reverse is JsonStr rs ? ExpandIri(rs.Value, documentRelative: false, vocab: true, local, defined, depth) : null;
            if (iri is null || !iri.Contains(':')) throw _errors.At(reverse, "rdf.jsonld.invalid-value", "@reverse");
            d.Iri = iri;
            d.Reverse = true;
            ReadContainer(def, d);
            Terms[term] = d;
            defined[term] = true;
            return;
        }
        if (def.Get("@id") is { } id && !(id is JsonStr same && same.Value == term))
        {
            if (id is JsonNull) d.Iri = null;
            else
            {
                if (id is not JsonStr ids) throw _errors.At(id, "rdf.jsonld.invalid-value", "@id");
                if (LooksLikeKeyword(ids.Value) && !IsKeyword(ids.Value)) { Terms[term] = new JsonLdTerm(); defined[term] = true; return; }
                d.Iri = ExpandIri(ids.Value, documentRelative: false, vocab: true, local, defined, depth);
                if (d.Iri is null || !IsKeyword(d.Iri) && !d.Iri.Contains(':') || d.Iri == "@context")
                    throw _errors.At(id, "rdf.jsonld.invalid-value", "@id");
                // A term that looks like a compact or absolute IRI must mean that IRI.
                var colon = term.IndexOf(':', 1);
                if (colon > 0 && colon < term.Length - 1 || term.Contains('/'))
                {
                    defined[term] = true;
                    if (ExpandIri(term, documentRelative: false, vocab: true, local, defined, depth) != d.Iri)
                        throw _errors.At(id, "rdf.jsonld.invalid-term", term);
                }
                if (!term.Contains(':') && !term.Contains('/') && simple
                    && (d.Iri.StartsWith("_:", StringComparison.Ordinal) || d.Iri.Length > 0 && d.Iri[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@'))
                    d.Prefix = true;
            }
        }
        else if (term.IndexOf(':', 1) is var c && c > 0)
        {
            var prefix = term[..c];
            if (local.Get(prefix) is not null) Define(local, prefix, defined, depth + 1);
            d.Iri = Terms.TryGetValue(prefix, out var p) && p.Iri is not null ? p.Iri + term[(c + 1)..] : term;
        }
        else if (term.Contains('/'))
        {
            d.Iri = ExpandIri(term, documentRelative: false, vocab: true);
            if (d.Iri is null || !IriReference.IsAbsolute(d.Iri)) throw _errors.At(value, "rdf.jsonld.invalid-term", term);
        }
        else
        {
            if (Vocab is null) throw _errors.At(value, "rdf.jsonld.invalid-term", term);
            d.Iri = Vocab + term;
        }

        ReadContainer(def, d);
        if (d.Container.Contains("@type"))
        {
            d.Type ??= "@id";
            if (d.Type is not ("@id" or "@vocab")) throw _errors.At(def, "rdf.jsonld.invalid-term", term);
        }
        if (def.Get("@index") is { } index)
        {
            if (index is not JsonStr idx || !d.Container.Contains("@index")) throw _errors.At(index, "rdf.jsonld.invalid-value", "@index");
            d.Index = idx.Value;
        }
        if (def.Get("@context") is { } scoped) d.Context = scoped;
        if (def.Get("@language") is { } language && d.Type is null)
        {
            d.HasLanguage = true;
            d.Language = language switch
            {
                JsonNull => null,
                JsonStr ls => ls.Value.ToLowerInvariant(),
                _ => throw _errors.At(language, "rdf.jsonld.invalid-value", "@language"),
            };
        }
        if (def.Get("@nest") is { } nest)
        {
            if (nest is not JsonStr ns || IsKeyword(ns.Value) && ns.Value != "@nest") throw _errors.At(nest, "rdf.jsonld.invalid-value", "@nest");
            d.Nest = ns.Value;
        }
        if (def.Get("@prefix") is { } pf)
        {
            if (pf is not JsonBool pb || term.Contains(':') || term.Contains('/')) throw _errors.At(pf, "rdf.jsonld.invalid-value", "@prefix");
            d.Prefix = pb.Value;
        }
        Terms[term] = d;
        defined[term] = true;
    }

    private void ReadContainer(JsonObj def, JsonLdTerm d)
    {
        var container = def.Get("@container");
        if (container is null or JsonNull) return;
        var values = container is JsonArr arr ? arr.Items : [container];
        foreach (var v in values)
        {
            if (v is not JsonStr s || s.Value is not ("@list" or "@set" or "@index" or "@language" or "@id" or "@type" or "@graph"))
                throw _errors.At(v, "rdf.jsonld.invalid-value", "@container");
            d.Container.Add(s.Value);
        }
        if (d.Reverse && d.Container.Any(c => c is not ("@set" or "@index"))) throw _errors.At(container, "rdf.jsonld.invalid-value", "@container");
    }

    /// <summary>A node object's key expanded (vocabulary-relative), remembered for the next node.</summary>
    public string? ExpandKey(string key)
    {
        _keys ??= new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!_keys.TryGetValue(key, out var iri)) _keys[key] = iri = ExpandIri(key, documentRelative: false, vocab: true);
        return iri;
    }

    /// <summary>Whether a term carries its own context (then node types may change the context).</summary>
    public bool HasScopedContexts => _hasScopedContexts ??= Terms.Values.Any(t => t.Context is not null);

    /// <summary>
    /// IRI Expansion (JSON-LD 1.1 §5.2.2): keywords stay, terms (with <paramref name="vocab"/>) and compact IRIs expand,
    /// then the vocabulary or the base completes a relative value. Null for a value that maps to nothing.
    /// </summary>
    public string? ExpandIri(string value, bool documentRelative, bool vocab, JsonObj? local = null, Dictionary<string, bool>? defined = null, int depth = 0)
    {
        if (IsKeyword(value)) return value;
        if (LooksLikeKeyword(value)) return null;
        if (local is not null && local.Get(value) is not null && !(defined!.TryGetValue(value, out var done) && done)) Define(local, value, defined, depth + 1);
        if (vocab && Terms.TryGetValue(value, out var term)) return term.Iri;
        var colon = value.IndexOf(':', 1);
        if (colon > 0)
        {
            var prefix = value[..colon];
            var suffix = value.AsSpan(colon + 1);
            if (prefix == "_" || suffix.StartsWith("//")) return value;
            if (local is not null && local.Get(prefix) is not null && !(defined!.TryGetValue(prefix, out var d) && d)) Define(local, prefix, defined, depth + 1);
            if (Terms.TryGetValue(prefix, out var p) && p.Iri is not null && p.Prefix) return string.Concat(p.Iri, suffix);
            if (IriReference.IsAbsolute(value)) return value;
        }
        if (vocab && Vocab is not null) return Vocab + value;
        if (documentRelative) return IriReference.Resolve(Base, value);
        return value;
    }
}

/// <summary>Turns a JSON value's byte offset into an exception with its line and column.</summary>
internal sealed class JsonLdErrors(byte[] utf8)
{
    public RdfSyntaxException At(JsonValue at, string key, params object?[] args) => JsonTree.At(utf8, at.Offset, key, args);
}
