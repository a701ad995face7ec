using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Socle.Collect.Demo;

/// <summary>
/// A small read-only map of field names to Table Schema texts, stored as two arrays: the demo register holds millions
/// of them, and a dictionary per version would cost ten times the memory.
/// </summary>
internal sealed class FieldValues(params (string Key, string? Value)[] pairs) : IReadOnlyDictionary<string, string?>
{
    // The array is the caller's and is kept as it is: callers hand over a fresh one.
    private readonly (string Key, string? Value)[] _pairs = pairs;

    public static FieldValues Empty { get; } = new();

    public string? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);
    public IEnumerable<string?> Values => _pairs.Select(p => p.Value);
    public int Count => _pairs.Length;
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        foreach (var (k, v) in _pairs)
            if (ReferenceEquals(k, key) || string.Equals(k, key, StringComparison.Ordinal)) { value = v; return true; }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator()
    {
        foreach (var (k, v) in _pairs) yield return new(k, v);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// A change of an installation's values on a date, by a source. The first version holds every field known when the
/// project starts; later ones hold only the fields they change (a null value clears one).
/// </summary>
internal sealed record GeneratedVersion(DateOnly ValidFrom, string Source, IReadOnlyDictionary<string, string?> Values);

/// <summary>A lifecycle event of the template (<c>projet</c>, <c>depot_permis</c>, …) with its own fields.</summary>
internal sealed record GeneratedEvent(string Type, DateOnly Date, IReadOnlyDictionary<string, string?> Fields);

/// <summary>A yearly value of a template measure (<c>production_annuelle_mwh</c>, …) for a year ("2019").</summary>
internal readonly record struct GeneratedMeasure(string Measure, string Period, double Value);

/// <summary>
/// One generated installation: its versions (chronological, distinct dates), its events (chronological, consistent with
/// the versions: a field of <c>events_from_fields</c> holds its event's date) and its yearly measures.
/// </summary>
internal sealed record GeneratedInstallation(string Key, IReadOnlyList<GeneratedVersion> Versions,
    IReadOnlyList<GeneratedEvent> Events, IReadOnlyList<GeneratedMeasure> Measures)
{
    public string Filiere => Versions[0].Values["filiere"]!;

    /// <summary>A field's value on a date (the last version on or before it that sets the field); null before the project.</summary>
    public string? ValueOn(string field, DateOnly date)
    {
        for (var i = Versions.Count - 1; i >= 0; i--)
            if (Versions[i].ValidFrom <= date && Versions[i].Values.TryGetValue(field, out var v)) return v;
        return null;
    }

    /// <summary>Every field's value on a date (versions merged), or null before the first version.</summary>
    public Dictionary<string, string?>? StateOn(DateOnly date)
    {
        if (Versions.Count == 0 || Versions[0].ValidFrom > date) return null;
        var state = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var v in Versions)
        {
            if (v.ValidFrom > date) break;
            foreach (var (k, value) in v.Values) state[k] = value;
        }
        return state;
    }

    /// <summary>The versions with the whole state after each (what a revision stores when it keeps full snapshots).</summary>
    public IEnumerable<(GeneratedVersion Version, IReadOnlyDictionary<string, string?> State)> States()
    {
        var state = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var v in Versions)
        {
            foreach (var (k, value) in v.Values) state[k] = value;
            yield return (v, new Dictionary<string, string?>(state, StringComparer.Ordinal));
        }
    }

    /// <summary>In service on a date: commissioned on or before it and not disconnected by then.</summary>
    public bool InServiceOn(DateOnly date)
    {
        var start = ValueOn("date_mise_en_service", date);
        if (start is null || DateOnly.ParseExact(start, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) > date) return false;
        var stop = ValueOn("date_deraccordement", date);
        return stop is null || DateOnly.ParseExact(stop, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) > date;
    }

    /// <summary>A measure's value for a period, if any.</summary>
    public double? Measure(string measure, string period)
    {
        foreach (var m in Measures)
            if (m.Period == period && m.Measure == measure) return m.Value;
        return null;
    }
}
