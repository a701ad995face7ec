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
        foreach (var field in definition.Schema.Fields)
        {
            var name = field.Name;
            string? winner = null;
            if (sources.TryGetValue(Arbitration, out var settled) && settled.TryGetValue(name, out var s)) winner = Arbitration;
            else
            {
                foreach (var source in definition.PriorityOf(name))
                    if (sources.TryGetValue(source, out var given) && given.ContainsKey(name)) { winner = source; break; }
                // A source the definition no longer lists still counts, after the listed ones.
                winner ??= sources.Where(p => p.Key != Arbitration && p.Value.ContainsKey(name)).Select(p => p.Key).Order(StringComparer.Ordinal).FirstOrDefault();
            }
            if (winner is null) continue;
            values[name] = sources[winner][name];
            provenance[name] = winner;

            SortedDictionary<string, string>? bySource = null;
            string? first = null;
            var differ = false;
            foreach (var (source, given) in sources)
            {
                if (source == Arbitration || !given.TryGetValue(name, out var v)) continue;
                (bySource ??= new(StringComparer.Ordinal))[source] = v;
                if (first is null) first = v; else if (v != first) differ = true;
            }
            if (differ) disagreements.Add((name, bySource!));
        }
        return new Result(values, provenance, disagreements);
    }
}
