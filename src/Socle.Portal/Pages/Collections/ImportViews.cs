using System.Text.Json;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Validation.Reporting;

namespace Socle.Portal.Pages.Collections;

/// <summary>How an import reads on its pages: its status, why it failed, its outcomes.</summary>
internal static class ImportViews
{
    public static string StatusName(ImportStatus s) => ImportService.Status(s);

    public static bool Running(ImportStatus s) => s is ImportStatus.Queued or ImportStatus.Planning or ImportStatus.Committing;

    public static string StatusBadge(ImportStatus s) => s switch
    {
        ImportStatus.Planned => "fr-badge--new",
        ImportStatus.Committed => "fr-badge--success",
        ImportStatus.Failed => "fr-badge--error",
        ImportStatus.Discarded => "",
        _ => "fr-badge--info",
    };

    /// <summary>The outcomes in the order a steward reads them: what is wrong first.</summary>
    public static readonly string[] Outcomes = [RowOutcome.Error, RowOutcome.Conflicting, RowOutcome.Changed, RowOutcome.New, RowOutcome.Unchanged];

    public static int Count(ImportPlan plan, string outcome) => outcome switch
    {
        RowOutcome.New => plan.New,
        RowOutcome.Changed => plan.Changed,
        RowOutcome.Unchanged => plan.Unchanged,
        RowOutcome.Conflicting => plan.Conflicting,
        _ => plan.Errors,
    };

    /// <summary>
    /// The messages of a stored refusal (<see cref="ImportBatch.Error"/>: <c>{key, args, errors: [{field, key, args}]}</c>)
    /// in the reader's language: the reason first, then each detail (a missing column, the file's columns).
    /// </summary>
    public static List<string> Messages(string? error, string lang)
    {
        var lines = new List<string>();
        if (string.IsNullOrEmpty(error)) return lines;
        using var doc = JsonDocument.Parse(error);
        var root = doc.RootElement;
        static object?[] Args(JsonElement e) => e.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
            ? [.. a.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText())] : [];
        if (root.TryGetProperty("key", out var key) && key.GetString() is { } k)
            lines.Add(Socle.Validation.Reporting.Messages.Format(k, lang, Args(root)));
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            foreach (var e in errors.EnumerateArray())
                if (e.TryGetProperty("key", out var ek) && ek.GetString() is { } ekey)
                    lines.Add(Socle.Validation.Reporting.Messages.Format(ekey, lang, Args(e)));
        return lines;
    }

    /// <summary>An error code as a title: the validator's ("Erreur de type") or the import's own.</summary>
    public static string CodeTitle(string code, string lang) =>
        Socle.Validation.Reporting.Messages.Has($"error.{code}.title") ? Socle.Validation.Reporting.Messages.Get($"error.{code}.title", lang)
        : Socle.Validation.Reporting.Messages.Has($"portal.collect.import.code.{code}") ? Socle.Validation.Reporting.Messages.Get($"portal.collect.import.code.{code}", lang)
        : code;
}
