namespace Socle.Bench;

/// <summary>A metropolitan department: INSEE code, INSEE region code, approximate centre (WGS 84), number of communes.</summary>
internal readonly record struct Department(string Code, string Region, double Lat, double Lon, int Communes);

/// <summary>A sector of the register: its id prefix, weight (per mille of rows) and the words that name its installations.</summary>
internal sealed record Sector(string Name, string Prefix, int Weight, string[] Kinds);

/// <summary>
/// Fixed reference lists for <c>tabular-generate</c> (a register of renewable electricity installations, like the
/// national register of production installations). Order matters: it is part of the seed → bytes contract.
/// </summary>
internal static class TabularData
{
    /// <summary>The 96 metropolitan departments with their region and (approximate) commune counts: 34,900 communes in all.</summary>
    public static readonly Department[] Departments =
    [
        new("01", "84", 46.10, 5.35, 393), new("02", "32", 49.55, 3.60, 799), new("03", "84", 46.40, 3.20, 317),
        new("04", "93", 44.10, 6.25, 198), new("05", "93", 44.65, 6.30, 162), new("06", "93", 43.95, 7.15, 163),
        new("07", "84", 44.75, 4.40, 335), new("08", "44", 49.60, 4.65, 449), new("09", "76", 42.95, 1.50, 327),
        new("10", "44", 48.30, 4.15, 431), new("11", "76", 43.10, 2.40, 433), new("12", "76", 44.30, 2.65, 285),
        new("13", "93", 43.50, 5.10, 119), new("14", "28", 49.10, -0.35, 528), new("15", "84", 45.05, 2.65, 246),
        new("16", "75", 45.70, 0.20, 364), new("17", "75", 45.80, -0.70, 463), new("18", "24", 47.05, 2.50, 287),
        new("19", "75", 45.35, 1.90, 279), new("2A", "94", 41.85, 8.95, 124), new("2B", "94", 42.40, 9.20, 236),
        new("21", "27", 47.40, 4.80, 698), new("22", "53", 48.45, -2.85, 348), new("23", "75", 46.10, 2.00, 256),
        new("24", "75", 45.10, 0.75, 503), new("25", "27", 47.15, 6.35, 571), new("26", "84", 44.70, 5.15, 363),
        new("27", "28", 49.10, 1.00, 585), new("28", "24", 48.40, 1.40, 365), new("29", "53", 48.25, -4.10, 277),
        new("30", "76", 44.00, 4.20, 351), new("31", "76", 43.35, 1.20, 586), new("32", "76", 43.70, 0.45, 461),
        new("33", "75", 44.85, -0.55, 535), new("34", "76", 43.60, 3.40, 342), new("35", "53", 48.15, -1.65, 333),
        new("36", "24", 46.80, 1.55, 241), new("37", "24", 47.25, 0.70, 272), new("38", "84", 45.25, 5.60, 512),
        new("39", "27", 46.75, 5.70, 494), new("40", "75", 43.95, -0.75, 327), new("41", "24", 47.60, 1.40, 267),
        new("42", "84", 45.70, 4.15, 323), new("43", "84", 45.10, 3.80, 257), new("44", "52", 47.35, -1.70, 207),
        new("45", "24", 47.90, 2.30, 325), new("46", "76", 44.60, 1.60, 313), new("47", "75", 44.35, 0.45, 319),
        new("48", "76", 44.50, 3.50, 152), new("49", "52", 47.40, -0.55, 177), new("50", "28", 49.10, -1.30, 446),
        new("51", "44", 48.95, 4.25, 613), new("52", "44", 48.10, 5.20, 426), new("53", "52", 48.15, -0.65, 240),
        new("54", "44", 48.80, 6.15, 591), new("55", "44", 49.00, 5.40, 499), new("56", "53", 47.85, -2.85, 249),
        new("57", "44", 49.05, 6.65, 725), new("58", "27", 47.10, 3.50, 309), new("59", "32", 50.45, 3.20, 648),
        new("60", "32", 49.40, 2.45, 679), new("61", "28", 48.60, 0.10, 385), new("62", "32", 50.50, 2.30, 890),
        new("63", "84", 45.70, 3.15, 464), new("64", "75", 43.25, -0.75, 546), new("65", "76", 43.05, 0.15, 469),
        new("66", "76", 42.60, 2.50, 226), new("67", "44", 48.65, 7.55, 514), new("68", "44", 47.85, 7.25, 366),
        new("69", "84", 45.85, 4.65, 267), new("70", "27", 47.65, 6.10, 539), new("71", "27", 46.65, 4.55, 565),
        new("72", "52", 48.00, 0.20, 354), new("73", "84", 45.50, 6.45, 273), new("74", "84", 46.05, 6.40, 279),
        new("75", "11", 48.86, 2.35, 1), new("76", "28", 49.65, 1.00, 708), new("77", "11", 48.60, 2.95, 507),
        new("78", "11", 48.80, 1.85, 259), new("79", "75", 46.55, -0.30, 256), new("80", "32", 49.95, 2.30, 772),
        new("81", "76", 43.80, 2.15, 314), new("82", "76", 44.05, 1.30, 195), new("83", "93", 43.45, 6.20, 153),
        new("84", "93", 44.00, 5.20, 151), new("85", "52", 46.65, -1.30, 255), new("86", "75", 46.55, 0.45, 266),
        new("87", "75", 45.90, 1.25, 195), new("88", "44", 48.20, 6.40, 507), new("89", "27", 47.85, 3.55, 423),
        new("90", "27", 47.65, 6.90, 101), new("91", "11", 48.50, 2.25, 194), new("92", "11", 48.85, 2.25, 36),
        new("93", "11", 48.90, 2.48, 40), new("94", "11", 48.78, 2.47, 47), new("95", "11", 49.07, 2.15, 184),
    ];

