namespace Socle.Catalog.Files;

/// <summary>
/// The order of a schema's versions, oldest first: labels that are not versions (in ordinal order), then semantic
/// versions by their numbers ("2.10.0" after "2.9.1"; a leading "v" and missing parts, "1.2" = "1.2.0", allowed; a
/// pre-release such as "1.0.0-rc.1" before its release). So the latest is the highest semantic version whenever there
/// is one, whatever order they were registered in, and lists newest first show the other labels after the versions.
/// </summary>
public sealed class SchemaVersionOrder : IComparer<string>
{
    public static readonly SchemaVersionOrder Instance = new();

    /// <summary>The latest of some versions (null when there are none).</summary>
    public static string? Latest(IEnumerable<string> versions) => versions.Max(Instance);

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var (a, b) = (Parse(x), Parse(y));
        if (a is null || b is null)
            return a is null && b is null ? string.CompareOrdinal(x, y) : a is null ? -1 : 1;
        var n = Math.Max(a.Value.Numbers.Length, b.Value.Numbers.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Part(a.Value.Numbers, i).CompareTo(Part(b.Value.Numbers, i));
            if (c != 0) return c;
        }
        var pre = ComparePreRelease(a.Value.PreRelease, b.Value.PreRelease);
        return pre != 0 ? pre : string.CompareOrdinal(x, y);
    }

    private static long Part(long[] numbers, int i) => i < numbers.Length ? numbers[i] : 0;

    /// <summary>A release sorts after its pre-releases; pre-releases compare part by part, numbers numerically and before words.</summary>
    private static int ComparePreRelease(string? a, string? b)
    {
        if (a == b) return 0;
        if (a is null) return 1;
        if (b is null) return -1;
        var (pa, pb) = (a.Split('.'), b.Split('.'));
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var (na, nb) = (long.TryParse(pa[i], out var va), long.TryParse(pb[i], out var vb));
            var c = na && nb ? va.CompareTo(vb) : na ? -1 : nb ? 1 : string.CompareOrdinal(pa[i], pb[i]);
            if (c != 0) return c;
        }
        return pa.Length.CompareTo(pb.Length);
    }

    /// <summary>The numbers and pre-release of a semantic version (build metadata after '+' ignored), or null when it is not one.</summary>
    private static (long[] Numbers, string? PreRelease)? Parse(string s)
    {
        var plus = s.IndexOf('+');
        if (plus >= 0) s = s[..plus];
        if (s.StartsWith('v') || s.StartsWith('V')) s = s[1..];
        var dash = s.IndexOf('-');
        var pre = dash >= 0 ? s[(dash + 1)..] : null;
        var core = dash >= 0 ? s[..dash] : s;
        if (pre is { Length: 0 }) return null;
        var parts = core.Split('.');
        if (parts.Length > 4) return null;
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (parts[i].Length is 0 or > 18 || !parts[i].All(char.IsAsciiDigit) || !long.TryParse(parts[i], out numbers[i])) return null;
        return (numbers, pre);
    }
}
