using System.Diagnostics;
using System.Text.Json;
using Socle.Validation.Engine;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Validation.Package;

/// <summary>A resource of a data package: where its data is and how it is described.</summary>
internal sealed record PackageResource(string Name, TableInput Input, TableSchema? Schema);

/// <summary>
/// Reads a Data Package descriptor (resources with a path, a dialect and an inline or referenced schema) and
/// validates each resource as a task, resolving foreign keys to other resources by name.
/// </summary>
internal static class PackageValidator
{
    public static bool IsDescriptor(string path) =>
        Path.GetFileName(path).Equals("datapackage.json", StringComparison.OrdinalIgnoreCase)
        || (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(path) && LooksLikePackage(path));

    private static bool LooksLikePackage(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            // Published Table Schemas list their example files under "resources" too: a schema has "fields".
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("resources", out _)
                && !doc.RootElement.TryGetProperty("fields", out _);
        }
        catch (JsonException) { return false; }
    }

    /// <summary>Reads the resources of a package. Throws <see cref="SchemaException"/> when the descriptor is unusable.</summary>
    public static List<PackageResource> Read(string descriptorPath)
    {
        using var doc = SchemaReader.LoadJson(descriptorPath);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resources", out var resources)
            || resources.ValueKind != JsonValueKind.Array)
            throw new SchemaException("package.no-resources", descriptorPath);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(descriptorPath)) ?? ".";
        var list = new List<PackageResource>();
        var index = 0;
        foreach (var r in resources.EnumerateArray())
        {
            index++;
            if (r.ValueKind != JsonValueKind.Object) throw new SchemaException("package.bad-resource", index.ToString());
            var name = r.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : $"resource{index}";
            string? path = null;
            if (r.TryGetProperty("path", out var p))
                path = p.ValueKind switch
                {
                    JsonValueKind.String => p.GetString(),
                    JsonValueKind.Array when p.GetArrayLength() > 0 => p[0].GetString(),
                    _ => null,
                };
            if (path is null) throw new SchemaException("package.resource-no-path", name);
            if (path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(path))
                throw new SchemaException("package.unsafe-path", name, path);

            TableSchema? schema = null;
            if (r.TryGetProperty("schema", out var s))
                schema = s.ValueKind switch
                {
                    JsonValueKind.Object => SchemaReader.Read(s),
                    JsonValueKind.String => SchemaReader.Load(SchemaReader.IsUrl(s.GetString()!) ? s.GetString()! : Path.Combine(baseDir, s.GetString()!)),
                    _ => throw new SchemaException("package.bad-schema", name),
                };
            if (schema is not null) schema.PackagePath = descriptorPath;

            char? delimiter = null;
            bool? header = null;
            char? quote = null;
            if (r.TryGetProperty("dialect", out var d) && d.ValueKind == JsonValueKind.Object)
            {
                if (d.TryGetProperty("delimiter", out var del) && del.GetString() is { Length: 1 } dl) delimiter = dl[0];
                if (d.TryGetProperty("quoteChar", out var q) && q.GetString() is { Length: 1 } ql) quote = ql[0];
                if (d.TryGetProperty("header", out var h) && h.ValueKind is JsonValueKind.True or JsonValueKind.False) header = h.GetBoolean();
            }
            var format = r.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var encoding = r.TryGetProperty("encoding", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            list.Add(new PackageResource(name, new TableInput
            {
                Path = Path.Combine(baseDir, path), Name = name, Format = format, Delimiter = delimiter, Quote = quote,
                Header = header, Encoding = encoding,
            }, schema));
        }
        return list;
    }

    /// <summary>Finds the keys of another resource of the package: an unknown resource has none (every key fails).</summary>
    private static Func<string, IReadOnlyList<string>, HashSet<UInt128>?> Lookup(
        List<PackageResource> resources, ValidationOptions options) => (name, fields) =>
    {
        var target = resources.FirstOrDefault(r => r.Name == name);
        if (target is null) return [];
        return KeyCollector.Collect(target.Input, target.Schema, fields, target.Input.Header ?? options.Header ?? true, options);
    };

    /// <summary>Foreign-key lookups in the resources of a package, for one file validated with a schema taken from it.</summary>
    public static Func<string, IReadOnlyList<string>, HashSet<UInt128>?>? LookupIn(string descriptorPath, ValidationOptions options)
    {
        try { return Lookup(Read(descriptorPath), options); }
        catch (SchemaException) { return null; }
    }

    public static ValidationReport Validate(string descriptorPath, ValidationOptions options)
    {
        var clock = Stopwatch.StartNew();
        var report = new ValidationReport();
        List<PackageResource> resources;
        try { resources = Read(descriptorPath); }
        catch (SchemaException e)
        {
            report.Errors.Add(new ValidationError { Type = "package-error", NoteKey = e.Key, NoteArgs = e.Args });
            return report;
        }

        var lookup = Lookup(resources, options);

        // A resource whose file is missing or unreadable becomes a task with a source-error.
        foreach (var r in resources)
            report.Tasks.Add(new TableValidation(r.Input, r.Schema, options, lookup).Run());
        report.Seconds = clock.Elapsed.TotalSeconds;
        return report;
    }
}
