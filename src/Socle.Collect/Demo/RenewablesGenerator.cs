using System.Globalization;
using Socle.Catalog.Demo;

namespace Socle.Collect.Demo;

/// <summary>
/// Generates a register of renewable installations for the demo and the benchmarks, deterministically (same seed, same
/// installations): wind farms, solar (rooftop, ground, carports), methanisation, hydro, biomass and geothermal plants
/// over the communes of the demo world, each with its versions (project, permit, commissioning, extension, repowering,
/// change of operator, stop), its lifecycle events and its yearly production. The writers then export a date's state
/// as the files the template's crosswalks read: the ODRÉ register export and a DREAL wind permit spreadsheet.
/// Every value is the Table Schema text of the <c>installations-enr</c> template's fields.
/// </summary>
internal static class RenewablesGenerator
{
    /// <summary>The last day generated: nothing happens after it.</summary>
    public static readonly DateOnly DefaultHorizon = new(2025, 12, 31);

    private enum Kind { Wind, Rooftop, Ground, Carport, Methanisation, Hydro, Biomass, Geothermal }

    private static readonly Dictionary<string, string> RegionNames = new(StringComparer.Ordinal)
    {
        ["11"] = "Île-de-France", ["32"] = "Hauts-de-France", ["44"] = "Grand Est", ["52"] = "Pays de la Loire",
        ["53"] = "Bretagne", ["75"] = "Nouvelle-Aquitaine", ["76"] = "Occitanie", ["84"] = "Auvergne-Rhône-Alpes",
        ["93"] = "Provence-Alpes-Côte d'Azur",
    };

    private static readonly Dictionary<string, string> EpciNames = new(StringComparer.Ordinal)
    {
        ["243100518"] = "Toulouse Métropole", ["243400017"] = "Montpellier Méditerranée Métropole",
    };

    // Fictitious operators and place words: any likeness to a real farm is chance.
    private static readonly string[] Operators =
    [
        "Éoliennes du Midi SAS", "Vents d'Oc Énergies", "Soleil du Sud SAS", "Photovolt Garonne", "Méthagri Lauragais SAS",
        "Biogaz des Coteaux", "Hydro Pyrénées SARL", "Énergies citoyennes occitanes SCIC", "Centrales solaires réunies",
        "Parcs éoliens de l'Hexagone", "Compagnie régionale des énergies", "Terres d'énergie SCIC", "Watt Agri SAS",
        "Azur Renouvelables", "Atlantique Énergies vertes", "Garrigue Solaire SAS", "Causses et Vents SAS", "Agri Énergie Sud",
    ];

    private static readonly string[] Places =
    [
        "des Quatre Vents", "du Causse", "de la Garrigue", "des Crêtes", "du Plateau", "de la Montagne", "des Landes",
        "du Moulin", "de la Plaine", "des Hauts", "du Col", "de la Combe", "des Genêts", "du Puech", "de la Serre",
        "des Trois Croix", "de la Lande Haute", "du Mas Neuf", "des Cers", "de la Borde",
    ];

    private static readonly string[] Farms = ["du Lauragais", "des Coteaux", "de la Vallée", "du Bocage", "des Trois Chênes", "de Borde Blanche"];

    /// <summary>ODRÉ codes and labels of the template's vocabularies (the odre-registre crosswalk maps them back).</summary>
    private static readonly Dictionary<string, (string Code, string Label)> FiliereCodes = new(StringComparer.Ordinal)
    {
        ["eolien"] = ("EOLIE", "Eolien"), ["solaire"] = ("SOLAI", "Solaire"), ["hydraulique"] = ("HYDLQ", "Hydraulique"),
        ["methanisation"] = ("BIOEN", "Bioénergies"), ["biomasse"] = ("BIOEN", "Bioénergies"),
        ["geothermie"] = ("GEOTH", "Géothermie"), ["energies_marines"] = ("MARIN", "Energies marines"),
    };

    private static readonly Dictionary<string, (string Code, string Label)> TechnologyCodes = new(StringComparer.Ordinal)
    {
        ["eolien_terrestre"] = ("EOLTER", "Eolien terrestre"), ["photovoltaique_toiture"] = ("PVTOIT", "Photovoltaïque en toiture"),
        ["photovoltaique_sol"] = ("PVSOL", "Photovoltaïque au sol"), ["photovoltaique_ombriere"] = ("PVOMBR", "Photovoltaïque en ombrière"),
        ["methanisation_agricole"] = ("METHAGR", "Méthanisation agricole"), ["methanisation_territoriale"] = ("METHTER", "Méthanisation territoriale"),
        ["methanisation_step"] = ("METHSTEP", "Méthanisation de station d'épuration"), ["biomasse_solide"] = ("TURBVAP", "Turbine à vapeur"),
        ["hydraulique_fil_eau"] = ("FIL", "Fil de l'eau"), ["hydraulique_eclusee"] = ("ECLUS", "Eclusée"), ["hydraulique_lac"] = ("LAC", "Lac"),
        ["geothermie"] = ("GEOTH", "Géothermie"),
    };

    private static readonly Dictionary<string, string> FuelCodes = new(StringComparer.Ordinal)
    {
        ["Biogaz de méthanisation"] = "B.MET", ["Biogaz de station d'épuration"] = "B.EPU", ["Bois-énergie"] = "BOIS",
    };