    /// <summary>Sectors, skewed as the real register is (many small solar installations).</summary>
    public static readonly Sector[] Sectors =
    [
        new("solaire", "PV", 520, ["Centrale solaire", "Centrale photovoltaïque", "Ombrières photovoltaïques", "Toiture photovoltaïque", "Parc solaire"]),
        new("eolien", "EOL", 180, ["Parc éolien", "Ferme éolienne", "Parc éolien", "Éoliennes"]),
        new("methanisation", "MET", 120, ["Unité de méthanisation", "Méthaniseur", "Unité de biogaz", "Méthanisation agricole"]),
        new("hydraulique", "HYD", 100, ["Centrale hydroélectrique", "Microcentrale", "Moulin hydroélectrique", "Barrage"]),
        new("biomasse", "BIO", 80, ["Chaufferie biomasse", "Centrale biomasse", "Cogénération bois", "Chaufferie bois"]),
    ];

    /// <summary>The word the contains / full-text query looks for: one place name, drawn half as often as the others (≈ 0.5 % of rows).</summary>
    public const string SearchWord = "châtaigniers";

    /// <summary>Place names (with their article). Each has weight 10 except <see cref="SearchWord"/>'s, weight 5.</summary>
    public static readonly string[] Places =
    [
        "des Grands Champs", "du Moulin", "de la Ferme Neuve", "de la Croix Blanche", "des Bruyères", "du Bois Joli",
        "de l'Étang", "des Hauts Prés", "de la Vallée", "du Plateau", "des Trois Chênes", "de Beauregard", "de la Garenne",
        "du Champ de la Pierre", "des Terres Rouges", "de la Montagne Noire", "du Haut Bocage", "des Landes", "du Grand Pré",
        "de la Côte", "des Vignes", "du Val", "de la Source", "des Sablons", "du Pont Vieux", "de la Forge", "de l'Écluse",
        "des Peupliers", "des Saules", "des Tilleuls", "du Marais", "de la Plaine", "des Coteaux", "du Mont", "de la Butte",
        "du Puy", "des Genêts", "de la Chapelle", "du Prieuré", "de l'Abbaye", "du Château", "de la Tuilerie",
        "de la Briqueterie", "des Carrières", "du Four à Chaux", "de la Sablière", "du Gué", "des Noues", "de la Rivière",
        "du Ruisseau", "des Fontaines", "de la Haie", "du Bocage", "des Ormes", "des Hêtres", "des Frênes", "du Chêne Vert",
        "de la Pommeraie", "des Vergers", "de la Grange", "du Moulin Brûlé", "de la Motte", "du Fief", "de la Borne",
        "des Quatre Vents", "du Vent d'Autan", "du Mistral", "de la Tramontane", "de la Baie", "des Dunes", "des Falaises",
        "du Causse", "de la Garrigue", "des Pins", "du Lac", "de la Combe", "des Essarts", "du Bief", "de la Digue",
        "des Aulnes", "de la Ronce", "des Brandes", "des Chaumes", "de la Croix de Fer", "du Poirier", "de Bellevue",
        "de Montplaisir", "de la Justice", "du Calvaire", "des Plantes", "de la Pierre Levée", "du Menhir", "des Bornes",
        "de la Fosse", "du Clos", "des Closeaux", "de la Ferté", "des Châtaigniers", "de la Lande Haute", "du Pré Salé",
    ];

    public static readonly string[] Suffixes = ["Nord", "Sud", "Est", "Ouest", "II", "III", "extension"];

    public static readonly string[] Regimes = ["autorisation", "enregistrement", "declaration"];
}
