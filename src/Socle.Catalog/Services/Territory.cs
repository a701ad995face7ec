namespace Socle.Catalog.Services;

/// <summary>
/// Territories by official code, namespaced by level: <c>fr:commune:75056</c> (INSEE code), <c>fr:epci:200054781</c>
/// (SIREN), <c>fr:departement:2A</c>, <c>fr:region:84</c>, <c>fr:pays:fr</c>, <c>country:de</c> for other countries.
/// </summary>
public static class Territory
{
    public static readonly string[] Levels = ["commune", "epci", "departement", "region", "pays"];

    public static bool IsCode(string code)
    {
        var parts = code.Split(':');
        if (parts is ["country", var iso]) return iso.Length == 2 && iso.All(char.IsAsciiLetterLower);
        if (parts is not ["fr", var level, var id]) return false;
        return level switch
        {
            "commune" => id.Length == 5 && (id.All(char.IsAsciiDigit) || id[..2] is "2A" or "2B" && id[2..].All(char.IsAsciiDigit)),
            "epci" => id.Length == 9 && id.All(char.IsAsciiDigit),
            "departement" => id is "2A" or "2B" || (id.Length is 2 or 3 && id.All(char.IsAsciiDigit)),
            "region" => id.Length is 2 && id.All(char.IsAsciiDigit),
            "pays" => id == "fr",
            _ => false,
        };
    }

    /// <summary>The level of a code ("commune", "departement", ...), for facets.</summary>
    public static string Level(string code) => code.Split(':') is [_, var level, _] ? level : "pays";
}
