using System.Diagnostics;
using Socle.Validation.Engine;
using Socle.Validation.Package;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Validation;

/// <summary>
/// The validator's entry points: a table file (CSV, TSV, XLSX, XLS) against a Table Schema — or against the schema
/// inferred from it when there is none — and a data package with all its resources (foreign keys across them).
/// </summary>
public static class Validator
{
    /// <summary>Validates one table file. A missing file is an <see cref="IOException"/>; everything else is in the report.</summary>
    public static ValidationReport ValidateTable(string path, TableSchema? schema, ValidationOptions? options = null)
    {
        options ??= new ValidationOptions();
        if (!File.Exists(path)) throw new FileNotFoundException(path, path);
        var clock = Stopwatch.StartNew();
        var input = new TableInput
        {
            Path = path, Header = options.Header, Delimiter = options.Delimiter, Encoding = options.Encoding, Sheet = options.Sheet,
            Format = options.Format?.ToLowerInvariant() is "csv" or "tsv" or "xlsx" or "xls" ? options.Format.ToLowerInvariant() : null,
        };
        var report = new ValidationReport();
        var lookup = schema?.PackagePath is { } package ? PackageValidator.LookupIn(package, options) : null;
        report.Tasks.Add(new TableValidation(input, schema, options, lookup).Run());
        report.Seconds = clock.Elapsed.TotalSeconds;
        return report;
    }

    /// <summary>Validates every resource of a data package (a datapackage.json path or URL).</summary>
    public static ValidationReport ValidatePackage(string descriptorPath, ValidationOptions? options = null) =>
        PackageValidator.Validate(descriptorPath, options ?? new ValidationOptions());

    /// <summary>
    /// Builds every reader, constraint and custom check of a schema, so that a schema the validator cannot use fails
    /// here, with a <see cref="SchemaException"/>, before any data is read.
    /// </summary>
    public static void CheckSchema(TableSchema schema)
    {
        foreach (var field in schema.Fields)
        {
            var reader = Types.CellReaders.Create(field);
            Constraints.ConstraintChecker.Create(field, reader);
        }
        var context = new Checks.CheckContext { Schema = schema, FieldNumber = i => i + 1 };
        foreach (var declaration in schema.CustomChecks) Checks.CustomChecks.Create(declaration, context);
    }

    /// <summary>
    /// Loads a schema from a file, a URL, or a data package (<c>datapackage.json</c>, optionally <c>#resource</c>:
    /// without a resource name, the package's only resource with a schema), and checks it.
    /// </summary>
    public static TableSchema LoadSchema(string reference)
    {
        var hash = reference.LastIndexOf('#');
        var path = hash > 0 ? reference[..hash] : reference;
        var resource = hash > 0 ? reference[(hash + 1)..] : null;
        TableSchema schema;
        if (resource is not null || (!SchemaReader.IsUrl(path) && IsPackageDescriptor(path)))
        {
            var resources = PackageValidator.Read(path).Where(r => r.Schema is not null).ToList();
            var match = resource is null
                ? resources.Count == 1 ? resources[0] : throw new SchemaException("package.which-resource", path,
                    string.Join(", ", resources.Select(r => r.Name)))
                : resources.FirstOrDefault(r => r.Name == resource) ?? throw new SchemaException("package.no-such-resource", path, resource);
            schema = match.Schema!;
        }
        else schema = SchemaReader.Load(path);
        CheckSchema(schema);
        return schema;
    }

    /// <summary>
    /// Drafts a Table Schema from every row of a table (<c>socle schema infer</c>). A table that cannot be read is an
    /// <see cref="InvalidDataException"/> whose message is in <paramref name="lang"/>.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject InferSchema(string path, ValidationOptions? read = null, int? enumMax = null,
        string lang = Messages.French)
    {
        read ??= new ValidationOptions();
        if (!File.Exists(path)) throw new FileNotFoundException(path, path);
        var input = new TableInput { Path = path, Header = read.Header, Delimiter = read.Delimiter, Encoding = read.Encoding, Sheet = read.Sheet };
        try
        {
            using var reader = TableReader.Open(input);
            var hasHeader = read.Header ?? true;
            string[] labels = [];
            if (hasHeader && !reader.TryReadRecord(out labels, out _)) throw new InvalidDataException(Messages.Get("note.source-empty", lang));
            var options = new Inference.InferOptions();
            if (enumMax is { } max) options = options with { EnumMaxDistinct = max };
            return Inference.SchemaInferrer.Infer(labels, Records(reader), options);
        }
        catch (TableSourceException e) { throw new InvalidDataException(Messages.Format(e.NoteKey, lang, e.Args)); }

        static IEnumerable<string[]> Records(TableReader reader)
        {
            while (reader.TryReadRecord(out var cells, out _)) yield return cells;
        }
    }

    /// <summary>True when the file is a data package descriptor (by name or content).</summary>
    /// <summary>The kind of binary file a file's first bytes show ("PDF", "ZIP", ...), null when they look like text.</summary>
    public static string? IdentifyBinary(ReadOnlySpan<byte> head) => Sources.BinaryDetector.Identify(head);

    public static bool IsPackageDescriptor(string path) => PackageValidator.IsDescriptor(path);
}
