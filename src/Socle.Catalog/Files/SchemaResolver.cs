using Socle.Validation;
using Socle.Validation.Schema;

namespace Socle.Catalog.Files;

/// <summary>
/// Resolves a resource's schema reference: an http(s) URL, the name of a schema registered in the data folder's
/// <c>schemas/</c> (its latest version: <c>socle/installations</c> → <c>schemas/socle/installations/schema.json</c>), or a
/// name pinned to one version (<c>socle/installations@1.2.0</c> → <c>schemas/socle/installations/@1.2.0/schema.json</c>).
/// Names never contain '@', so a version folder can never be taken for a nested name. <see cref="SchemaRegistry"/> writes
/// these files.
/// </summary>
public sealed class SchemaResolver(string? registryFolder)
{
    /// <summary>The registry's folder (<c>&lt;data&gt;/schemas</c>), or null when the catalogue has none.</summary>
    public string? Folder => registryFolder;

    public bool IsReference(string reference) => IsUrl(reference) || Split(reference) is not null;

    public static bool IsUrl(string s) => Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    /// <summary>A schema name: letters, digits, '-', '_', '.', and '/' between parts (e.g. <c>etalab/schema-irve-statique</c>).</summary>
    public static bool IsName(string s) =>
        s.Length is > 0 and <= 200 && !s.Contains("..") && s[0] != '/' &&
        s.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' or '/');

    /// <summary>A version label: starts with a letter or digit, then letters, digits, '.', '-', '_', '+' (e.g. <c>2.3.1</c>, <c>v1.0-rc.1</c>).</summary>
    public static bool IsVersion(string s) =>
        s.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(s[0]) && !s.Contains("..") &&
        s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+');

    /// <summary>A registry reference as (name, version), the version null when it follows the latest; null when it is not one.</summary>
    public static (string Name, string? Version)? Split(string reference)
    {
        var at = reference.IndexOf('@');
        if (at < 0) return IsName(reference) ? (reference, null) : null;
        var (name, version) = (reference[..at], reference[(at + 1)..]);
        return IsName(name) && IsVersion(version) ? (name, version) : null;
    }

    /// <summary>The reference of a version: <c>name@version</c>, or <c>name</c> for the latest.</summary>
    public static string Reference(string name, string? version) => version is null ? name : $"{name}@{version}";

    /// <summary>The schema names registered here (version folders, <c>@…</c>, are not names).</summary>
    public IReadOnlyList<string> Registered()
    {
        if (registryFolder is null || !Directory.Exists(registryFolder)) return [];
        var names = new List<string>();
        // A walk that does not enter version folders (@…) nor hidden ones (temporary files): they hold no names.
        var pending = new Stack<string>(Directory.EnumerateDirectories(registryFolder));
        while (pending.TryPop(out var folder))
        {
            var part = Path.GetFileName(folder);
            if (part.StartsWith('@') || part.StartsWith('.')) continue;
            if (File.Exists(Path.Combine(folder, "schema.json"))) names.Add(Path.GetRelativePath(registryFolder, folder).Replace('\\', '/'));
            foreach (var sub in Directory.EnumerateDirectories(folder)) pending.Push(sub);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The folder of a name (whether or not anything is registered under it); null for a bad name.</summary>
    internal string? NameFolder(string name) => registryFolder is null || !IsName(name) ? null : Path.Combine(registryFolder, name);

    /// <summary>The file of a registered schema or version, or null when the reference names nothing registered.</summary>
    public string? RegisteredPath(string reference)
    {
        if (registryFolder is null || Split(reference) is not { } parts) return null;
        var (name, version) = parts;
        var path = version is null ? Path.Combine(registryFolder, name, "schema.json") : Path.Combine(registryFolder, name, "@" + version, "schema.json");
        return File.Exists(path) ? path : null;
    }

    /// <summary>Loads and checks the schema; a <see cref="SchemaException"/> or an IO error says why it cannot be used.</summary>
    public TableSchema Load(string reference)
    {
        if (IsUrl(reference)) return Validator.LoadSchema(reference);
        var path = RegisteredPath(reference) ?? throw new FileNotFoundException(reference);
        return Validator.LoadSchema(path);
    }
}
