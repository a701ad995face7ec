using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Inference;

/// <summary>
/// The schema frictionless-py v5 infers for a table without one (<c>Detector.detect_schema</c>), used to validate
/// such a file the way the reference does:
/// <list type="bullet">
/// <item>names: labels with new lines turned into spaces and stripped; an empty one becomes <c>field{n}</c> (its
/// 1-based position); repeats become <c>name2</c>, <c>name3</c>… (counted on the original names); without labels,
/// <c>field1</c>… as many as the first row has cells;</item>
/// <item>types: each candidate of <c>DEFAULT_FIELD_CANDIDATES</c> (yearmonth, geopoint, duration, geojson, object,
/// array, datetime, time, date, integer, number, boolean, year, string) scores +1 for a cell it reads and -1 for one
/// it does not; a missing value lowers the column's best possible score instead; a short row's absent cell counts
/// as read; a candidate whose score fell below <c>rows × (0.9 − 1)</c> is dropped; the first candidate, in that
/// order, whose score reaches 0.9 × the best possible score wins, row after row; a column never decided is
/// <c>any</c>;</item>
/// <item>no rows: every field is <c>any</c>.</item>
/// </list>
/// The sample is the first 100 data rows (callers pass at most that; more are ignored here).
/// </summary>
internal static class FrictionlessInference
{
    public const int SampleSize = 100;
    public const double FieldConfidence = 0.9;

    /// <summary>The candidate types, in frictionless' order.</summary>
    public static readonly string[] Candidates =
    [
        "yearmonth", "geopoint", "duration", "geojson", "object", "array", "datetime", "time", "date", "integer",
        "number", "boolean", "year", "string",
    ];

    private static readonly Lazy<TypeReader[]> Runners = new(() =>
        Candidates.Select(t => CellReaders.ForType("shared", t)).ToArray());

    public static TableSchema Infer(IReadOnlyList<string> labels, IReadOnlyList<string[]> sampleRows, IReadOnlyList<string> missingValues)
    {
        var fragment = sampleRows.Count > SampleSize ? sampleRows.Take(SampleSize).ToList() : sampleRows;
        var names = Names(labels, fragment);
        var missing = missingValues.Count == 0 ? [] : missingValues.ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0)
            return new TableSchema { Fields = [], MissingValues = [.. missingValues] };
        if (fragment.Count == 0)
            return new TableSchema
            {
                Fields = names.Select(n => new Field { Name = n, Type = "any" }).ToList(), MissingValues = [.. missingValues],
            };

        var runners = Runners.Value;
        var types = new string?[names.Count];
        var scores = new int[names.Count, runners.Length];
        var maxScore = Enumerable.Repeat(fragment.Count, names.Count).ToArray();
        var threshold = fragment.Count * (FieldConfidence - 1);
        foreach (var cells in fragment)
        {
            for (var index = 0; index < names.Count; index++)
            {
                if (types[index] is not null) continue;
                var source = index < cells.Length ? cells[index] : null;
                var isMissing = source is not null && missing.Contains(source);
                if (isMissing) maxScore[index]--;
                for (var r = 0; r < runners.Length; r++)
                {
                    if (scores[index, r] < threshold) continue;
                    if (!isMissing) scores[index, r] += ReadsCell(runners[r], source) ? 1 : -1;
                    if (maxScore[index] > 0 && scores[index, r] >= maxScore[index] * FieldConfidence)
                    {
                        types[index] = Candidates[r];
                        break;
                    }
                }
            }
        }

        var fields = new List<Field>(names.Count);
        for (var i = 0; i < names.Count; i++)
            fields.Add(new Field { Name = names[i], Type = types[i] ?? "any" });
        return new TableSchema { Fields = fields, MissingValues = [.. missingValues] };
    }

    /// <summary>A runner field's <c>read_cell</c>: no cell (short row) and "" (the runner's own missing value) read.</summary>
    private static bool ReadsCell(TypeReader runner, string? source) =>
        source is null || source.Length == 0 || runner.AcceptsAnything || runner.TryRead(source, out _);

    /// <summary>Field names as frictionless derives them from the header labels.</summary>
    public static List<string> Names(IReadOnlyList<string> labels, IReadOnlyList<string[]> fragment)
    {
        var names = labels.Select(l => Py.Strip(l.Replace('\n', ' ')).ToString()).ToList();
        if (names.Count == 0)
        {
            if (fragment.Count == 0) return names;
            names = Enumerable.Range(1, fragment[0].Length).Select(n => $"field{n}").ToList();
        }
        for (var i = 0; i < names.Count; i++)
            if (names[i].Length == 0) names[i] = $"field{i + 1}";
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i];
                var count = seen.GetValueOrDefault(name) + 1;
                seen[name] = count;
                names[i] = count > 1 ? name + count.ToString(System.Globalization.CultureInfo.InvariantCulture) : name;
            }
        }
        return names;
    }
}
