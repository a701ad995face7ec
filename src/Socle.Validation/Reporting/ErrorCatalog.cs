using System.Collections.Frozen;

namespace Socle.Validation.Reporting;

/// <summary>Error codes and their frictionless tags, for pick/skip filtering.</summary>
public static class ErrorCatalog
{
    private static readonly string[] HeaderLabel = ["#table", "#header", "#label"];
    private static readonly string[] Header = ["#table", "#header"];
    private static readonly string[] Row = ["#table", "#row"];
    private static readonly string[] Cell = ["#table", "#row", "#cell"];

    private static readonly FrozenDictionary<string, string[]> Tags = new Dictionary<string, string[]>
    {
        ["blank-label"] = HeaderLabel, ["duplicate-label"] = HeaderLabel, ["extra-label"] = HeaderLabel,
        ["missing-label"] = HeaderLabel, ["incorrect-label"] = HeaderLabel,
        ["unmatched-header"] = Header, ["blank-header"] = Header,
        ["blank-row"] = Row, ["primary-key"] = Row, ["foreign-key"] = Row, ["duplicate-row"] = Row,
        ["extra-cell"] = Cell, ["missing-cell"] = Cell, ["type-error"] = Cell, ["constraint-error"] = Cell,
        ["unique-error"] = Cell,
        ["source-error"] = [], ["encoding-error"] = [], ["schema-error"] = [], ["error"] = [], ["check-error"] = [],
    }.ToFrozenDictionary();

    /// <summary>Task-level errors that pick/skip never filter (frictionless keeps them).</summary>
    private static readonly FrozenSet<string> TaskLevel =
        new[] { "source-error", "encoding-error", "schema-error", "error", "check-error" }.ToFrozenSet();

    /// <summary>Tags of a code; custom check errors are row or cell errors.</summary>
    public static IReadOnlyList<string> TagsOf(string code, bool hasField) =>
        Tags.TryGetValue(code, out var t) ? t : hasField ? Cell : Row;

    /// <summary>Whether an error of this code is reported under the pick/skip options.</summary>
    public static bool Selected(string code, bool hasField, IReadOnlyList<string> pick, IReadOnlyList<string> skip)
    {
        if (TaskLevel.Contains(code)) return true;
        var tags = TagsOf(code, hasField);
        bool Matches(string p) => p == code || tags.Contains(p);
        if (pick.Count > 0 && !pick.Any(Matches)) return false;
        if (skip.Count > 0 && skip.Any(Matches)) return false;
        return true;
    }
}