    private static readonly Dictionary<string, string> ProcedureCodes = new(StringComparer.Ordinal)
    {
        ["autorisation_environnementale"] = "AE", ["autorisation_icpe"] = "ICPE", ["permis_construire"] = "PC", ["declaration"] = "DECL",
    };

    private static readonly Dictionary<string, string> StateCodes = new(StringComparer.Ordinal)
    {
        ["en_instruction"] = "INSTR", ["autorise"] = "AUTOR", ["refuse"] = "REFUS", ["annule"] = "ANNUL", ["abandonne"] = "ABAND",
    };

    private static readonly string[] YearTexts = [.. Enumerable.Range(0, 200).Select(i => (1900 + i).ToString(CultureInfo.InvariantCulture))];

    /// <summary>
    /// Generates <paramref name="count"/> installations, in memory (built on every core). Same count, seed and horizon:
    /// the same installations, values and order. Their keys are "INST-000001", …; the n-th installation is the same
    /// whatever the count.
    /// </summary>
    public static IReadOnlyList<GeneratedInstallation> Generate(int count, int seed = 6, DateOnly? horizon = null)
    {
        var world = new World(seed, horizon ?? DefaultHorizon);
        var list = new GeneratedInstallation[count];
        Parallel.For(0, count, i => list[i] = world.Build(i));
        return list;
    }

    /// <summary>
    /// The same installations as <see cref="Generate"/>, built one at a time as they are enumerated: for exports of
    /// registers too large to hold (150,000 installations hold about 400 MB).
    /// </summary>
    public static IEnumerable<GeneratedInstallation> Stream(int count, int seed = 6, DateOnly? horizon = null)
    {
        var world = new World(seed, horizon ?? DefaultHorizon);
        for (var i = 0; i < count; i++) yield return world.Build(i);
    }

    /// <summary>What every installation draws on: the demo communes, the seed, the horizon.</summary>
    private sealed class World
    {
        private readonly DemoPlace[] _places, _rural, _notMetropolis;
        private readonly IReadOnlyDictionary<string, (string Name, int Pop)> _departements;
        private readonly int _seed;
        private readonly DateOnly _horizon;
        private readonly ulong _eicOffset;

        public World(int seed, DateOnly horizon)
        {
            var world = DemoWorld.Load();
            _places = [.. world.Places];
            _rural = [.. _places.Where(p => p.Pop < 150_000)];
            _notMetropolis = [.. _places.Where(p => p.Pop < 400_000)];
            _departements = world.Departements;
            _seed = seed;
            _horizon = horizon;
            _eicOffset = Mix(seed, -1) % EicSpace;
        }

        /// <summary>
        /// The n-th installation, from its own generator seeded by (seed, n): the register does not depend on the order
        /// or the threads that build it.
        /// </summary>
        public GeneratedInstallation Build(int index)
        {
            var r = new Random((int)(Mix(_seed, index) & int.MaxValue));
            var kind = PickKind(r.NextDouble());
            var pool = kind switch { Kind.Wind or Kind.Hydro or Kind.Biomass or Kind.Geothermal => _rural, Kind.Ground => _notMetropolis, _ => _places };
            var place = pool[r.Next(pool.Length)];
            return new Builder(r, _horizon, index, place, _departements[place.Dep].Name, _eicOffset).Build(kind);
        }
    }

