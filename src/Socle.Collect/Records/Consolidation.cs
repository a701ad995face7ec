using Socle.Collect.Definitions;

namespace Socle.Collect.Records;

/// <summary>
/// Several sources describe one record: each field's published value is the first non-empty one in that field's
/// source priority, after a steward's arbitration (which outranks every source). Sources giving different values
/// for a field disagree; the register lists that as a conflict until a steward settles it.
/// </summary>
public static class Consolidation
{
    /// <summary>The pseudo-source of a steward's settled value.</summary>
    public const string Arbitration = "arbitrage";

    public sealed record Result(Dictionary<string, string> Values, Dictionary<string, string> Provenance,
        List<(string Field, SortedDictionary<string, string> BySource)> Disagreements);

    public static Result Merge(CollectionDefinition definition, IReadOnlyDictionary<string, Dictionary<string, string>> sources)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var provenance = new Dictionary<string, string>(StringComparer.Ordinal);
        var disagreements = new List<(string, SortedDictionary<string, string>)>();
        sources.TryGetValue(Arbitration, out var settled);
        var given = sources.Count - (settled is null ? 0 : 1);
        // A source the definition no longer lists still counts, after the listed ones (rare: checked once, not per field).
        List<string>? unlisted = null;
        foreach (var key in sources.Keys)
            if (key != Arbitration && !definition.HasSource(key)) (unlisted ??= []).Add(key);
        unlisted?.Sort(StringComparer.Ordinal);
        foreach (var field in definition.Schema.Fields)
        {
            var name = field.Name;
            string? winner = null, value = null;
            if (settled is not null && settled.TryGetValue(name, out var s)) (winner, value) = (Arbitration, s);
            else
            {
                var order = definition.PriorityOf(name);
                for (var i = 0; i < order.Count && winner is null; i++)
                    if (sources.TryGetValue(order[i], out var from) && from.TryGetValue(name, out var v)) (winner, value) = (order[i], v);
                for (var i = 0; unlisted is not null && i < unlisted.Count && winner is null; i++)
                    if (sources[unlisted[i]].TryGetValue(name, out var v)) (winner, value) = (unlisted[i], v);
            }
            if (winner is null) continue;
            values[name] = value!;
            provenance[name] = winner;
            if (given < 2) continue; // one source cannot disagree with itself

            SortedDictionary<string, string>? bySource = null;
            string? first = null;
            var differ = false;
            foreach (var (source, says) in sources)
            {
                if (source == Arbitration || !says.TryGetValue(name, out var v)) continue;
                (bySource ??= new(StringComparer.Ordinal))[source] = v;
                if (first is null) first = v; else if (v != first) differ = true;
            }
            if (differ) disagreements.Add((name, bySource!));
        }
        return new Result(values, provenance, disagreements);
    }
}
