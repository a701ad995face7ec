using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Socle.Validation.Checks;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Tests.Checks;

/// <summary>The shared test data (<c>../shared</c> next to the repository root), or null when it is missing.</summary>
internal static class SharedData
{
    public static string? Schemas { get; } = Locate();

    private static string? Locate([CallerFilePath] string source = "")
    {
        // The repository root is the folder holding Socle.slnx, above the test binaries (or, when they are built
        // elsewhere with SOCLE_BUILD_DIR, above this source file).
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Socle.slnx"))) continue;
                var schemas = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "schemas"));
                return Directory.Exists(schemas) ? schemas : null;
            }
        }
        return null;
    }

    public const string Missing = "The shared test data (../shared/schemas next to the folder holding Socle.slnx) is missing.";
}

/// <summary>A fact that is skipped, with a clear message, when the shared test data is missing.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
    {
        _ = (sourceFilePath, sourceLineNumber);
        if (SharedData.Schemas is null) Skip = SharedData.Missing;
    }
}

/// <summary>A theory that is skipped, with a clear message, when the shared test data is missing.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
    {
        _ = (sourceFilePath, sourceLineNumber);
        if (SharedData.Schemas is null) Skip = SharedData.Missing;
    }
}

public class SharedSchemaTests
{
    /// <summary>Every schema (or data-package resource schema) of the corpus that declares custom checks.</summary>
    private static IEnumerable<(string Path, JsonElement Schema)> SchemasWithChecks()
    {
        foreach (var file in Directory.EnumerateFiles(SharedData.Schemas!, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                root = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }
            if (root.ValueKind != JsonValueKind.Object) continue;
            if (root.TryGetProperty("custom_checks", out _)) yield return (file, root);
            if (root.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
                foreach (var r in resources.EnumerateArray())
                    if (r.ValueKind == JsonValueKind.Object && r.TryGetProperty("schema", out var s)
                        && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("custom_checks", out _))
                        yield return (file, s);
        }
    }

    private static TableSchema ToSchema(JsonElement root) => new()
    {
        Fields = root.GetProperty("fields").EnumerateArray().Select(f => new Field
        {
            Name = f.GetProperty("name").GetString()!,
            Type = f.TryGetProperty("type", out var t) ? t.GetString()! : "any",
            Format = f.TryGetProperty("format", out var fo) && fo.ValueKind == JsonValueKind.String ? fo.GetString()! : "default",
        }).ToList(),
        CustomChecks = root.GetProperty("custom_checks").EnumerateArray().ToList(),
        Descriptor = root,
    };

    [SharedDataFact]
    public void Every_custom_check_declared_in_the_corpus_binds()
    {
        var found = SchemasWithChecks().ToList();
        Assert.True(found.Count >= 6, $"expected the corpus' schemas with custom_checks, found {found.Count}");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var (path, root) in found)
        {
            var schema = ToSchema(root);
            var context = new CheckContext { Schema = schema, FieldNumber = i => i + 1 };
            foreach (var declaration in schema.CustomChecks)
            {
                CustomCheck check;
                try
                {
                    check = CustomChecks.Create(declaration, context);
                }
                catch (SchemaException e)
                {
                    Assert.Fail($"{path}: {declaration} does not bind: {e.Localized(Messages.English)}");
                    throw;
                }
                names.Add(check.Code);
                count++;
            }
        }
        Assert.True(count >= 20, $"only {count} declarations bound");
        // The names the corpus README lists.
        Assert.Superset(new SortedSet<string>(StringComparer.Ordinal)
        {
            "french-siren-value", "french-siret-value", "one-of-required", "phone-number-value", "year-interval-value",
            "cohesive-columns-value", "compare-columns-value", "sum-columns-value", "nomenclature-actes-value",
        }, names);
    }

