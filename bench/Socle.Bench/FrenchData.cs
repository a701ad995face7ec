namespace Socle.Bench;

/// <summary>A commune with one of its postal codes, its approximate centre (WGS 84) and an approximate population.</summary>
internal readonly record struct Commune(string Name, string PostalCode, double Lon, double Lat, int Population);

/// <summary>Small, fixed reference lists the generator draws from. Order matters: it is part of the seed → bytes contract.</summary>
internal static class FrenchData
{
    public static readonly Commune[] Communes =
    [
        new("Paris", "75001", 2.3522, 48.8566, 2_133_111),
        new("Marseille", "13001", 5.3698, 43.2965, 873_076),
        new("Lyon", "69001", 4.8357, 45.7640, 522_250),
        new("Toulouse", "31000", 1.4442, 43.6047, 504_078),
        new("Nice", "06000", 7.2620, 43.7102, 348_085),
        new("Nantes", "44000", -1.5536, 47.2184, 323_204),
        new("Montpellier", "34000", 3.8767, 43.6108, 302_454),
        new("Strasbourg", "67000", 7.7521, 48.5734, 291_313),
        new("Bordeaux", "33000", -0.5792, 44.8378, 261_804),
        new("Lille", "59000", 3.0573, 50.6292, 236_234),
        new("Rennes", "35000", -1.6778, 48.1173, 225_081),
        new("Reims", "51100", 4.0317, 49.2583, 181_194),
        new("Toulon", "83000", 5.9280, 43.1242, 180_452),
        new("Saint-Étienne", "42000", 4.3872, 45.4397, 173_089),
        new("Le Havre", "76600", 0.1079, 49.4944, 166_462),
        new("Grenoble", "38000", 5.7245, 45.1885, 158_198),
        new("Dijon", "21000", 5.0415, 47.3220, 159_346),
        new("Angers", "49000", -0.5632, 47.4784, 157_175),
        new("Villeurbanne", "69100", 4.8799, 45.7719, 156_928),
        new("Saint-Denis", "93200", 2.3574, 48.9362, 113_942),
        new("Nîmes", "30000", 4.3601, 43.8367, 148_104),
        new("Clermont-Ferrand", "63000", 3.0870, 45.7772, 147_284),
        new("Aix-en-Provence", "13090", 5.4474, 43.5297, 147_478),
        new("Le Mans", "72000", 0.1996, 48.0061, 145_004),
        new("Brest", "29200", -4.4861, 48.3904, 139_926),
        new("Tours", "37000", 0.6848, 47.3941, 136_463),
        new("Amiens", "80000", 2.2957, 49.8941, 133_625),
        new("Limoges", "87000", 1.2611, 45.8336, 130_876),
        new("Annecy", "74000", 6.1294, 45.8992, 130_721),
        new("Perpignan", "66000", 2.8948, 42.6887, 119_656),
        new("Boulogne-Billancourt", "92100", 2.2400, 48.8352, 121_334),
        new("Metz", "57000", 6.1757, 49.1193, 118_489),
        new("Besançon", "25000", 6.0241, 47.2378, 119_198),
        new("Orléans", "45000", 1.9093, 47.9030, 116_617),
        new("Rouen", "76000", 1.0993, 49.4431, 114_007),
        new("Argenteuil", "95100", 2.2470, 48.9472, 111_223),
        new("Mulhouse", "68100", 7.3389, 47.7508, 105_735),
        new("Montreuil", "93100", 2.4432, 48.8638, 111_367),
        new("Caen", "14000", -0.3707, 49.1829, 106_230),
        new("Nancy", "54000", 6.1844, 48.6921, 104_403),
        new("Saint-Paul-lès-Dax", "40990", -1.0517, 43.7261, 13_839),
        new("Tourcoing", "59200", 3.1611, 50.7239, 98_776),
        new("Roubaix", "59100", 3.1746, 50.6942, 98_892),
        new("Nanterre", "92000", 2.2069, 48.8924, 96_277),
        new("Vitry-sur-Seine", "94400", 2.3928, 48.7875, 95_510),
        new("Avignon", "84000", 4.8055, 43.9493, 91_143),
        new("Créteil", "94000", 2.4553, 48.7904, 92_265),
        new("Dunkerque", "59140", 2.3768, 51.0343, 86_279),
        new("Poitiers", "86000", 0.3404, 46.5802, 89_212),
        new("Asnières-sur-Seine", "92600", 2.2858, 48.9146, 87_097),
        new("Versailles", "78000", 2.1301, 48.8049, 83_918),
        new("Courbevoie", "92400", 2.2529, 48.8973, 82_198),
        new("Colombes", "92700", 2.2543, 48.9226, 86_534),
        new("Aulnay-sous-Bois", "93600", 2.4970, 48.9386, 86_969),
        new("Saint-Pierre", "97410", 55.4781, -21.3393, 84_961),
        new("Rueil-Malmaison", "92500", 2.1802, 48.8778, 78_195),
        new("Pau", "64000", -0.3708, 43.2951, 75_665),
        new("Aubervilliers", "93300", 2.3838, 48.9146, 88_948),
        new("Champigny-sur-Marne", "94500", 2.5156, 48.8172, 77_409),
        new("Antibes", "06600", 7.1251, 43.5808, 73_438),
        new("La Rochelle", "17000", -1.1511, 46.1603, 78_535),
        new("Calais", "62100", 1.8587, 50.9513, 67_544),
        new("Cannes", "06400", 7.0174, 43.5528, 73_868),
        new("Béziers", "34500", 3.2158, 43.3442, 79_041),
        new("Colmar", "68000", 7.3585, 48.0794, 67_730),
        new("Bourges", "18000", 2.3987, 47.0810, 63_702),
        new("Ajaccio", "20000", 8.7369, 41.9192, 72_826),
        new("Bastia", "20200", 9.4509, 42.6977, 48_503),
        new("Quimper", "29000", -4.0970, 47.9960, 63_283),
        new("Valence", "26000", 4.8924, 44.9334, 65_263),
        new("Troyes", "10000", 4.0744, 48.2973, 61_996),
        new("Chambéry", "73000", 5.9178, 45.5646, 59_856),
        new("Lorient", "56100", -3.3702, 47.7483, 57_274),
        new("Niort", "79000", -0.4594, 46.3237, 59_193),
        new("Sarcelles", "95200", 2.3808, 48.9973, 58_654),
        new("Vannes", "56000", -2.7603, 47.6582, 54_420),
        new("Saint-Nazaire", "44600", -2.2138, 47.2735, 71_887),
        new("Chartres", "28000", 1.4890, 48.4439, 38_752),
        new("Laval", "53000", -0.7699, 48.0706, 49_728),
        new("Belfort", "90000", 6.8628, 47.6397, 46_322),
        new("Évreux", "27000", 1.1508, 49.0241, 46_707),
        new("Blois", "41000", 1.3359, 47.5861, 45_710),
        new("Arles", "13200", 4.6278, 43.6766, 51_031),
        new("Carcassonne", "11000", 2.3491, 43.2130, 46_513),
        new("Saint-Malo", "35400", -2.0251, 48.6493, 46_803),
        new("L'Haÿ-les-Roses", "94240", 2.3372, 48.7800, 31_225),
        new("L'Île-Saint-Denis", "93450", 2.3382, 48.9372, 8_063),
        new("Aurillac", "15000", 2.4444, 44.9264, 25_499),
        new("Mende", "48000", 3.4994, 44.5181, 11_542),
        new("Gap", "05000", 6.0794, 44.5594, 40_805),
        new("Digne-les-Bains", "04000", 6.2357, 44.0925, 16_090),
        new("Foix", "09000", 1.6053, 42.9653, 9_578),
        new("Guéret", "23000", 1.8714, 46.1718, 12_948),
        new("Privas", "07000", 4.5994, 44.7353, 8_370),
        new("Bar-le-Duc", "55000", 5.1604, 48.7727, 14_793),
        new("Montbéliard", "25200", 6.7981, 47.5097, 25_395),
        new("Oloron-Sainte-Marie", "64400", -0.6056, 43.1942, 10_702),
        new("Saint-Jean-de-Luz", "64500", -1.6624, 43.3881, 14_017),
        new("Châteauroux", "36000", 1.6932, 46.8103, 43_079),
        new("Plœmeur", "56270", -3.4263, 47.7327, 18_308),
        new("Bègles", "33130", -0.5480, 44.8086, 30_642),
        new("Sainte-Maxime", "83120", 6.6377, 43.3091, 14_169),
        new("Moûtiers", "73600", 6.5330, 45.4845, 3_604),
        new("Condé-sur-l'Escaut", "59163", 3.5897, 50.4483, 9_611),
        new("Villeneuve-d'Ascq", "59650", 3.1415, 50.6233, 62_727),
        new("Saint-Amand-Montrond", "18200", 2.5033, 46.7228, 9_568),
        new("Lons-le-Saunier", "39000", 5.5545, 46.6744, 16_941),
        new("Pont-à-Mousson", "54700", 6.0536, 48.9054, 14_485),
        new("Les Sables-d'Olonne", "85100", -1.7832, 46.4966, 45_771),
        new("Île-de-Bréhat", "22870", -3.0000, 48.8460, 363),
        new("Y", "80190", 2.9958, 49.8028, 87),
    ];

