using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Socle.Catalog.Profiles;

/// <summary>
/// Reads metadata profiles: the built-in ones (embedded <c>Resources/profiles/*.json</c>) or a JSON file of the
/// operator's. The file is checked whole when loaded, so a broken profile stops the start-up with a message that
/// names the file and the field, instead of failing later on a dataset.
/// </summary>
public static class ProfileLoader
{
    /// <summary>The profile used when none is configured.</summary>
    public const string DefaultId = "dcat-ap";

    private const string ResourcePrefix = "Socle.Catalog.Resources.profiles.";
    private static readonly ConcurrentDictionary<string, MetadataProfile> BuiltIns = new(StringComparer.Ordinal);

    /// <summary>The ids of the built-in profiles ("dcat-ap", "gd4h").</summary>
    public static IReadOnlyList<string> BuiltInIds { get; } =
    [
        .. typeof(ProfileLoader).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>A built-in profile by id; the same instance on every call.</summary>
    /// <exception cref="ProfileException">No built-in profile has this id.</exception>
    public static MetadataProfile LoadBuiltIn(string id)
    {
        if (!BuiltInIds.Contains(id, StringComparer.Ordinal))
            throw new ProfileException("profile.load.unknown-built-in", id, string.Join(", ", BuiltInIds));
        return BuiltIns.GetOrAdd(id, static id =>
        {
            using var stream = typeof(ProfileLoader).Assembly.GetManifestResourceStream(ResourcePrefix + id + ".json")!;
            return Read(stream, id + ".json", id == DefaultId);
        });
    }

    /// <summary>The built-in profile of the algorithm register ("etalab": Etalab's inventory sheet, with risks and oversight).</summary>
    public const string AlgorithmDefaultId = "etalab";

    private const string AlgorithmPrefix = "Socle.Catalog.Resources.algorithms.";
    private static readonly Lazy<MetadataProfile> AlgorithmBuiltIn = new(() =>
    {
        using var stream = typeof(ProfileLoader).Assembly.GetManifestResourceStream(AlgorithmPrefix + AlgorithmDefaultId + ".json")!;
        return Read(stream, AlgorithmDefaultId + ".json", isDefault: false);
    });

    /// <summary>
    /// The profile of algorithm register entries: the built-in one by its id, or an operator's file. It is read by the
    /// same rules as a dataset profile; only its fields differ.
    /// </summary>
    public static MetadataProfile LoadAlgorithmProfile(string idOrPath) =>
        idOrPath == AlgorithmDefaultId ? AlgorithmBuiltIn.Value : Load(idOrPath);

    /// <summary>A profile from a JSON file.</summary>
    /// <exception cref="ProfileException">The file is missing, unreadable or not a valid profile.</exception>
    public static MetadataProfile Load(string path)
    {
        FileStream stream;
        try { stream = File.OpenRead(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ProfileException(e, "profile.load.not-found", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ProfileException(e, "profile.load.unreadable", path, e.Message);
        }
        using (stream) return Read(stream, path, isDefault: false);
    }

    private static MetadataProfile Read(Stream stream, string source, bool isDefault)
    {
        JsonNode? root;
        try
        {
            // Profiles are edited by hand: comments and trailing commas are welcome; a key written twice is a mistake.
            root = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false,
            });
        }
        catch (JsonException e) when (e.LineNumber is { } line)
        {
            throw new ProfileException(e, "profile.load.json", source, (line + 1).ToString(CultureInfo.InvariantCulture),
                ((e.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture));
        }
        catch (JsonException e)
        {
            // No position (a duplicate key): the parser's own words name the problem.
            throw new ProfileException(e, "profile.load.json-other", source, e.Message);
        }
        // A profile without its own update frequencies takes the default profile's: the core field needs them.
        return new ProfileReader(source).Read(root, isDefault ? null : () => LoadBuiltIn(DefaultId).Vocabulary(MetadataProfile.FrequencyVocabulary));
    }
}

/// <summary>Turns the JSON of a profile into a <see cref="MetadataProfile"/>, checking every rule on the way.</summary>
internal sealed class ProfileReader(string source)
{
    private static readonly Regex KeyPattern = new("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly TypeNameTable TypeNames = new();

    public MetadataProfile Read(JsonNode? rootNode, Func<Vocabulary?>? defaultFrequency)
    {
        var root = rootNode as JsonObject ?? throw Fail("expected-object", "/");
        Properties(root, "", "id", "version", "label", "sections", "vocabularies", "fields");
        var id = Key(root, "id", "id");
        var version = 1;
        if (root["version"] is { } v)
        {
            if (v.GetValueKind() != JsonValueKind.Number || !v.AsValue().TryGetValue<int>(out version) || version < 1)
                throw Fail("expected-version", "version");
        }
        var label = Text(root, "label", "label", required: true)!;

        var sections = new List<ProfileSection>();
        var sectionKeys = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var node in Array(root, "sections"))
        {
            var path = $"sections/{i++}";
            var o = Object(node, path);
            var key = Key(o, "key", path + "/key");
            path = "sections/" + key;
            Properties(o, path, "key", "label");
            if (!sectionKeys.Add(key)) throw Fail("duplicate", path);
            sections.Add(new ProfileSection(key, Text(o, "label", path + "/label", required: true)!));
        }

        var vocabularies = new List<Vocabulary>();
        if (root["vocabularies"] is { } vocNode)
            foreach (var (name, node) in Object(vocNode, "vocabularies"))
            {
                if (name.StartsWith('$')) continue;
                var path = "vocabularies/" + name;
                if (!KeyPattern.IsMatch(name)) throw Fail("bad-key", path, name);
                vocabularies.Add(ReadVocabulary(name, Object(node, path), path));
            }
        if (!vocabularies.Any(x => x.Name == MetadataProfile.FrequencyVocabulary) && defaultFrequency?.Invoke() is { } frequency)
            vocabularies.Add(frequency);
        var vocabularyNames = vocabularies.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);

        var fields = new List<ProfileField>();
        var fieldKeys = new HashSet<string>(StringComparer.Ordinal);
        i = 0;
        foreach (var node in Array(root, "fields"))
        {
            var path = $"fields/{i++}";
            var o = Object(node, path);
            var key = Key(o, "key", path + "/key");
            path = "fields/" + key; // named from here on: easier to find in the file than an index
            Properties(o, path, "key", "type", "label", "help", "section", "required", "multiple", "vocabulary", "facet", "searchable", "dcat", "min", "max", "pattern", "mappings");
            if (!fieldKeys.Add(key)) throw Fail("duplicate", path);
            fields.Add(ReadField(o, key, path, sectionKeys, vocabularyNames));
        }

        return new MetadataProfile(id, version, label, source, sections, fields, vocabularies);
    }

    private Vocabulary ReadVocabulary(string name, JsonObject o, string path)
    {
        Properties(o, path, "label", "uri", "values");
        var label = Text(o, "label", path + "/label", required: true)!;
        var uri = Uri(o, path);
        var concepts = new List<Concept>();
        var values = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var node in Array(o, "values", path + "/values"))
        {
            var cpath = $"{path}/values/{i++}";
            var c = Object(node, cpath);
            var value = String(c, "value", cpath + "/value")?.Trim();
            if (string.IsNullOrEmpty(value)) throw Fail("missing", cpath + "/value");
            cpath = $"{path}/values/{value}";
            Properties(c, cpath, "value", "uri", "label", "synonyms");
            if (!values.Add(value)) throw Fail("duplicate", cpath);
            var synonymsFr = new List<string>();
            var synonymsEn = new List<string>();
            if (c["synonyms"] is { } sn)
            {
                var so = Object(sn, cpath + "/synonyms");
                Properties(so, cpath + "/synonyms", "fr", "en");
                synonymsFr.AddRange(Strings(so, "fr", cpath + "/synonyms/fr"));
                synonymsEn.AddRange(Strings(so, "en", cpath + "/synonyms/en"));
            }
            concepts.Add(new Concept(value, Uri(c, cpath), Text(c, "label", cpath + "/label", required: true)!, synonymsFr, synonymsEn));
        }
        if (concepts.Count == 0) throw Fail("empty-vocabulary", path);
        return Vocabulary.Build(name, label, uri, concepts,
            (term, a, b) => throw Fail("ambiguous", path, term, a.Value, b.Value));
    }

