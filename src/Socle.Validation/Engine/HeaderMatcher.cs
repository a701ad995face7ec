using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Validation.Engine;

/// <summary>A column of the data as the row checks see it: the field it is read as, and its 1-based position.</summary>
internal sealed record ExpectedField(Field Field, int FieldNumber, int SchemaIndex);

/// <summary>
/// Compares the header labels with the schema fields (frictionless' Header): reports label errors and decides which
/// field each column is read as. <c>exact</c> maps by position; every other <c>fieldsMatch</c> maps by name and only
/// differs in the mismatches it tolerates.
/// </summary>
internal static class HeaderMatcher
{
    internal sealed record Result(List<ValidationError> Errors, List<ExpectedField> Expected, ValidationError? TaskError);

    public static Result Match(IReadOnlyList<string> labels, TableSchema schema, FieldsMatch mode, bool ignoreCase, bool hasHeader)
    {
        var fields = schema.Fields;
        var errors = new List<ValidationError>();
        var cmp = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var byName = mode != FieldsMatch.Exact;

        if (!byName || !hasHeader)
        {
            var expected = fields.Select((f, i) => new ExpectedField(f, i + 1, i)).ToList();
            if (!hasHeader) return new Result(errors, expected, null);
            for (var i = fields.Count; i < labels.Count; i++)
                errors.Add(new ValidationError { Type = "extra-label", FieldNumber = i + 1, FieldName = "", Label = labels[i] });
            for (var i = labels.Count; i < fields.Count; i++)
                errors.Add(new ValidationError { Type = "missing-label", FieldNumber = i + 1, FieldName = fields[i].Name, Label = "" });
            for (var i = 0; i < Math.Min(fields.Count, labels.Count); i++)
            {
                var label = labels[i];
                var name = fields[i].Name;
                if (label.Length == 0)
                {
                    errors.Add(new ValidationError { Type = "blank-label", FieldNumber = i + 1, FieldName = name, Label = "" });
                    continue;
                }
                var earlier = new List<int>();
                for (var j = 0; j < i; j++)
                    if (labels[j] == label) earlier.Add(j + 1);
                if (earlier.Count > 0)
                {
                    errors.Add(new ValidationError
                    {
                        Type = "duplicate-label", FieldNumber = i + 1, FieldName = name, Label = label,
                        NoteKey = "note.duplicate-label", NoteArgs = [string.Join(", ", earlier)],
                    });
                    continue;
                }
                var normalized = label.Replace('\n', ' ').Trim();
                if (!cmp.Equals(name, normalized))
                    errors.Add(new ValidationError { Type = "incorrect-label", FieldNumber = i + 1, FieldName = name, Label = label });
            }
            return new Result(errors, expected, null);
        }

        // Name matching.
        int Find(string label)
        {
            for (var i = 0; i < fields.Count; i++)
                if (cmp.Equals(fields[i].Name, label)) return i;
            return -1;
        }

        var tolerateExtra = mode is FieldsMatch.Subset or FieldsMatch.Partial;
        var tolerateMissing = mode is FieldsMatch.Superset or FieldsMatch.Partial;
        if (!tolerateExtra)
            for (var i = 0; i < labels.Count; i++)
                if (Find(labels[i]) < 0)
                    errors.Add(new ValidationError { Type = "extra-label", FieldNumber = i + 1, FieldName = "", Label = labels[i] });
        if (mode == FieldsMatch.Partial && fields.Count > 0 && labels.All(l => Find(l) < 0))
            errors.Add(new ValidationError { Type = "unmatched-header" });
        var number = labels.Count;
        foreach (var (f, i) in fields.Select((f, i) => (f, i)))
        {
            if (labels.Any(l => cmp.Equals(l, f.Name))) continue;
            var required = f.Constraints.Required || schema.PrimaryKey.Contains(f.Name);
            if (tolerateMissing && !required) continue;
            errors.Add(new ValidationError { Type = "missing-label", FieldNumber = ++number, FieldName = f.Name, Label = "" });
        }

        // Duplicate labels make the mapping ambiguous: the task fails as a whole (ignoring case, "Name" and "name" are duplicates).
        if (labels.Distinct(cmp).Count() != labels.Count)
            return new Result(errors, [], new ValidationError
            {
                Type = "error", NoteKey = "note.fields-match-duplicate-labels", NoteArgs = [ModeName(mode)],
            });

        var list = new List<ExpectedField>();
        for (var i = 0; i < labels.Count; i++)
        {
            var index = Find(labels[i]);
            list.Add(index >= 0
                ? new ExpectedField(fields[index], i + 1, index)
                : new ExpectedField(new Field { Name = labels[i], Type = "any" }, i + 1, -1));
        }
        return new Result(errors, list, null);
    }

    public static string ModeName(FieldsMatch m) => m.ToString().ToLowerInvariant();
}