    /// <summary>SplitMix64 of a seed and an index: well-spread, stable numbers to seed per-item generators with.</summary>
    private static ulong Mix(int seed, long index)
    {
        var z = ((ulong)(uint)seed << 32 ^ (ulong)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static Kind PickKind(double u) => u switch
    {
        < 0.25 => Kind.Wind,
        < 0.6625 => Kind.Rooftop,
        < 0.7725 => Kind.Ground,
        < 0.80 => Kind.Carport,
        < 0.92 => Kind.Methanisation,
        < 0.97 => Kind.Hydro,
        < 0.99 => Kind.Biomass,
        _ => Kind.Geothermal,
    };

    private const ulong EicSpace = 4738381338321616896UL; // 36^12: the twelve characters after "17W"

    /// <summary>
    /// A unique EIC code for the n-th installation: "17W", twelve characters from a bijection of n over 36^12 (so no two
    /// installations share one), and the check character of the EIC algorithm.
    /// </summary>
    internal static string Eic(int n, ulong offset)
    {
        const ulong step = 1_000_000_007UL; // prime, so neither 2 nor 3 divides it: n → offset + n·step is one-to-one modulo 36^12
        var id = (ulong)(((UInt128)offset + (UInt128)(ulong)n * step) % EicSpace);
        Span<char> code = stackalloc char[16];
        "17W".CopyTo(code);
        for (var i = 14; i >= 3; i--) { code[i] = Base36((int)(id % 36)); id /= 36; }
        var sum = 0;
        for (var i = 0; i < 15; i++) sum += (16 - i) * Value36(code[i]);
        var check = 36 - sum % 37;
        code[15] = check == 36 ? '-' : Base36(check);
        return new string(code);

        static char Base36(int v) => (char)(v < 10 ? '0' + v : 'A' + v - 10);
        static int Value36(char c) => c is >= '0' and <= '9' ? c - '0' : c - 'A' + 10;
    }

    /// <summary>A number as Table Schema text: invariant, at most <paramref name="decimals"/> decimals, never an exponent.</summary>
    private static string Num(double v, int decimals = 3)
    {
        var rounded = Math.Round(v, decimals);
        if (rounded == 0) return "0";
        // The shortest round-trip form is exact and fast, but turns to an exponent below 1E-4.
        return Math.Abs(rounded) >= 1e-4 && Math.Abs(rounded) < 1e15
            ? rounded.ToString(CultureInfo.InvariantCulture)
            : rounded.ToString("0.##########", CultureInfo.InvariantCulture);
    }
    /// <summary>yyyy-MM-dd, written directly (the general formatter parses its pattern on every call).</summary>
    private static string Date(DateOnly d) => string.Create(10, d, static (span, date) =>
    {
        date.Year.TryFormat(span, out _, "0000", CultureInfo.InvariantCulture);
        span[4] = '-';
        span[5] = (char)('0' + date.Month / 10); span[6] = (char)('0' + date.Month % 10);
        span[7] = '-';
        span[8] = (char)('0' + date.Day / 10); span[9] = (char)('0' + date.Day % 10);
    });

    /// <summary>One installation's story, drawn forward from its project date, cut at the horizon.</summary>
    private sealed class Builder(Random r, DateOnly horizon, int index, DemoPlace place, string departement, ulong eicOffset)
    {
        private readonly List<(DateOnly Date, int Seq, string Source, (string, string?)[] Values)> _changes = [];
        private readonly List<(DateOnly Date, int Seq, GeneratedEvent Event)> _events = [];
        private int _seq;

        private void Change(DateOnly date, string source, params (string, string?)[] values) => _changes.Add((date, _seq++, source, values));
        private void Event(DateOnly date, string type, params (string, string?)[] fields) =>
            _events.Add((date, _seq++, new GeneratedEvent(type, date, fields.Length == 0 ? FieldValues.Empty : new FieldValues(fields))));

        private DateOnly After(DateOnly d, int minDays, int maxDays) => d.AddDays(r.Next(minDays, maxDays + 1));
        private double U(double a, double b) => a + r.NextDouble() * (b - a);
        private string Operator() => Operators[r.Next(Operators.Length)];

        public GeneratedInstallation Build(Kind kind)
        {
            var key = "INST-" + (index + 1).ToString("000000", CultureInfo.InvariantCulture);
            var lat = Math.Round(place.Lat + U(-0.05, 0.05), 5);
            var lon = Math.Round(place.Lon + U(-0.07, 0.07), 5);
            var number = (index + 1).ToString(CultureInfo.InvariantCulture);
            var (name, filiere, technology, fuel) = kind switch
            {
                Kind.Wind => ($"Parc éolien {Places[r.Next(Places.Length)]} {number}", "eolien", "eolien_terrestre", null),
                Kind.Rooftop => ($"Toiture photovoltaïque {place.Name} {number}", "solaire", "photovoltaique_toiture", null),
                Kind.Ground => ($"Centrale solaire {Places[r.Next(Places.Length)]} {number}", "solaire", "photovoltaique_sol", null),
                Kind.Carport => ($"Ombrières photovoltaïques {place.Name} {number}", "solaire", "photovoltaique_ombriere", null),
                Kind.Methanisation => MethanisationKind(number),
                Kind.Hydro => ($"Microcentrale {Places[r.Next(Places.Length)]} {number}", "hydraulique",
                    r.NextDouble() switch { < 0.7 => "hydraulique_fil_eau", < 0.9 => "hydraulique_eclusee", _ => "hydraulique_lac" }, null),
                Kind.Biomass => ($"Centrale biomasse {Places[r.Next(Places.Length)]} {number}", "biomasse", "biomasse_solide", "Bois-énergie"),
                _ => ($"Centrale géothermique {place.Name} {number}", "geothermie", "geothermie", (string?)null),
            };
            var owner = kind == Kind.Methanisation ? $"GAEC {Farms[r.Next(Farms.Length)]}" : Operator();
            // Projects start early enough for the first commissionings to fall around 2005.
            var start = kind switch { Kind.Wind => new DateOnly(2001, 6, 1), Kind.Rooftop => new DateOnly(2004, 3, 1), _ => new DateOnly(2002, 6, 1) };
            var project = After(start, 0, horizon.DayNumber - start.DayNumber - 30);

            // The project: where, what, who.
            (string, string?)[] identity =
            [
                ("nom_installation", name), ("code_insee_commune", place.Insee), ("commune", place.Name),
                ("code_epci", place.Epci), ("epci", place.Epci is { } e && EpciNames.TryGetValue(e, out var en) ? en : null),
                ("code_departement", place.Dep), ("departement", departement),
                ("code_region", place.Region), ("region", RegionNames.GetValueOrDefault(place.Region)),
                ("filiere", filiere), ("technologie", technology), ("combustible", fuel),
                ("exploitant", owner), ("latitude", Num(lat, 5)), ("longitude", Num(lon, 5)),
            ];

            if (kind == Kind.Wind) Wind(project, identity, owner);
            else if (kind == Kind.Rooftop) Rooftop(project, identity, owner);
            else Permitted(kind, project, identity, owner);
            return Finish(key, kind);
        }

        private (string, string, string, string?) MethanisationKind(string number)
        {
            var u = r.NextDouble();
            var farm = Farms[r.Next(Farms.Length)];
            return u switch
            {
                < 0.7 => ($"Méthanisation agricole {farm} {number}", "methanisation", "methanisation_agricole", "Biogaz de méthanisation"),
                < 0.9 => ($"Unité de méthanisation territoriale {place.Name} {number}", "methanisation", "methanisation_territoriale", "Biogaz de méthanisation"),
                _ => ($"Méthanisation de la station d'épuration {place.Name} {number}", "methanisation", "methanisation_step", "Biogaz de station d'épuration"),
            };
        }

        // ---- wind: project → permit (refused, appealed) → construction → commissioning → extension, repowering,
        // change of operator, stop and dismantling.
        private void Wind(DateOnly project, (string, string?)[] identity, string owner)
        {
            var turbines = r.Next(0, 10) switch { < 2 => r.Next(3, 5), < 8 => r.Next(5, 9), _ => r.Next(9, 17) };
            var year = project.Year + 4;
            var unitKw = Math.Round(2000 + (year - 2005) * 80 + r.Next(-2, 3) * 100.0, 0);
            var hub = Math.Round(78 + (year - 2005) * 2.2 + U(-5, 5), 1);
            var rotor = Math.Round(80 + (year - 2005) * 3.0 + U(-6, 6), 1);
            var power = Math.Clamp(turbines * unitKw, 6000, 60000);
            Change(project, "saisie", [.. identity,
                ("puissance_max_installee_kw", Num(power)), ("nombre_eoliennes", turbines.ToString(CultureInfo.InvariantCulture)),
                ("hauteur_mat_m", Num(hub)), ("diametre_rotor_m", Num(rotor)), ("hauteur_totale_m", Num(Math.Round(hub + rotor / 2, 1)))]);
            Event(project, "projet", ("puissance_prevue_kw", Num(power)), ("nombre_eoliennes", turbines.ToString(CultureInfo.InvariantCulture)),
                ("porteur", owner));

            var procedure = project.Year >= 2017 ? "autorisation_environnementale" : r.NextDouble() < 0.5 ? "autorisation_icpe" : "permis_construire";
            var filed = After(project, 180, 540);
            Change(filed, "dreal", ("procedure_type", procedure), ("etat_procedure", "en_instruction"), ("date_depot", Date(filed)), ("recours", "false"));
            Event(filed, "depot_permis", ("procedure_type", procedure), ("puissance_demandee_kw", Num(power)),
                ("nombre_eoliennes", turbines.ToString(CultureInfo.InvariantCulture)), ("hauteur_totale_m", Num(Math.Round(hub + rotor / 2, 1))));

            var decided = After(filed, 270, 720);
            var reference = $"AP-{decided.Year}-{r.Next(1, 999):000}";
            DateOnly goAhead;
            if (r.NextDouble() < 0.15)
            {
                Change(decided, "dreal", ("etat_procedure", "refuse"), ("date_decision", Date(decided)));
                Event(decided, "permis_refuse", ("reference_arrete", reference), ("motif", "Atteinte aux paysages et au patrimoine"));
                if (r.NextDouble() >= 0.4) return;
                // The developer appeals; half the refusals are annulled and the prefect grants the permit.
                var appealed = After(decided, 30, 60);
                var judged = After(appealed, 365, 900);
                var annulled = r.NextDouble() < 0.5;
                Change(appealed, "dreal", ("recours", "true"));
                Event(appealed, "recours", ("juridiction", "tribunal_administratif"), ("requerant", "porteur_projet"),
                    ("issue", judged > horizon ? "en_cours" : annulled ? "annulation" : "rejete"), ("date_jugement", judged > horizon ? null : Date(judged)));
                if (!annulled) return;
                var granted = After(judged, 60, 180);
                Change(granted, "dreal", ("etat_procedure", "autorise"), ("date_decision", Date(granted)));
                Event(granted, "permis_accorde", ("reference_arrete", $"AP-{granted.Year}-{r.Next(1, 999):000}"), ("puissance_autorisee_kw", Num(power)));
                goAhead = granted;
            }
            else
            {
                Change(decided, "dreal", ("etat_procedure", "autorise"), ("date_decision", Date(decided)));
                Event(decided, "permis_accorde", ("reference_arrete", reference), ("puissance_autorisee_kw", Num(power)));
                goAhead = decided;
                if (r.NextDouble() < 0.25)
                {
                    // Neighbours or an association appeal; most appeals are rejected, some permits are annulled.
                    var appealed = After(decided, 20, 60);
                    var judged = After(appealed, 365, 1100);
                    var annulled = r.NextDouble() < 0.2;
                    Change(appealed, "dreal", ("recours", "true"));
                    Event(appealed, "recours", ("juridiction", r.NextDouble() < 0.8 ? "tribunal_administratif" : "cour_administrative_appel"),
                        ("requerant", r.NextDouble() < 0.6 ? "association" : "riverains"),
                        ("issue", judged > horizon ? "en_cours" : annulled ? "annulation" : "rejete"), ("date_jugement", judged > horizon ? null : Date(judged)));
                    if (annulled)
                    {
                        Change(judged, "dreal", ("etat_procedure", "annule"));
                        var abandoned = After(judged, 60, 365);
                        Change(abandoned, "dreal", ("etat_procedure", "abandonne"));
                        Event(abandoned, "abandon", ("motif", "Autorisation annulée par le juge administratif"));
                        return;
                    }
                    goAhead = judged;
                }
            }

            var works = After(goAhead, 90, 365);
            Change(works, "dreal", ("date_debut_travaux", Date(works)));
            Event(works, "debut_travaux");
            var commissioned = After(works, 240, 480);
            power = Math.Round(power * (r.NextDouble() < 0.8 ? 1 : U(0.9, 1.0)), 0);
            Commission(commissioned, power, power > 12000 ? "RTE" : "Enedis",
                commissioned.Year >= 2017 ? "complement_remuneration" : r.NextDouble() < 0.9 ? "obligation_achat" : "marche");

            // After commissioning: extension, change of operator, repowering after 15 years, or a stop.
            var life = horizon;
            DateOnly? repowered = null;
            if (r.NextDouble() < 0.5 && commissioned.AddYears(15) < horizon) repowered = After(commissioned, 15 * 365, 20 * 365);
            DateOnly? stopped = null;
            if (repowered is null && r.NextDouble() < 0.04) stopped = After(commissioned, 8 * 365, 20 * 365);
            if (stopped is { } s0) life = s0 < life ? s0 : life;
            if (repowered is { } p0) life = p0 < life ? p0 : life;

            if (r.NextDouble() < 0.10)
            {
                var extended = After(commissioned, 3 * 365, 10 * 365);
                if (extended < life)
                {
                    var added = r.Next(1, 5);
                    var addedKw = Math.Round(added * unitKw * 1.2, 0);
                    turbines += added;
                    power += addedKw;
                    Change(extended, "odre", ("puissance_max_installee_kw", Num(power)), ("nombre_eoliennes", turbines.ToString(CultureInfo.InvariantCulture)));
                    Event(extended, "extension", ("puissance_ajoutee_kw", Num(addedKw)), ("nombre_eoliennes_ajoutees", added.ToString(CultureInfo.InvariantCulture)));
                }
            }
            if (r.NextDouble() < 0.20)
            {
                var sold = After(commissioned, 2 * 365, 12 * 365);
                if (sold < life) ChangeOperator(sold, owner);
            }
            if (repowered is { } rp)
            {
                var newTurbines = Math.Max(3, (int)Math.Round(turbines * 0.7));
                var newPower = Math.Round(newTurbines * U(3400, 4500) / 10, 0) * 10;
                var newHub = Math.Round(U(110, 125), 1);
                var newRotor = Math.Round(U(130, 150), 1);
                Change(rp, "odre", ("puissance_max_installee_kw", Num(newPower)), ("nombre_eoliennes", newTurbines.ToString(CultureInfo.InvariantCulture)),
                    ("hauteur_mat_m", Num(newHub)), ("diametre_rotor_m", Num(newRotor)), ("hauteur_totale_m", Num(Math.Round(newHub + newRotor / 2, 1))));
                Event(rp, "renouvellement", ("puissance_avant_kw", Num(power)), ("puissance_apres_kw", Num(newPower)),
                    ("nombre_eoliennes", newTurbines.ToString(CultureInfo.InvariantCulture)), ("hauteur_mat_m", Num(newHub)), ("diametre_rotor_m", Num(newRotor)));
            }
            if (stopped is { } st) Stop(st, r.NextDouble() < 0.6, "Fin d'exploitation");
        }

        // ---- rooftop solar: no permit to follow, commissioned months after the project.
        private void Rooftop(DateOnly project, (string, string?)[] identity, string owner)
        {
            var power = r.NextDouble() switch
            {
                < 0.5 => Math.Round(U(9, 36), 1),
                < 0.8 => Math.Round(U(36.5, 100), 1),
                _ => Math.Round(U(100, 500), 0),
            };
            Change(project, "saisie", [.. identity, ("puissance_max_installee_kw", Num(power))]);
            Event(project, "projet", ("puissance_prevue_kw", Num(power)), ("porteur", owner));
            var commissioned = After(project, 90, 365);
            Commission(commissioned, power, "Enedis", power <= 36 && r.NextDouble() < 0.3 ? "autoconsommation" : r.NextDouble() < 0.95 ? "obligation_achat" : "marche");
            if (r.NextDouble() < 0.05) ChangeOperator(After(commissioned, 365, 10 * 365), owner);
            if (r.NextDouble() < 0.02) Stop(After(commissioned, 5 * 365, 15 * 365), r.NextDouble() < 0.5, "Réfection de la toiture");
        }

        // ---- ground and carport solar, methanisation, hydro, biomass, geothermal: permit, works, commissioning.
        private void Permitted(Kind kind, DateOnly project, (string, string?)[] identity, string owner)
        {
            var power = kind switch
            {
                Kind.Ground => Math.Round(U(1000, 50000), 0),
                Kind.Carport => Math.Round(U(100, 2000), 0),
                Kind.Methanisation => Math.Round(U(250, 2000), 0),
                Kind.Hydro => Math.Round(Math.Exp(U(Math.Log(100), Math.Log(10000))), 0),
                Kind.Biomass => Math.Round(U(1000, 20000), 0),
                _ => Math.Round(U(1000, 15000), 0),
            };
            Change(project, "saisie", [.. identity, ("puissance_max_installee_kw", Num(power))]);
            Event(project, "projet", ("puissance_prevue_kw", Num(power)), ("porteur", owner));
            var procedure = kind switch
            {
                Kind.Ground or Kind.Carport => "permis_construire",
                Kind.Methanisation => power > 500 ? "autorisation_icpe" : "declaration",
                _ => "autorisation_environnementale",
            };
            var filed = After(project, 90, 270);
            Change(filed, "saisie", ("procedure_type", procedure), ("etat_procedure", "en_instruction"), ("date_depot", Date(filed)));
            Event(filed, "depot_permis", ("procedure_type", procedure), ("puissance_demandee_kw", Num(power)));
            var decided = After(filed, 120, 300);
            var reference = $"PC-{decided.Year}-{r.Next(1, 9999):0000}";
            if (r.NextDouble() < 0.08)
            {
                Change(decided, "saisie", ("etat_procedure", "refuse"), ("date_decision", Date(decided)));
                Event(decided, "permis_refuse", ("reference_arrete", reference), ("motif", "Incompatibilité avec le document d'urbanisme"));
                return;
            }
            Change(decided, "saisie", ("etat_procedure", "autorise"), ("date_decision", Date(decided)));
            Event(decided, "permis_accorde", ("reference_arrete", reference), ("puissance_autorisee_kw", Num(power)));
            var works = After(decided, 90, 365);
            Change(works, "saisie", ("date_debut_travaux", Date(works)));
            Event(works, "debut_travaux");
            var commissioned = After(works, kind == Kind.Carport ? 60 : 120, kind is Kind.Hydro or Kind.Biomass ? 600 : 300);
            Commission(commissioned, power, power > 12000 ? "RTE" : "Enedis",
                kind is Kind.Ground && commissioned.Year >= 2017 ? "complement_remuneration" : r.NextDouble() < 0.93 ? "obligation_achat" : "marche");
            var stop = r.NextDouble() < 0.02 ? After(commissioned, 6 * 365, 18 * 365) : DateOnly.MaxValue;
            if (kind == Kind.Methanisation && r.NextDouble() < 0.15)
            {
                var extended = After(commissioned, 2 * 365, 8 * 365);
                if (extended < stop)
                {
                    var added = Math.Round(U(100, 500), 0);
                    power += added;
                    Change(extended, "odre", ("puissance_max_installee_kw", Num(power)));
                    Event(extended, "extension", ("puissance_ajoutee_kw", Num(added)));
                }
            }
            if (r.NextDouble() < 0.10)
            {
                var sold = After(commissioned, 365, 12 * 365);
                if (sold < stop) ChangeOperator(sold, owner);
            }
            if (stop != DateOnly.MaxValue) Stop(stop, r.NextDouble() < 0.5, "Fin d'exploitation");
        }

        private void Commission(DateOnly date, double power, string gestionnaire, string regime)
        {
            var connected = date.AddDays(-r.Next(0, 46));
            Change(date, "odre", ("date_raccordement", Date(connected)), ("date_mise_en_service", Date(date)),
                ("puissance_max_installee_kw", Num(power)), ("code_eic", power > 36 ? Eic(index, eicOffset) : null),
                ("gestionnaire", gestionnaire), ("regime", regime));
            Event(date, "mise_en_service", ("puissance_kw", Num(power)));
        }

        private void ChangeOperator(DateOnly date, string current)
        {
            var next = Operator();
            if (next == current) next = Operators[(Array.IndexOf(Operators, next) + 1) % Operators.Length];
            Change(date, "odre", ("exploitant", next));
            Event(date, "changement_exploitant", ("ancien_exploitant", current), ("nouvel_exploitant", next));
        }

        private void Stop(DateOnly date, bool dismantle, string reason)
        {
            Change(date, "odre", ("date_deraccordement", Date(date)));
            Event(date, "arret", ("motif", reason));
            if (dismantle)
            {
                var gone = After(date, 180, 540);
                Event(gone, "demantelement", ("remise_en_etat", "true"));
            }
        }

        /// <summary>Cuts the story at the horizon, merges same-day changes into one version, computes the yearly measures.</summary>
        private GeneratedInstallation Finish(string key, Kind kind)
        {
            _changes.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : a.Seq.CompareTo(b.Seq));
            _events.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : a.Seq.CompareTo(b.Seq));
            var versions = new List<GeneratedVersion>(_changes.Count);
            var pending = new List<(string, string?)>();
            for (var i = 0; i < _changes.Count; i++)
            {
                var (date, _, source, values) = _changes[i];
                if (date > horizon) break;
                if (i + 1 < _changes.Count && _changes[i + 1].Date == date)
                {
                    // Same-day changes make one version (the later value of a field wins).
                    foreach (var v in values)
                    {
                        var at = -1;
                        for (var k = 0; k < pending.Count && at < 0; k++) if (pending[k].Item1 == v.Item1) at = k;
                        if (at >= 0) pending[at] = v; else pending.Add(v);
                    }
                    continue;
                }
                if (pending.Count == 0)
                {
                    versions.Add(new GeneratedVersion(date, source, new FieldValues(values)));
                    continue;
                }
                foreach (var v in values)
                {
                    var at = -1;
                    for (var k = 0; k < pending.Count && at < 0; k++) if (pending[k].Item1 == v.Item1) at = k;
                    if (at >= 0) pending[at] = v; else pending.Add(v);
                }
                versions.Add(new GeneratedVersion(date, source, new FieldValues([.. pending])));
                pending.Clear();
            }
            var events = new List<GeneratedEvent>(_events.Count);
            foreach (var (date, _, e) in _events)
                if (date <= horizon) events.Add(e);

            var installation = new GeneratedInstallation(key, versions, events, []);
            return installation with { Measures = Measures(installation, kind) };
        }

        /// <summary>Production and injection of each whole calendar year in service, and the power on 31 December.</summary>
        private GeneratedMeasure[] Measures(GeneratedInstallation installation, Kind kind)
        {
            var start = installation.ValueOn("date_mise_en_service", horizon);
            if (start is null) return [];
            var first = DateOnly.ParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture).Year + 1;
            var stop = installation.ValueOn("date_deraccordement", horizon) is { } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.MaxValue;
            var last = horizon.Month == 12 && horizon.Day == 31 ? horizon.Year : horizon.Year - 1;
            if (stop != DateOnly.MaxValue) last = Math.Min(last, stop.Year - 1); // in service on 31 December only when stopped later
            if (last < first) return [];
            var capacity = kind switch
            {
                Kind.Wind => 0.23, Kind.Rooftop => 0.13, Kind.Ground => 0.145, Kind.Carport => 0.13, Kind.Methanisation => 0.85,
                Kind.Hydro => 0.35, Kind.Biomass => 0.7, _ => 0.75,
            };
            var measures = new GeneratedMeasure[(last - first + 1) * 3];
            var versions = installation.Versions;
            var next = 0;
            var power = 0.0;
            for (var year = first; year <= last; year++)
            {
                // The power in force on 31 December: the versions up to that day, read once in order.
                var end = new DateOnly(year, 12, 31);
                for (; next < versions.Count && versions[next].ValidFrom <= end; next++)
                    if (versions[next].Values.TryGetValue("puissance_max_installee_kw", out var p) && p is not null)
                        power = double.Parse(p, CultureInfo.InvariantCulture);
                var produced = Math.Round(power * 8.76 * capacity * U(0.85, 1.15), 3);
                var share = kind == Kind.Rooftop && power <= 36 ? U(0.5, 0.8) : kind == Kind.Methanisation ? U(0.9, 0.95) : U(0.97, 0.995);
                var period = YearTexts[year - 1900];
                var at = (year - first) * 3;
                measures[at] = new GeneratedMeasure("production_annuelle_mwh", period, produced);
                measures[at + 1] = new GeneratedMeasure("injection_annuelle_mwh", period, Math.Round(produced * share, 3));
                measures[at + 2] = new GeneratedMeasure("puissance_installee_kw", period, power);
            }
            return measures;
        }
    }

    /// <summary>
    /// A copy where a share of the commissioned installations (drawn from the seed and each installation's position) have
    /// other values: their power in every register version that sets it (+1 to +5 %) and their yearly production and
    /// injection (+2 to +10 %), so an export of the copy differs from the original's on those rows only. Lazy: it can
    /// follow <see cref="Stream"/>.
    /// </summary>
    public static IEnumerable<GeneratedInstallation> Perturb(IEnumerable<GeneratedInstallation> installations, double fraction, int seed)
    {
        var index = 0L;
        foreach (var installation in installations)
        {
            var draw = Mix(seed, index++);
            var commissioned = installation.Events.Any(e => e.Type == "mise_en_service");
            if (!commissioned || (draw >> 11) * (1.0 / (1UL << 53)) >= fraction) { yield return installation; continue; }
            var powerFactor = 1 + (int)(draw % 5 + 1) / 100.0;
            var energyFactor = 1 + (int)(draw / 5 % 9 + 2) / 100.0;
            var versions = installation.Versions.Select(v =>
            {
                if (!v.Values.TryGetValue("puissance_max_installee_kw", out var p) || p is null || v.Source != "odre") return v;
                var changed = Math.Round(double.Parse(p, CultureInfo.InvariantCulture) * powerFactor, 1);
                var pairs = v.Values.Select(kv => (kv.Key, kv.Key == "puissance_max_installee_kw" ? Num(changed) : kv.Value)).ToArray();
                return v with { Values = new FieldValues(pairs) };
            }).ToList();
            var measures = installation.Measures.Select(m => m.Measure == "puissance_installee_kw" ? m
                : m with { Value = Math.Round(m.Value * energyFactor, 3) }).ToList();
            yield return installation with { Versions = versions, Measures = measures };
        }
    }

    /// <summary>
    /// The ODRÉ register export (semicolon-separated, as the national register's CSV is) of the installations in service
    /// on <paramref name="asOf"/>, in their state on that day: powers in kW, energies of the last whole year before
    /// <paramref name="asOf"/> in kWh, dates dd/MM/yyyy, ODRÉ sector, technology and fuel codes with their labels.
    /// Returns the number of rows written.
    /// </summary>
    public static int WriteOdreCsv(IEnumerable<GeneratedInstallation> installations, DateOnly asOf, TextWriter writer)
    {
        string[] header =
        [
            "nomInstallation", "codeEICResourceObject", "codeIRIS", "codeINSEECommune", "commune", "codeEPCI", "EPCI",
            "codeDepartement", "departement", "codeRegion", "region", "dateRaccordement", "dateDeraccordement", "dateMiseEnservice",
            "dateDebutVersion", "codeFiliere", "filiere", "codeCombustible", "combustible", "codeTechnologie", "technologie",
            "puisMaxInstallee", "puisMaxRac", "nbGroupes", "nbInstallations", "regime", "codeGestionnaire", "gestionnaire",
            "energieAnnuelleGlissanteInjectee", "energieAnnuelleGlissanteProduite", "latitude", "longitude",
        ];
        var row = new string?[header.Length];
        WriteRow(writer, header, ';');
        var lastYear = asOf.Month == 12 && asOf.Day == 31 ? asOf.Year : asOf.Year - 1;
        var period = lastYear.ToString(CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var inst in installations)
        {
            if (!inst.InServiceOn(asOf)) continue;
            string? V(string field) => inst.ValueOn(field, asOf);
            var filiere = V("filiere")!;
            var technology = V("technologie");
            var fuel = V("combustible");
            var (filiereCode, filiereLabel) = FiliereCodes[filiere];
            var (techCode, techLabel) = technology is not null && TechnologyCodes.TryGetValue(technology, out var t) ? t : ("", "");
            var power = V("puissance_max_installee_kw");
            var injected = inst.Measure("injection_annuelle_mwh", period);
            var produced = inst.Measure("production_annuelle_mwh", period);
            var version = DateOnly.MinValue;
            foreach (var v in inst.Versions) if (v.ValidFrom <= asOf) version = v.ValidFrom;
            var gestionnaire = V("gestionnaire");
            row[0] = V("nom_installation"); row[1] = V("code_eic"); row[2] = null; row[3] = V("code_insee_commune");
            row[4] = V("commune"); row[5] = V("code_epci"); row[6] = V("epci"); row[7] = V("code_departement");
            row[8] = V("departement"); row[9] = V("code_region"); row[10] = V("region");
            row[11] = FrenchDate(V("date_raccordement")); row[12] = FrenchDate(V("date_deraccordement"));
            row[13] = FrenchDate(V("date_mise_en_service")); row[14] = version.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            row[15] = filiereCode; row[16] = filiereLabel;
            row[17] = fuel is not null ? FuelCodes.GetValueOrDefault(fuel) : null; row[18] = fuel;
            row[19] = techCode; row[20] = techLabel;
            row[21] = power; row[22] = power; row[23] = V("nombre_eoliennes") ?? "1"; row[24] = "1";
            row[25] = "En service";
            row[26] = gestionnaire == "RTE" ? "RTE" : "ENEDIS"; row[27] = gestionnaire;
            row[28] = injected is { } i ? Num(i * 1000) : null;
            row[29] = produced is { } p ? Num(p * 1000) : null;
            row[30] = V("latitude"); row[31] = V("longitude");
            WriteRow(writer, row, ';');
            count++;
        }
        return count;
    }

    /// <summary>
    /// A DREAL wind permit spreadsheet in the COVADIS style (semicolon-separated, decimal commas, dates dd/MM/yyyy,
    /// power in MW, O/N flags, X/Y in WGS 84): every wind farm whose permit application was filed by
    /// <paramref name="asOf"/>, in its state on that day. Returns the number of rows written.
    /// </summary>
    public static int WriteDrealCsv(IEnumerable<GeneratedInstallation> installations, DateOnly asOf, TextWriter writer)
    {
        string[] header =
        [
            "ID_DREAL", "NOM_PROJET", "DEMANDEUR", "INSEE_COM", "NOM_COM", "PUISS_MW", "NB_EOL", "H_MAT", "D_ROTOR", "H_TOT",
            "TYPE_PROC", "ETAT_PROC", "DATE_DEPOT", "DATE_DECIS", "RECOURS", "DATE_TRAV", "DATE_MES", "EN_SERVICE", "X", "Y",
        ];
        var row = new string?[header.Length];
        WriteRow(writer, header, ';');
        var count = 0;
        foreach (var inst in installations)
        {
            if (inst.Filiere != "eolien") continue;
            var filed = inst.ValueOn("date_depot", asOf);
            if (filed is null) continue;
            string? V(string field) => inst.ValueOn(field, asOf);
            var power = V("puissance_max_installee_kw");
            row[0] = $"EOL-{V("code_departement")}-{inst.Key[5..]}";
            row[1] = V("nom_installation"); row[2] = V("exploitant"); row[3] = V("code_insee_commune"); row[4] = V("commune");
            row[5] = power is null ? null : Comma(Num(double.Parse(power, CultureInfo.InvariantCulture) / 1000, 4));
            row[6] = V("nombre_eoliennes"); row[7] = Comma(V("hauteur_mat_m")); row[8] = Comma(V("diametre_rotor_m"));
            row[9] = Comma(V("hauteur_totale_m"));
            row[10] = V("procedure_type") is { } proc ? ProcedureCodes[proc] : null;
            row[11] = V("etat_procedure") is { } state ? StateCodes[state] : null;
            row[12] = FrenchDate(filed); row[13] = FrenchDate(V("date_decision"));
            row[14] = V("recours") switch { "true" => "O", "false" => "N", _ => null };
            row[15] = FrenchDate(V("date_debut_travaux")); row[16] = FrenchDate(V("date_mise_en_service"));
            row[17] = inst.InServiceOn(asOf) ? "O" : "N";
            row[18] = Comma(V("longitude")); row[19] = Comma(V("latitude"));
            WriteRow(writer, row, ';');
            count++;
        }
        return count;
    }

    /// <summary>An ISO date (as the values hold them) as dd/MM/yyyy, by moving its characters.</summary>
    private static string? FrenchDate(string? iso) => iso is not { Length: 10 } ? iso : string.Create(10, iso, static (span, d) =>
    {
        span[0] = d[8]; span[1] = d[9]; span[2] = '/'; span[3] = d[5]; span[4] = d[6]; span[5] = '/';
        d.AsSpan(0, 4).CopyTo(span[6..]);
    });

    private static string? Comma(string? number) => number?.Replace('.', ',');

    private static void WriteRow(TextWriter writer, IReadOnlyList<string?> cells, char delimiter)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) writer.Write(delimiter);
            var c = cells[i];
            if (string.IsNullOrEmpty(c)) continue;
            if (c.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) < 0) { writer.Write(c); continue; }
            writer.Write('"');
            writer.Write(c.Replace("\"", "\"\""));
            writer.Write('"');
        }
        writer.Write("\r\n");
    }
}
