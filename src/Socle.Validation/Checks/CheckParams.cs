using System.Text.Json;
using Socle.Validation.Schema;

namespace Socle.Validation.Checks;

/// <summary>
/// The <c>params</c> object of one custom check declaration, read against the schema. Every problem is a
/// <see cref="SchemaException"/> naming the check and the parameter, so that the engine reports it clearly.
/// </summary>
internal readonly struct CheckParams
{
    private readonly JsonElement _params;

    public CheckParams(string check, JsonElement parameters, CheckContext context)
    {
        Check = check;
        Context = context;
        _params = parameters;
    }

    public string Check { get; }
    public CheckContext Context { get; }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return _params.ValueKind == JsonValueKind.Object && _params.TryGetProperty(name, out value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }

    /// <summary>The first of the spellings that the declaration uses, or null.</summary>
    public string? Which(params string[] names)
    {
        foreach (var n in names)
            if (TryGet(n, out _)) return n;
        return null;
    }

    /// <summary>A required parameter naming one schema field; returns the field's index.</summary>
    public int Column(string name) => Column(name, name);

    /// <summary>A required parameter naming one schema field, under one of its spellings (the first is shown in errors).</summary>
    public int Column(string name, params string[] aliases)
    {
        var used = Which([name, .. aliases]) ?? throw BadParams(name);
        var value = _params.GetProperty(used);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString())) throw BadParams(used);
        return Resolve(used, value.GetString()!);
    }

    /// <summary>A required parameter holding a non-empty list of schema field names.</summary>
    public int[] Columns(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            throw BadParams(name);
        var result = new int[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString())) throw BadParams(name);
            result[i++] = Resolve(name, item.GetString()!);
        }
        return result;
    }

    /// <summary>A required string parameter.</summary>
    public string String(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind != JsonValueKind.String) throw BadParams(name);
        return value.GetString()!;
    }

    /// <summary>
    /// An optional yes/no parameter. Validata reads it as a string ("true"/"yes" mean yes); a JSON boolean is
    /// accepted too. Anything else is malformed.
    /// </summary>
    public bool Flag(string name, params string[] aliases)
    {
        var used = Which([name, .. aliases]);
        if (used is null) return false;
        var value = _params.GetProperty(used);
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String:
                var s = value.GetString()!.Trim();
                if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase)) return true;
                if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase)) return false;
                break;
        }
        throw BadParams(used);
    }

    private int Resolve(string param, string column)
    {
        var index = Context.FieldIndex(column);
        if (index < 0) throw new SchemaException("check.unknown-column", Check, param, column);
        return index;
    }

    public SchemaException BadParams(string param) => new("check.bad-params", Check, param);

    public string FieldName(int index) => Context.Schema.Fields[index].Name;
}