    private ProfileField ReadField(JsonObject o, string key, string path, HashSet<string> sections, HashSet<string> vocabularies)
    {
        var typeName = String(o, "type", path + "/type") ?? throw Fail("missing", path + "/type");
        if (!TypeNames.TryGet(typeName, out var type)) throw Fail("bad-type", path + "/type", typeName, TypeNames.List);
        var section = String(o, "section", path + "/section");
        if (section is not null && !sections.Contains(section)) throw Fail("unknown-section", path, section);
        var vocabulary = String(o, "vocabulary", path + "/vocabulary");
        if (type == ProfileFieldType.Vocabulary && vocabulary is null) throw Fail("vocabulary-needed", path);
        if (type != ProfileFieldType.Vocabulary && vocabulary is not null) throw Fail("not-applicable", path + "/vocabulary", typeName);
        if (vocabulary is not null && !vocabularies.Contains(vocabulary)) throw Fail("unknown-vocabulary", path, vocabulary);

        var min = Number(o, "min", path + "/min");
        var max = Number(o, "max", path + "/max");
        var bounded = type is ProfileFieldType.String or ProfileFieldType.Text or ProfileFieldType.Integer or ProfileFieldType.Number;
        if (!bounded && min is not null) throw Fail("not-applicable", path + "/min", typeName);
        if (!bounded && max is not null) throw Fail("not-applicable", path + "/max", typeName);
        if (min > max) throw Fail("bad-range", path, Invariant(min!.Value), Invariant(max!.Value));

        var pattern = String(o, "pattern", path + "/pattern");
        Regex? regex = null;
        if (pattern is not null)
        {
            if (type != ProfileFieldType.String) throw Fail("not-applicable", path + "/pattern", typeName);
            // Anchored like Table Schema patterns: the whole value must match. Values come from anyone who can write
            // to the API, so the linear-time engine; lookarounds and backreferences need the backtracking one, bounded
            // by a timeout.
            var anchored = $"^(?:{pattern})$";
            try { regex = new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking); }
            catch (NotSupportedException)
            {
                try { regex = new Regex(anchored, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)); }
                catch (ArgumentException e) { throw new ProfileException(e, "profile.load.bad-pattern", source, path + "/pattern", pattern); }
            }
            catch (ArgumentException e)
            {
                throw new ProfileException(e, "profile.load.bad-pattern", source, path + "/pattern", pattern);
            }
        }

        var facet = Bool(o, "facet", path + "/facet");
        if (facet && type is not (ProfileFieldType.Vocabulary or ProfileFieldType.Boolean or ProfileFieldType.String or ProfileFieldType.Integer))
            throw Fail("not-applicable", path + "/facet", typeName);

        return new ProfileField
        {
            Key = key,
            Type = type,
            Label = Text(o, "label", path + "/label", required: true)!,
            Help = Text(o, "help", path + "/help", required: false),
            Section = section,
            Required = Bool(o, "required", path + "/required"),
            Multiple = Bool(o, "multiple", path + "/multiple"),
            Vocabulary = vocabulary,
            Facet = facet,
            Searchable = Bool(o, "searchable", path + "/searchable"),
            Dcat = String(o, "dcat", path + "/dcat"),
            Mappings = Mappings(o, path + "/mappings"),
            Min = min,
            Max = max,
            Pattern = pattern,
            Regex = regex,
        };
    }

    /// <summary>{"standard": "element", …}: each value a non-empty string.</summary>
    private Dictionary<string, string> Mappings(JsonObject o, string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o["mappings"] is null) return map;
        foreach (var (standard, _) in Object(o["mappings"], path))
        {
            if (standard.StartsWith('$')) continue;
            if (!KeyPattern.IsMatch(standard)) throw Fail("bad-key", path + "/" + standard, standard);
            var element = String(Object(o["mappings"], path), standard, path + "/" + standard)?.Trim();
            if (string.IsNullOrEmpty(element)) throw Fail("expected-string", path + "/" + standard);
            map[standard] = element;
        }
        return map;
    }

    private ProfileException Fail(string problem, string path, params string[] more) =>
        new($"profile.load.{problem}", [source, path, .. more]);

    private JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw Fail(node is null ? "missing" : "expected-object", path);

    private IEnumerable<JsonNode?> Array(JsonObject o, string name, string? path = null) => o[name] switch
    {
        null => [],
        JsonArray a => a,
        _ => throw Fail("expected-array", path ?? name),
    };

    /// <summary>Keys starting with "$" ("$comment") are notes for the people who edit the file, not properties.</summary>
    private void Properties(JsonObject o, string path, params string[] allowed)
    {
        foreach (var (name, _) in o)
            if (!name.StartsWith('$') && !allowed.Contains(name))
                throw Fail("unknown-property", path.Length == 0 ? name : path + "/" + name);
    }

    private string Key(JsonObject o, string name, string path)
    {
        var key = String(o, name, path) ?? throw Fail("missing", path);
        return KeyPattern.IsMatch(key) ? key : throw Fail("bad-key", path, key);
    }

    private string? String(JsonObject o, string name, string path) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Fail("expected-string", path),
    };

    private IEnumerable<string> Strings(JsonObject o, string name, string path) =>
        Array(o, name, path).Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } s
            ? s : throw Fail("expected-strings", path)).ToList();

    private bool Bool(JsonObject o, string name, string path) => o[name] switch
    {
        null => false,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Fail("expected-boolean", path),
    };

    private double? Number(JsonObject o, string name, string path) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        _ => throw Fail("expected-number", path),
    };

    private string? Uri(JsonObject o, string path)
    {
        var uri = String(o, "uri", path + "/uri");
        if (uri is null) return null;
        return System.Uri.TryCreate(uri, UriKind.Absolute, out _) ? uri : throw Fail("bad-uri", path + "/uri", uri);
    }

    /// <summary>A label or help: one string for both languages, or {"fr": ..., "en": ...} with at least one of them.</summary>
    private LocalizedText? Text(JsonObject o, string name, string path, bool required)
    {
        switch (o[name])
        {
            case null when required: throw Fail("missing", path);
            case null: return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } s:
                return new LocalizedText(s, s);
            case JsonObject t:
                Properties(t, path, "fr", "en");
                var fr = String(t, "fr", path + "/fr")?.Trim() ?? "";
                var en = String(t, "en", path + "/en")?.Trim() ?? "";
                if (fr.Length == 0 && en.Length == 0) throw Fail("expected-text", path);
                return new LocalizedText(fr, en);
            default: throw Fail("expected-text", path);
        }
    }

    private static string Invariant(double d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>The type names of profile files: the enum's names in lower case.</summary>
    private sealed class TypeNameTable
    {
        private readonly Dictionary<string, ProfileFieldType> _byName =
            Enum.GetValues<ProfileFieldType>().ToDictionary(t => t.ToString().ToLowerInvariant(), StringComparer.Ordinal);

        public string List => string.Join(", ", _byName.Keys);

        public bool TryGet(string name, out ProfileFieldType type) => _byName.TryGetValue(name, out type);
    }
}
