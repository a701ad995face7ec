using System.Text.Json;

namespace Socle.Validation.Schema;

/// <summary>
/// Reads Table Schema descriptors (v1 and the v2 additions) from JSON, a file or a URL, and checks what the
/// validator relies on: fields with unique names, keys that name existing fields. Every problem is a
/// <see cref="SchemaException"/> with a message key, so the caller can tell the user in their language.
/// </summary>
public static class SchemaReader
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Loads a schema from a file path or an http(s) URL.</summary>
    public static TableSchema Load(string pathOrUrl, HttpClient? http = null) =>
        Read(LoadJson(pathOrUrl, http).RootElement);

    /// <summary>Reads a JSON document from a file path or an http(s) URL.</summary>
    public static JsonDocument LoadJson(string pathOrUrl, HttpClient? http = null)
    {
        string text;
        if (IsUrl(pathOrUrl))
        {
            try
            {
                var client = http ?? SharedHttp.Value;
                text = client.GetStringAsync(pathOrUrl).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                throw new SchemaException("schema.unreachable", pathOrUrl, e.Message);
            }
        }
        else
        {
            try { text = File.ReadAllText(pathOrUrl); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new SchemaException("schema.unreadable", pathOrUrl, e.Message);
            }
        }
        return ParseJson(text, pathOrUrl);
    }

    internal static JsonDocument ParseJson(string text, string source)
    {
        try { return JsonDocument.Parse(text, JsonOptions); }
        catch (JsonException e)
        {
            throw new SchemaException("schema.invalid-json", source,
                $"{e.LineNumber + 1}:{e.BytePositionInLine + 1}");
        }
    }

    public static bool IsUrl(string s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<HttpClient> SharedHttp = new(() =>
        new HttpClient { Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>Reads a schema descriptor.</summary>
    public static TableSchema Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new SchemaException("schema.not-object");
        if (!root.TryGetProperty("fields", out var fieldsEl) || fieldsEl.ValueKind != JsonValueKind.Array)
            throw new SchemaException("schema.no-fields");

        var fields = new List<Field>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var f in fieldsEl.EnumerateArray())
        {
            i++;
            var field = ReadField(f, i);
            if (!names.Add(field.Name)) throw new SchemaException("schema.duplicate-field", field.Name);
            fields.Add(field);
        }

        var schema = new TableSchema
        {
            Fields = fields,
            MissingValues = root.TryGetProperty("missingValues", out var mv) ? StringList(mv, "missingValues") : [""],
            PrimaryKey = root.TryGetProperty("primaryKey", out var pk) ? NameList(pk, "primaryKey") : [],
            UniqueKeys = root.TryGetProperty("uniqueKeys", out var uk) ? ReadUniqueKeys(uk) : [],
            ForeignKeys = root.TryGetProperty("foreignKeys", out var fk) ? ReadForeignKeys(fk) : [],
            FieldsMatch = root.TryGetProperty("fieldsMatch", out var fm) ? ReadFieldsMatch(fm) : null,
            CustomChecks = root.TryGetProperty("custom_checks", out var cc) && cc.ValueKind == JsonValueKind.Array
                ? cc.EnumerateArray().Select(e => e.Clone()).ToList() : [],
            Descriptor = root.Clone(),
        };

        foreach (var name in schema.PrimaryKey) RequireField(schema, name, "primaryKey");
        foreach (var key in schema.UniqueKeys)
            foreach (var name in key) RequireField(schema, name, "uniqueKeys");
        foreach (var key in schema.ForeignKeys)
        {
            foreach (var name in key.Fields) RequireField(schema, name, "foreignKeys");
            if (key.Fields.Count != key.ReferenceFields.Count)
                throw new SchemaException("schema.foreign-key-arity", string.Join(", ", key.Fields));
            if (key.Resource.Length == 0)
                foreach (var name in key.ReferenceFields) RequireField(schema, name, "foreignKeys");
        }
        return schema;
    }

    private static void RequireField(TableSchema schema, string name, string property)
    {
        if (schema.IndexOf(name) < 0) throw new SchemaException("schema.unknown-key-field", property, name);
    }

    private static Field ReadField(JsonElement f, int position)
    {
        if (f.ValueKind != JsonValueKind.Object) throw new SchemaException("schema.field-not-object", position.ToString());
        if (!f.TryGetProperty("name", out var nameEl) || nameEl.ValueKind != JsonValueKind.String)
            throw new SchemaException("schema.field-no-name", position.ToString());
        var name = nameEl.GetString()!;
        // Table Schema v1: a field without a type is a string.
        var type = OptString(f, "type", name)?.ToLowerInvariant() ?? "string";
        var format = OptString(f, "format", name) ?? "default";
        if (format.Length == 0) format = "default";

        FieldConstraints constraints = new();
        if (f.TryGetProperty("constraints", out var c))
        {
            if (c.ValueKind != JsonValueKind.Object) throw new SchemaException("schema.bad-property", name, "constraints");
            constraints = new FieldConstraints
            {
                Required = OptBool(c, "required", name),
                Unique = OptBool(c, "unique", name),
                MinLength = OptInt(c, "minLength", name),
                MaxLength = OptInt(c, "maxLength", name),
                Minimum = Opt(c, "minimum"),
                Maximum = Opt(c, "maximum"),
                ExclusiveMinimum = Opt(c, "exclusiveMinimum"),
                ExclusiveMaximum = Opt(c, "exclusiveMaximum"),
                Pattern = OptString(c, "pattern", name),
                Enum = Opt(c, "enum") is { } en
                    ? en.ValueKind == JsonValueKind.Array ? en : throw new SchemaException("schema.bad-property", name, "enum")
                    : null,
            };
        }

        string? itemType = null;
        if (f.TryGetProperty("itemType", out var it) && it.ValueKind == JsonValueKind.String) itemType = it.GetString();
        else if (f.TryGetProperty("arrayItem", out var ai) && ai.ValueKind == JsonValueKind.Object
                 && ai.TryGetProperty("type", out var ait) && ait.ValueKind == JsonValueKind.String) itemType = ait.GetString();

        return new Field
        {
            Name = name,
            Type = type,
            Format = format,
            Title = OptString(f, "title", name),
            Description = OptString(f, "description", name),
            Constraints = constraints,
            MissingValues = f.TryGetProperty("missingValues", out var fmv) ? StringList(fmv, name) : null,
            TrueValues = f.TryGetProperty("trueValues", out var tv) ? StringList(tv, name) : ["true", "True", "TRUE", "1"],
            FalseValues = f.TryGetProperty("falseValues", out var fv) ? StringList(fv, name) : ["false", "False", "FALSE", "0"],
            DecimalChar = OptString(f, "decimalChar", name) ?? ".",
            GroupChar = OptString(f, "groupChar", name) ?? "",
            BareNumber = !f.TryGetProperty("bareNumber", out var bn) || bn.ValueKind != JsonValueKind.False,
            FloatNumber = f.TryGetProperty("floatNumber", out var fln) && fln.ValueKind == JsonValueKind.True,
            Delimiter = OptString(f, "delimiter", name) ?? ",",
            ItemType = itemType,
            Categories = Opt(f, "categories"),
            CategoriesOrdered = f.TryGetProperty("categoriesOrdered", out var co) && co.ValueKind == JsonValueKind.True,
            Descriptor = f.Clone(),
        };
    }

    private static JsonElement? Opt(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.Clone() : null;

    private static string? OptString(JsonElement o, string prop, string field)
    {
        if (!o.TryGetProperty(prop, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new SchemaException("schema.bad-property", field, prop);
    }

    private static bool OptBool(JsonElement o, string prop, string field)
    {
        if (!o.TryGetProperty(prop, out var v)) return false;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new SchemaException("schema.bad-property", field, prop),
        };
    }

    private static int? OptInt(JsonElement o, string prop, string field)
    {
        if (!o.TryGetProperty(prop, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0) return n;
        if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), out n) && n >= 0) return n;
        throw new SchemaException("schema.bad-property", field, prop);
    }

    private static IReadOnlyList<string> StringList(JsonElement v, string owner)
    {
        if (v.ValueKind != JsonValueKind.Array) throw new SchemaException("schema.bad-list", owner);
        var list = new List<string>();
        foreach (var e in v.EnumerateArray())
            list.Add(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());
        return list;
    }

    /// <summary>A field name or a list of them (primaryKey, foreignKeys.fields accept both).</summary>
    private static IReadOnlyList<string> NameList(JsonElement v, string owner) => v.ValueKind switch
    {
        JsonValueKind.String => [v.GetString()!],
        JsonValueKind.Array => v.EnumerateArray().Select(e =>
            e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new SchemaException("schema.bad-list", owner)).ToList(),
        _ => throw new SchemaException("schema.bad-list", owner),
    };

    private static IReadOnlyList<IReadOnlyList<string>> ReadUniqueKeys(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Array) throw new SchemaException("schema.bad-list", "uniqueKeys");
        return v.EnumerateArray().Select(k => NameList(k, "uniqueKeys")).ToList();
    }

    private static IReadOnlyList<ForeignKey> ReadForeignKeys(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Array) throw new SchemaException("schema.bad-list", "foreignKeys");
        var list = new List<ForeignKey>();
        foreach (var k in v.EnumerateArray())
        {
            if (k.ValueKind != JsonValueKind.Object || !k.TryGetProperty("fields", out var fields)
                || !k.TryGetProperty("reference", out var reference) || reference.ValueKind != JsonValueKind.Object
                || !reference.TryGetProperty("fields", out var refFields))
                throw new SchemaException("schema.bad-foreign-key");
            var resource = reference.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
            list.Add(new ForeignKey(NameList(fields, "foreignKeys"), resource, NameList(refFields, "foreignKeys")));
        }
        return list;
    }

    private static FieldsMatch ReadFieldsMatch(JsonElement v) => v.GetString() switch
    {
        "exact" => FieldsMatch.Exact,
        "equal" => FieldsMatch.Equal,
        "subset" => FieldsMatch.Subset,
        "superset" => FieldsMatch.Superset,
        "partial" => FieldsMatch.Partial,
        var other => throw new SchemaException("schema.bad-fields-match", other ?? v.GetRawText()),
    };
}
