using Socle.Validation;
using Socle.Validation.Schema;

namespace Socle.Catalog.Files;

/// <summary>
/// Resolves a resource's schema reference: an http(s) URL, or the name of a schema registered in the data
/// folder's <c>schemas/</c> (e.g. <c>socle/installations</c> → <c>schemas/socle/installations/schema.json</c>).
/// </summary>
public sealed class SchemaResolver(string? registryFolder)
{
    public bool IsReference(string reference) =>
        Uri.TryCreate(reference, UriKind.Absolute, out var u) ? u.Scheme is "http" or "https" : IsName(reference);

    private static bool IsName(string s) =>
        s.Length is > 0 and <= 200 && !s.Contains("..") && s[0] != '/' &&
        s.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' or '/');

    /// <summary>The schema names registered here.</summary>
    public IReadOnlyList<string> Registered()
    {
        if (registryFolder is null || !Directory.Exists(registryFolder)) return [];
        return Directory.EnumerateFiles(registryFolder, "schema.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(registryFolder, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The file of a registered schema, or null when no schema of that name is registered.</summary>
    public string? RegisteredPath(string name)
    {
        if (!IsName(name) || registryFolder is null) return null;
        var path = Path.Combine(registryFolder, name, "schema.json");
        return File.Exists(path) ? path : null;
    }

    /// <summary>Loads and checks the schema; a <see cref="SchemaException"/> or an IO error says why it cannot be used.</summary>
    public TableSchema Load(string reference)
    {
        if (Uri.TryCreate(reference, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")
            return Validator.LoadSchema(reference);
        if (!IsName(reference) || registryFolder is null)
            throw new FileNotFoundException(reference);
        var path = Path.Combine(registryFolder, reference, "schema.json");
        if (!File.Exists(path)) throw new FileNotFoundException(reference);
        return Validator.LoadSchema(path);
    }
}