    public static readonly string[] FirstNames =
    [
        "jean", "marie", "pierre", "nathalie", "michel", "isabelle", "philippe", "sylvie", "alain", "catherine",
        "nicolas", "sophie", "christophe", "valerie", "patrick", "sandrine", "stephane", "christine", "laurent", "celine",
        "julien", "aurelie", "thomas", "camille", "lucas", "lea", "hugo", "manon", "louis", "chloe",
        "gabriel", "emma", "arthur", "jade", "raphael", "louise", "jules", "alice", "adam", "lina",
        "mohamed", "fatima", "yanis", "ines", "noah", "sarah", "ethan", "zoe", "paul", "anne-sophie",
    ];

    public static readonly string[] LastNames =
    [
        "martin", "bernard", "thomas", "petit", "robert", "richard", "durand", "dubois", "moreau", "laurent",
        "simon", "michel", "lefebvre", "leroy", "roux", "david", "bertrand", "morel", "fournier", "girard",
        "bonnet", "dupont", "lambert", "fontaine", "rousseau", "vincent", "muller", "lefevre", "faure", "andre",
        "mercier", "blanc", "guerin", "boyer", "garnier", "chevalier", "francois", "legrand", "gauthier", "garcia",
        "perrin", "robin", "clement", "morin", "nicolas", "henry", "roussel", "mathieu", "gautier", "masson",
        "nguyen", "le-gall", "da-silva", "benali", "ozturk", "le-goff", "kerouac", "diallo", "traore", "lopez",
    ];

    public static readonly string[] MailDomains =
    [
        "orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr", "wanadoo.fr", "outlook.fr", "yahoo.fr",
        "mairie.example.fr", "asso.example.org", "entreprise.example.com", "gouv.example.fr",
    ];

    /// <summary>The enum of the <c>categorie</c> field.</summary>
    public static readonly string[] Categories =
        ["association", "entreprise", "collectivite", "particulier", "etablissement-public"];

    /// <summary>Wrong values for <c>categorie</c> (the error-dense variant).</summary>
    public static readonly string[] BadCategories = ["autre", "Association", "SARL", "collectivité", "n/a"];
}
