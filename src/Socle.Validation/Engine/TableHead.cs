using Socle.Validation.Inference;
using Socle.Validation.Schema;

namespace Socle.Validation.Engine;

/// <summary>
/// The start of a table, read the same way for the table being validated and for a table a foreign key refers to:
/// its labels, the schema (given, or inferred from the first 100 rows as frictionless does — those rows are kept to be
/// checked like the rest) and how the labels match the schema's fields.
/// </summary>
internal sealed record TableHead(string[] Labels, List<(string[] Cells, int Row)> Sample, TableSchema Schema, bool Inferred,
    bool HasHeader, HeaderMatcher.Result Header)
{
    private const int InferenceSample = 100;

    /// <summary>Reads the head; an empty table is a <see cref="TableSourceException"/>.</summary>
    public static TableHead Read(TableReader reader, TableSchema? schema, bool hasHeader, ValidationOptions options)
    {
        string[] labels = [];
        if (hasHeader && !reader.TryReadRecord(out labels, out _))
            throw new TableSourceException("source-error", "note.source-empty");
        var sample = new List<(string[] Cells, int Row)>();
        var inferred = schema is null;
        if (schema is null)
        {
            while (sample.Count < InferenceSample && reader.TryReadRecord(out var cells, out var n)) sample.Add((cells, n));
            if (!hasHeader && sample.Count == 0) throw new TableSourceException("source-error", "note.source-empty");
            schema = FrictionlessInference.Infer(labels, sample.Select(b => b.Cells).ToList(), [""]);
        }
        var mode = schema.FieldsMatch ?? (options.SchemaSync ? FieldsMatch.Partial : FieldsMatch.Exact);
        var header = HeaderMatcher.Match(labels, schema, mode, !options.HeaderCase, hasHeader);
        return new TableHead(labels, sample, schema, inferred, hasHeader, header);
    }
}