    public static TheoryData<string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string>();
        if (SharedData.Schemas is null) return data;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedData.Schemas, "index.json")));
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            if (!entry.TryGetProperty("custom_checks", out var cc) || cc.GetArrayLength() == 0) continue;
            if (entry.TryGetProperty("datapackage", out var dp) && dp.ValueKind == JsonValueKind.Object) continue;
            foreach (var ex in entry.GetProperty("examples").EnumerateArray())
            {
                var file = ex.GetProperty("file").GetString()!;
                if (!file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) continue;
                data.Add(entry.GetProperty("schema_path").GetString()!, file, ex.GetProperty("expected").GetString()!);
            }
        }
        return data;
    }

    /// <summary>
    /// Runs the custom checks of the corpus' schemas over their example files (cells read loosely: the point is the
    /// checks, not the types). Valid examples raise no custom-check error; subventions' invalid one raises the ones
    /// its authors planted.
    /// </summary>
    [SharedDataTheory]
    [MemberData(nameof(Examples))]
    public void Example_files(string schemaPath, string file, string expected)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedData.Schemas!, schemaPath)));
        var schema = ToSchema(doc.RootElement.Clone());
        var rows = ReadCsv(Path.Combine(SharedData.Schemas!, file));
        var header = rows[0];
        var columnOf = schema.Fields.Select(f => Array.IndexOf(header, f.Name)).ToArray();
        var context = new CheckContext { Schema = schema, FieldNumber = i => columnOf[i] + 1 };
        var checks = schema.CustomChecks.Select(d => CustomChecks.Create(d, context)).ToList();

        var errors = new List<ValidationError>();
        var view = new RowView(schema.Fields.Count);
        for (var r = 1; r < rows.Count; r++)
        {
            view.Reset(r + 1);
            for (var i = 0; i < schema.Fields.Count; i++)
            {
                var c = columnOf[i];
                if (c < 0 || c >= rows[r].Length) { view.States[i] = CellState.Absent; continue; }
                var text = rows[r][c];
                view.SetText(i, text);
                if (text.Length == 0) { view.States[i] = CellState.Missing; continue; }
                var ok = TryRead(schema.Fields[i].Type, text, out var value);
                view.States[i] = ok ? CellState.Valid : CellState.TypeError;
                view.Values[i] = value;
            }
            foreach (var check in checks) check.CheckRow(view, errors);
        }
        foreach (var e in errors)
        {
            Assert.True(Messages.Has($"error.{e.Type}.message"), e.Type);
            Assert.True(e.NoteKey is not null && Messages.Has(e.NoteKey), e.NoteKey);
        }

        var summary = string.Join("; ", errors.Select(e => $"{e.RowNumber} {e.Type} {e.FieldName} {e.Cell}"));
        if (expected == "valid") Assert.True(errors.Count == 0, summary);
        if (file.EndsWith("exemple_invalide_erreurs_cellules.csv", StringComparison.Ordinal))
        {
            Assert.Contains(errors, e => e.Type == "french-siret-value" && e.Cell == "21860194600000");
            Assert.Contains(errors, e => e.Type == "french-siret-value" && e.Cell == "218601946");
            Assert.Contains(errors, e => e.Type == "one-of-required" && e.RowNumber == 9);
        }
        // stationstaxi's invalid example writes no_appel "476544254": libphonenumber, hence Validata, reads it as a
        // French number without its trunk 0, so the file is invalid for other reasons (its extra columns).
    }

    private static bool TryRead(string type, string s, out CellValue value)
    {
        value = default;
        switch (type)
        {
            case "integer":
                if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return false;
                value = new CellValue { Kind = ValueKind.Integer, Long = l };
                return true;
            case "number":
                if (!decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return false;
                value = new CellValue { Kind = ValueKind.Number, Decimal = d };
                return true;
            case "date":
                if (!DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
                value = new CellValue { Kind = ValueKind.Date, Long = t.Ticks };
                return true;
            default:
                return true;
        }
    }

    /// <summary>A small RFC 4180 reader (quotes, doubled quotes), with the delimiter guessed from the header.</summary>
    private static List<string[]> ReadCsv(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8).TrimStart('\uFEFF');
        var firstLine = text[..Math.Max(0, text.IndexOf('\n'))];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == delimiter) { row.Add(cell.ToString()); cell.Clear(); }
            else if (c is '\r') { }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add([.. row]); row.Clear(); }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add([.. row]); }
        return rows.Where(r => r.Length > 1 || r[0].Length > 0).ToList();
    }
}
