using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Bench;

/// <summary>
/// Generated catalogue for the search benchmark: organisations and published datasets about environmental health
/// (GD4H profile), as a catalogue of the kind would hold them. Dataset <c>i</c> depends only on the seed and
/// <c>i</c> (its own <see cref="Random"/>), so a catalogue of 10,000 datasets is the first 10,000 of the 100,000 one.
/// Each dataset follows a theme (air quality, drinking water, noise, polluted soils…) that fixes its GD4H
/// qualification and the words of its title, description, keywords and parameters; weights make broad queries
/// ("qualité de l'air", "nitrates eau potable") match thousands of datasets and rare ones ("légionelles") dozens.
/// </summary>
internal static class CatalogData
{
    public const int DefaultSeed = 20240917;

    /// <summary>Base instant of the generated dates (fixed: the data does not depend on the day it is loaded).</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 12, 31, 12, 0, 0, TimeSpan.Zero);

    public sealed record Org(string Slug, string Name, string? Acronym, string Type, string ProducerType, string? Region);

    public static readonly Org[] Organizations =
    [
        new("airparif", "Airparif", null, OrganizationTypes.Association, "non-profit", "11"),
        new("atmo-occitanie", "Atmo Occitanie", null, OrganizationTypes.Association, "non-profit", "76"),
        new("atmo-auvergne-rhone-alpes", "Atmo Auvergne-Rhône-Alpes", null, OrganizationTypes.Association, "non-profit", "84"),
        new("atmosud", "AtmoSud", null, OrganizationTypes.Association, "non-profit", "93"),
        new("atmo-grand-est", "Atmo Grand Est", null, OrganizationTypes.Association, "non-profit", "44"),
        new("atmo-hauts-de-france", "Atmo Hauts-de-France", null, OrganizationTypes.Association, "non-profit", "32"),
        new("atmo-nouvelle-aquitaine", "Atmo Nouvelle-Aquitaine", null, OrganizationTypes.Association, "non-profit", "75"),
        new("air-breizh", "Air Breizh", null, OrganizationTypes.Association, "non-profit", "53"),
        new("agence-eau-adour-garonne", "Agence de l'eau Adour-Garonne", "AEAG", OrganizationTypes.PublicService, "national", "76"),
        new("agence-eau-seine-normandie", "Agence de l'eau Seine-Normandie", "AESN", OrganizationTypes.PublicService, "national", "11"),
        new("agence-eau-loire-bretagne", "Agence de l'eau Loire-Bretagne", "AELB", OrganizationTypes.PublicService, "national", "24"),
        new("agence-eau-rmc", "Agence de l'eau Rhône Méditerranée Corse", "AERMC", OrganizationTypes.PublicService, "national", "84"),
        new("ars-ile-de-france", "Agence régionale de santé Île-de-France", "ARS IDF", OrganizationTypes.PublicService, "regional", "11"),
        new("ars-occitanie", "Agence régionale de santé Occitanie", "ARS Occitanie", OrganizationTypes.PublicService, "regional", "76"),
        new("ars-bretagne", "Agence régionale de santé Bretagne", "ARS Bretagne", OrganizationTypes.PublicService, "regional", "53"),
        new("brgm", "Bureau de recherches géologiques et minières", "BRGM", OrganizationTypes.PublicService, "national", null),
        new("ineris", "Institut national de l'environnement industriel et des risques", "Ineris", OrganizationTypes.PublicService, "national", null),
        new("sante-publique-france", "Santé publique France", "SpF", OrganizationTypes.PublicService, "national", null),
        new("anses", "Agence nationale de sécurité sanitaire de l'alimentation, de l'environnement et du travail", "Anses", OrganizationTypes.PublicService, "national", null),
        new("meteo-france", "Météo-France", null, OrganizationTypes.PublicService, "national", null),
        new("cerema", "Cerema", null, OrganizationTypes.PublicService, "national", null),
        new("ign", "Institut national de l'information géographique et forestière", "IGN", OrganizationTypes.PublicService, "national", null),
        new("ofb", "Office français de la biodiversité", "OFB", OrganizationTypes.PublicService, "national", null),
        new("ademe", "Agence de la transition écologique", "ADEME", OrganizationTypes.PublicService, "national", null),
        new("bruitparif", "Bruitparif", null, OrganizationTypes.Association, "non-profit", "11"),
        new("irsn", "Autorité de sûreté nucléaire et de radioprotection", "ASNR", OrganizationTypes.PublicService, "national", null),
        new("inrae", "Institut national de recherche pour l'agriculture, l'alimentation et l'environnement", "INRAE", OrganizationTypes.PublicService, "research", null),
        new("ville-de-paris", "Ville de Paris", null, OrganizationTypes.LocalAuthority, "local", "11"),
        new("toulouse-metropole", "Toulouse Métropole", null, OrganizationTypes.LocalAuthority, "local", "76"),
        new("metropole-de-lyon", "Métropole de Lyon", null, OrganizationTypes.LocalAuthority, "local", "84"),
        new("eurometropole-strasbourg", "Eurométropole de Strasbourg", null, OrganizationTypes.LocalAuthority, "local", "44"),
        new("ministere-transition-ecologique", "Ministère de la Transition écologique", "MTE", OrganizationTypes.PublicService, "national", null),
    ];

    private sealed record Place(string Code, string Name, string Region);

    private static readonly Place[] Regions =
    [
        new("fr:region:11", "Île-de-France", "11"), new("fr:region:24", "Centre-Val de Loire", "24"),
        new("fr:region:27", "Bourgogne-Franche-Comté", "27"), new("fr:region:28", "Normandie", "28"),
        new("fr:region:32", "Hauts-de-France", "32"), new("fr:region:44", "Grand Est", "44"),
        new("fr:region:52", "Pays de la Loire", "52"), new("fr:region:53", "Bretagne", "53"),
        new("fr:region:75", "Nouvelle-Aquitaine", "75"), new("fr:region:76", "Occitanie", "76"),
        new("fr:region:84", "Auvergne-Rhône-Alpes", "84"), new("fr:region:93", "Provence-Alpes-Côte d'Azur", "93"),
        new("fr:region:94", "Corse", "94"),
    ];

    private static readonly Place[] Departements =
    [
        new("fr:departement:75", "Paris", "11"), new("fr:departement:92", "Hauts-de-Seine", "11"),
        new("fr:departement:93", "Seine-Saint-Denis", "11"), new("fr:departement:94", "Val-de-Marne", "11"),
        new("fr:departement:37", "Indre-et-Loire", "24"), new("fr:departement:45", "Loiret", "24"),
        new("fr:departement:21", "Côte-d'Or", "27"), new("fr:departement:25", "Doubs", "27"),
        new("fr:departement:14", "Calvados", "28"), new("fr:departement:76", "Seine-Maritime", "28"),
        new("fr:departement:59", "Nord", "32"), new("fr:departement:62", "Pas-de-Calais", "32"), new("fr:departement:80", "Somme", "32"),
        new("fr:departement:51", "Marne", "44"), new("fr:departement:57", "Moselle", "44"),
        new("fr:departement:67", "Bas-Rhin", "44"), new("fr:departement:68", "Haut-Rhin", "44"),
        new("fr:departement:44", "Loire-Atlantique", "52"), new("fr:departement:49", "Maine-et-Loire", "52"), new("fr:departement:72", "Sarthe", "52"),
        new("fr:departement:22", "Côtes-d'Armor", "53"), new("fr:departement:29", "Finistère", "53"),
        new("fr:departement:35", "Ille-et-Vilaine", "53"), new("fr:departement:56", "Morbihan", "53"),
        new("fr:departement:33", "Gironde", "75"), new("fr:departement:64", "Pyrénées-Atlantiques", "75"), new("fr:departement:87", "Haute-Vienne", "75"),
        new("fr:departement:30", "Gard", "76"), new("fr:departement:31", "Haute-Garonne", "76"),
        new("fr:departement:34", "Hérault", "76"), new("fr:departement:66", "Pyrénées-Orientales", "76"),
        new("fr:departement:38", "Isère", "84"), new("fr:departement:63", "Puy-de-Dôme", "84"),
        new("fr:departement:69", "Rhône", "84"), new("fr:departement:74", "Haute-Savoie", "84"),
        new("fr:departement:06", "Alpes-Maritimes", "93"), new("fr:departement:13", "Bouches-du-Rhône", "93"), new("fr:departement:83", "Var", "93"),
        new("fr:departement:2A", "Corse-du-Sud", "94"), new("fr:departement:2B", "Haute-Corse", "94"),
    ];

    private static readonly Place[] Communes =
    [
        new("fr:commune:75056", "Paris", "11"), new("fr:commune:13055", "Marseille", "93"), new("fr:commune:69123", "Lyon", "84"),
        new("fr:commune:31555", "Toulouse", "76"), new("fr:commune:06088", "Nice", "93"), new("fr:commune:44109", "Nantes", "52"),
        new("fr:commune:34172", "Montpellier", "76"), new("fr:commune:67482", "Strasbourg", "44"), new("fr:commune:33063", "Bordeaux", "75"),
        new("fr:commune:59350", "Lille", "32"), new("fr:commune:35238", "Rennes", "53"), new("fr:commune:51454", "Reims", "44"),
        new("fr:commune:83137", "Toulon", "93"), new("fr:commune:42218", "Saint-Étienne", "84"), new("fr:commune:76351", "Le Havre", "28"),
        new("fr:commune:38185", "Grenoble", "84"), new("fr:commune:21231", "Dijon", "27"), new("fr:commune:49007", "Angers", "52"),
        new("fr:commune:30189", "Nîmes", "76"), new("fr:commune:69266", "Villeurbanne", "84"), new("fr:commune:63113", "Clermont-Ferrand", "84"),
        new("fr:commune:72181", "Le Mans", "52"), new("fr:commune:13001", "Aix-en-Provence", "93"), new("fr:commune:29019", "Brest", "53"),
        new("fr:commune:37261", "Tours", "24"), new("fr:commune:80021", "Amiens", "32"), new("fr:commune:87085", "Limoges", "75"),
        new("fr:commune:74010", "Annecy", "84"), new("fr:commune:66136", "Perpignan", "76"), new("fr:commune:57463", "Metz", "44"),
        new("fr:commune:2A004", "Ajaccio", "94"), new("fr:commune:64445", "Pau", "75"), new("fr:commune:14118", "Caen", "28"),
    ];

    /// <summary>A family of datasets: its GD4H qualification and the words its texts are made of.</summary>
    private sealed record Theme(
        string Id, int Weight, string[] Environment, string[] Nature, string[] Exposure, string[] Inspire, string[] GeoLevel,
        string[] Parameters, string[] TitlesFr, string[] TitlesEn, string[] TextFr, string[] TextEn, string[] Keywords, string[] Frequencies,
        string[] Organizations);

    // Placeholders in titles and sentences: {p} a parameter, {place} the territory's name, {y} a year, {n} a number.
    private static readonly Theme[] Themes =
    [
        new("air-mesures", 5, ["air"], ["mesures"], ["chimique"], ["ac", "ef"], ["point", "commune"],
            ["PM10", "PM2,5", "NO2", "ozone", "SO2", "benzène", "monoxyde de carbone", "particules fines", "dioxyde d'azote", "métaux lourds"],
            ["Concentrations horaires de {p} aux stations de mesure — {place}", "Qualité de l'air : mesures de {p} à {place} ({y})",
             "Mesures de la qualité de l'air ambiant ({p}) — {place}", "Moyennes journalières de {p} mesurées à {place}",
             "Dépassements des seuils réglementaires de {p} — {place} {y}", "Réseau de surveillance de la qualité de l'air : {p} — {place}"],
            ["Hourly {p} concentrations at monitoring stations — {place}", "Air quality: {p} measurements in {place} ({y})",
             "Ambient air quality measurements ({p}) — {place}"],
            ["Les concentrations de {p} sont mesurées en continu par les stations du réseau de surveillance de la qualité de l'air de {place}.",
             "Les mesures sont validées selon le référentiel technique national avant publication ; les données des dernières heures restent provisoires.",
             "Chaque enregistrement donne le code de la station, sa typologie (urbaine, périurbaine, trafic, industrielle, rurale), le polluant, la valeur et l'unité (µg/m³).",
             "Le jeu couvre {n} stations de mesure depuis {y}.",
             "Les dépassements des valeurs limites et des seuils d'information et d'alerte sont signalés.",
             "La pollution atmosphérique est un déterminant majeur de la santé : ces données servent aux études d'exposition des populations.",
             "Les données sont produites par une association agréée de surveillance de la qualité de l'air (AASQA)."],
            ["{p} concentrations are measured continuously by the air quality monitoring network of {place}.",
             "Measurements are validated against the national technical guidelines before publication.",
             "Each record gives the station code, its type (urban, suburban, traffic, industrial, rural), the pollutant, the value and its unit (µg/m³).",
             "Air pollution is a major determinant of health: this data supports population exposure studies."],
            ["qualité de l'air", "pollution atmosphérique", "stations de mesure", "particules", "polluants", "air ambiant", "surveillance"],
            ["hourly", "daily", "continuous"], ["airparif", "atmo-occitanie", "atmo-auvergne-rhone-alpes", "atmosud", "atmo-grand-est", "atmo-hauts-de-france", "atmo-nouvelle-aquitaine", "air-breizh"]),
        new("air-modelisation", 3, ["air"], ["modelisation"], ["chimique"], ["ac", "gg"], ["maille", "commune"],
            ["NO2", "PM10", "PM2,5", "ozone", "indice ATMO"],
            ["Cartes de concentrations modélisées de {p} — {place} {y}", "Modélisation de la qualité de l'air à haute résolution ({p}) — {place}",
             "Indice ATMO de la qualité de l'air par commune — {place}", "Prévisions de la qualité de l'air ({p}) — {place}"],
            ["Modelled {p} concentration maps — {place} {y}", "Air quality forecasts ({p}) — {place}"],
            ["Les concentrations de {p} sont estimées par un modèle de dispersion sur une grille de {n} mètres couvrant {place}.",
             "La modélisation combine les émissions, la météorologie et les mesures des stations par assimilation de données.",
             "L'indice ATMO qualifie la qualité de l'air de chaque commune sur une échelle de six classes, de bon à extrêmement mauvais.",
             "Les cartes annuelles permettent d'estimer la population exposée à des dépassements des valeurs limites."],
            ["Concentrations of {p} are estimated by a dispersion model on a {n}-metre grid covering {place}.",
             "Annual maps help estimate the population exposed above the limit values."],
            ["qualité de l'air", "modélisation", "cartographie", "exposition", "prévision", "indice ATMO"],
            ["daily", "annual"], ["airparif", "atmo-occitanie", "atmo-auvergne-rhone-alpes", "atmosud", "ineris"]),
        new("pollens", 2, ["air"], ["mesures", "indicateur"], ["biologique"], ["ac"], ["point", "departement"],
            ["pollens de bouleau", "pollens de graminées", "ambroisie", "pollens de cyprès", "risque allergique"],
            ["Risque allergique d'exposition aux pollens ({p}) — {place}", "Comptes polliniques hebdomadaires — {place} {y}", "Surveillance de l'ambroisie — {place}"],
            ["Pollen allergy risk ({p}) — {place}", "Weekly pollen counts — {place} {y}"],
            ["Les capteurs de pollens du réseau national de surveillance aérobiologique relèvent chaque semaine les grains de {p}.",
             "Le risque allergique d'exposition aux pollens est évalué de 0 (nul) à 5 (très élevé).",
             "L'ambroisie est une plante invasive dont le pollen est très allergisant ; les signalements sont géolocalisés."],
            ["Pollen traps of the national aerobiological network count {p} grains every week."],
            ["pollens", "allergies", "allergènes", "ambroisie", "santé respiratoire"],
            ["weekly", "daily"], ["atmo-auvergne-rhone-alpes", "ars-occitanie", "sante-publique-france"]),
        new("eau-potable", 7, ["eau"], ["mesures"], ["chimique", "biologique"], ["us", "hh"], ["commune", "adresse"],
            ["nitrates", "pesticides", "chlorures", "plomb", "bactéries coliformes", "Escherichia coli", "arsenic", "fluorures", "sulfates", "turbidité", "chlorure de vinyle", "PFAS"],
            ["Contrôle sanitaire de l'eau potable : résultats d'analyses ({p}) — {place}", "Qualité de l'eau distribuée par unité de distribution — {place} {y}",
             "Teneurs en {p} des eaux destinées à la consommation humaine — {place}", "Conformité de l'eau du robinet ({p}) — {place}"],
            ["Drinking water monitoring: {p} analysis results — {place}", "Tap water quality by distribution unit — {place} {y}"],
            ["Les résultats du contrôle sanitaire des eaux destinées à la consommation humaine sont publiés par unité de distribution pour {place}.",
             "Chaque prélèvement donne les paramètres analysés ({p} notamment), les valeurs mesurées, les limites et références de qualité et la conclusion sanitaire.",
             "Les analyses sont réalisées par des laboratoires agréés par le ministère chargé de la santé.",
             "Les dépassements des limites de qualité font l'objet d'une information des abonnés et, si besoin, de restrictions d'usage.",
             "Le jeu de données compte environ {n} prélèvements par an.",
             "Les captages d'eau potable sont protégés par des périmètres de protection."],
            ["Results of the sanitary control of drinking water are published per distribution unit for {place}.",
             "Each sample lists the parameters analysed (including {p}), the measured values and the quality limits."],
            ["eau potable", "eau du robinet", "contrôle sanitaire", "captages", "qualité de l'eau", "analyses"],
            ["monthly", "quarterly", "annual"], ["ars-ile-de-france", "ars-occitanie", "ars-bretagne", "ministere-transition-ecologique"]),
        new("eau-milieux", 8, ["eau"], ["mesures", "inventaire"], ["chimique"], ["hy", "ef"], ["point", "departement"],
            ["nitrates", "phosphates", "glyphosate", "AMPA", "atrazine", "pesticides", "température de l'eau", "oxygène dissous", "micropolluants", "PFAS"],
            ["Qualité des eaux souterraines : {p} — {place}", "Qualité des cours d'eau : suivi de {p} — {place} {y}",
             "Réseau de surveillance des eaux de surface ({p}) — {place}", "Pollution diffuse par les {p} — bassin {place}", "Zones vulnérables aux nitrates — {place}"],
            ["Groundwater quality: {p} — {place}", "River quality monitoring: {p} — {place} {y}", "Nitrate vulnerable zones — {place}"],
            ["Les stations du réseau de contrôle de surveillance mesurent {p} dans les cours d'eau et les nappes de {place}.",
             "Les prélèvements sont analysés par des laboratoires agréés et bancarisés dans la base nationale Naïades ou ADES.",
             "Les concentrations en polluants d'origine agricole sont suivies pour délimiter les zones vulnérables.",
             "Les pesticides les plus quantifiés sont le glyphosate et son produit de dégradation, l'AMPA.",
             "Le jeu de données compte {n} points de prélèvement suivis depuis {y}.",
             "L'état chimique et l'état écologique des masses d'eau sont évalués au titre de la directive-cadre sur l'eau."],
            ["Monitoring stations measure {p} in rivers and aquifers of {place}.",
             "Chemical and ecological status of water bodies is assessed under the Water Framework Directive."],
            ["eaux souterraines", "eaux de surface", "cours d'eau", "nappes", "hydrologie", "directive-cadre sur l'eau", "qualité de l'eau"],
            ["quarterly", "annual", "irregular"], ["agence-eau-adour-garonne", "agence-eau-seine-normandie", "agence-eau-loire-bretagne", "agence-eau-rmc", "brgm", "ofb"]),
        new("baignade", 2, ["eau"], ["mesures"], ["biologique"], ["hh", "ps"], ["point"],
            ["Escherichia coli", "entérocoques intestinaux", "cyanobactéries"],
            ["Qualité des eaux de baignade — {place} {y}", "Contrôle sanitaire des sites de baignade ({p}) — {place}"],
            ["Bathing water quality — {place} {y}"],
            ["Les eaux de baignade en mer et en eau douce de {place} sont contrôlées pendant toute la saison balnéaire.",
             "Les analyses portent sur {p} ; le classement des sites va d'excellent à insuffisant."],
            ["Sea and freshwater bathing sites of {place} are monitored during the whole bathing season."],
            ["eaux de baignade", "plages", "baignade", "contrôle sanitaire"],
            ["weekly", "annual"], ["ars-ile-de-france", "ars-occitanie", "ars-bretagne"]),
        new("sols-pollues", 6, ["sols"], ["inventaire"], ["chimique"], ["pf", "so"], ["adresse", "commune"],
            ["hydrocarbures", "métaux lourds", "plomb", "cadmium", "arsenic", "HAP", "solvants chlorés", "PCB"],
            ["Inventaire des sites et sols pollués — {place}", "Anciens sites industriels et activités de service (CASIAS) — {place}",
             "Secteurs d'information sur les sols — {place} {y}", "Teneurs en {p} des sols — {place}"],
            ["Inventory of polluted sites and soils — {place}", "Soil {p} content — {place}"],
            ["L'inventaire recense les sites et sols pollués ou potentiellement pollués appelant une action des pouvoirs publics à {place}.",
             "Les anciens sites industriels sont issus de la carte des anciens sites industriels et activités de service.",
             "Pour chaque site : localisation, activité, polluants identifiés ({p}), état des investigations et mesures de gestion.",
             "Les secteurs d'information sur les sols (SIS) sont annexés aux documents d'urbanisme.",
             "Le jeu compte {n} sites."],
            ["The inventory lists polluted or potentially polluted sites of {place} requiring action by public authorities."],
            ["sites et sols pollués", "pollution des sols", "friches industrielles", "BASOL", "CASIAS", "géologie"],
            ["irregular", "annual"], ["brgm", "ministere-transition-ecologique", "ademe"]),
        new("pesticides", 5, ["alimentation", "sols", "eau"], ["indicateur", "inventaire"], ["chimique"], ["af", "lu"], ["commune", "departement"],
            ["glyphosate", "produits phytopharmaceutiques", "fongicides", "herbicides", "insecticides", "néonicotinoïdes"],
            ["Ventes de produits phytopharmaceutiques par code postal — {place} {y}", "Usages de pesticides agricoles ({p}) — {place}",
             "Indicateur de fréquence de traitement — {place}", "Achats de {p} par département — {y}"],
            ["Sales of plant protection products ({p}) — {place} {y}", "Agricultural pesticide use — {place}"],
            ["Les quantités de substances actives vendues ({p}) sont déclarées par les distributeurs au titre de la redevance pour pollutions diffuses.",
             "Les données sont agrégées par code postal de l'acheteur et par année.",
             "L'indicateur de fréquence de traitement mesure l'intensité d'usage des pesticides dans les exploitations agricoles.",
             "Ces données servent à estimer l'exposition des riverains des zones agricoles."],
            ["Quantities of active substances sold ({p}) are reported by distributors."],
            ["pesticides", "produits phytosanitaires", "agriculture", "exposition des riverains", "substances actives"],
            ["annual"], ["ofb", "inrae", "anses", "ministere-transition-ecologique"]),
        new("bruit", 7, ["cadre-de-vie"], ["zonage", "modelisation"], ["bruit"], ["tn", "am"], ["maille", "commune"],
            ["Lden", "Ln", "bruit routier", "bruit ferroviaire", "bruit aérien", "bruit industriel"],
            ["Cartes de bruit stratégiques ({p}) — {place}", "Exposition de la population au bruit des transports — {place} {y}",
             "Classement sonore des infrastructures de transport terrestre — {place}", "Plan de prévention du bruit dans l'environnement — {place}"],
            ["Strategic noise maps ({p}) — {place}", "Population exposure to transport noise — {place} {y}"],
            ["Les cartes de bruit stratégiques représentent les niveaux sonores {p} autour des grandes infrastructures de {place}.",
             "Elles sont établies au titre de la directive européenne 2002/49/CE sur le bruit dans l'environnement.",
             "Les indicateurs Lden et Ln décrivent le niveau sonore moyen sur 24 heures et la nuit, en dB(A).",
             "Le dénombrement de la population exposée au-delà des valeurs limites accompagne les cartes.",
             "Les nuisances sonores ont des effets sur le sommeil, le système cardiovasculaire et les apprentissages."],
            ["Strategic noise maps show {p} sound levels around the main infrastructures of {place}."],
            ["bruit", "nuisances sonores", "acoustique", "cartes de bruit", "transports"],
            ["quinquennial", "irregular"], ["bruitparif", "cerema", "ville-de-paris", "toulouse-metropole", "metropole-de-lyon"]),
        new("radon-rayonnements", 2, ["air", "sols"], ["zonage", "mesures"], ["rayonnements"], ["nz", "ge"], ["commune"],
            ["radon", "rayonnement gamma", "champs électromagnétiques", "ultraviolets"],
            ["Potentiel radon des communes — {place}", "Mesures de l'exposition aux champs électromagnétiques — {place} {y}", "Index UV — {place}"],
            ["Radon potential of municipalities — {place}", "Electromagnetic field exposure measurements — {place} {y}"],
            ["La cartographie du potentiel radon classe les communes de {place} en trois catégories selon la géologie.",
             "Le radon est un gaz radioactif naturel, deuxième cause de cancer du poumon après le tabac.",
             "Les mesures d'exposition aux ondes radioélectriques sont réalisées à proximité des antennes-relais."],
            ["Radon potential maps rank the municipalities of {place} in three classes based on geology."],
            ["radon", "radioactivité", "rayonnements", "ondes"],
            ["irregular", "punctual"], ["irsn", "brgm"]),
        new("chaleur", 6, ["cadre-de-vie"], ["teledetection", "modelisation"], ["physique", "cadre-de-vie"], ["mf", "lc"], ["maille", "iris"],
            ["température de surface", "îlots de chaleur urbains", "canicule", "indice de végétation NDVI", "vagues de chaleur"],
            ["Îlots de chaleur urbains — {place} {y}", "Températures de surface estivales issues d'images satellite — {place}",
             "Indicateurs de canicule et vagues de chaleur — {place}", "Végétation urbaine et espaces verts (NDVI) — {place}"],
            ["Urban heat islands — {place} {y}", "Summer land surface temperature from satellite imagery — {place}"],
            ["Les températures de surface sont calculées à partir d'images satellite Landsat et Sentinel acquises l'été {y}.",
             "Les îlots de chaleur urbains de {place} sont repérés à la maille de {n} mètres.",
             "Les vagues de chaleur augmentent la mortalité des personnes âgées ; ces données orientent les plans canicule.",
             "L'indice de végétation NDVI mesure la densité des espaces verts."],
            ["Land surface temperatures are derived from Landsat and Sentinel images acquired in summer {y}."],
            ["chaleur", "canicule", "climat", "espaces verts", "télédétection", "urbanisme"],
            ["annual", "punctual"], ["meteo-france", "cerema", "ign", "ville-de-paris", "toulouse-metropole", "eurometropole-strasbourg"]),
        new("alimentation", 6, ["alimentation"], ["enquete", "mesures"], ["chimique"], ["hh"], ["national", "region"],
            ["résidus de pesticides", "dioxines", "mercure", "cadmium", "mycotoxines", "additifs"],
            ["Contamination des denrées alimentaires par les {p} — {y}", "Étude de l'alimentation totale : {p}", "Plans de surveillance des contaminants ({p}) — {y}"],
            ["Food contamination by {p} — {y}", "Total diet study: {p}"],
            ["Les plans de surveillance mesurent les {p} dans les denrées alimentaires prélevées à la distribution.",
             "L'étude de l'alimentation totale estime l'exposition alimentaire de la population aux contaminants.",
             "Les consommations alimentaires proviennent de l'enquête individuelle nationale sur les consommations alimentaires."],
            ["Surveillance plans measure {p} in foodstuffs sampled at retail."],
            ["alimentation", "denrées alimentaires", "contaminants", "exposition alimentaire", "sécurité sanitaire des aliments"],
            ["annual", "irregular"], ["anses", "sante-publique-france", "inrae"]),
        new("socio-eco", 6, ["cadre-de-vie"], ["indicateur"], ["socio-economique"], ["su", "pd"], ["iris", "commune"],
            ["indice de défavorisation", "revenus", "logement", "densité de population", "accès aux soins"],
            ["Indice de défavorisation sociale par IRIS — {place} {y}", "Indicateurs socio-démographiques à la commune — {place}",
             "Inégalités environnementales de santé — {place}"],
            ["Social deprivation index by IRIS — {place} {y}", "Socio-demographic indicators by municipality — {place}"],
            ["L'indice de défavorisation combine le revenu médian, la part de bacheliers, d'ouvriers et de chômeurs.",
             "Croisé avec les expositions environnementales, il révèle des inégalités environnementales de santé à {place}.",
             "Les données sont diffusées à l'IRIS, le découpage infracommunal de l'Insee."],
            ["The deprivation index combines median income, education, occupation and unemployment."],
            ["inégalités", "défavorisation", "socio-économique", "démographie", "santé publique"],
            ["annual"], ["sante-publique-france", "ars-ile-de-france", "ars-occitanie"]),
        new("emissions", 3, ["air"], ["inventaire"], ["chimique", "professionnel"], ["pf", "ac"], ["adresse", "commune"],
            ["émissions de NOx", "émissions de particules", "COV", "dioxines", "ammoniac", "benzène"],
            ["Registre des émissions polluantes des installations classées — {place} {y}", "Inventaire des émissions de polluants atmosphériques ({p}) — {place}",
             "Installations classées pour la protection de l'environnement (ICPE) — {place}"],
            ["Pollutant release register of industrial facilities — {place} {y}", "Air pollutant emission inventory ({p}) — {place}"],
            ["Le registre recense les émissions déclarées chaque année par les installations classées de {place}.",
             "L'inventaire spatialisé des émissions ventile les {p} par secteur d'activité : industrie, transport, résidentiel, agriculture.",
             "Chaque établissement est localisé et rattaché à son activité principale."],
            ["The register lists emissions declared every year by industrial facilities of {place}."],
            ["émissions", "industrie", "installations classées", "ICPE", "pollution industrielle", "qualité de l'air"],
            ["annual"], ["ministere-transition-ecologique", "ineris", "atmo-occitanie", "airparif", "atmo-grand-est"]),
        new("dechets", 5, ["cadre-de-vie", "sols"], ["inventaire"], ["dechets"], ["us", "pf"], ["adresse", "commune"],
            ["déchets ménagers", "déchèteries", "incinération", "décharges", "déchets dangereux"],
            ["Installations de traitement des déchets — {place}", "Tonnages de déchets ménagers collectés — {place} {y}", "Dépôts sauvages de déchets signalés — {place}"],
            ["Waste treatment facilities — {place}", "Household waste collected — {place} {y}"],
            ["Le jeu liste les installations de traitement des {p} de {place} avec leur capacité autorisée.",
             "Les tonnages collectés sont déclarés chaque année par les collectivités compétentes.",
             "Les riverains des incinérateurs et des décharges font l'objet d'études d'exposition."],
            ["The dataset lists {p} treatment facilities of {place} with their permitted capacity."],
            ["déchets", "gestion des déchets", "collecte", "recyclage"],
            ["annual"], ["ademe", "ville-de-paris", "metropole-de-lyon", "toulouse-metropole"]),
        new("biodiversite", 6, ["cadre-de-vie"], ["inventaire", "zonage"], ["cadre-de-vie"], ["ps", "sd", "hb"], ["maille", "commune"],
            ["espèces protégées", "zones humides", "continuités écologiques", "trame verte et bleue", "espaces naturels sensibles"],
            ["Inventaire des {p} — {place}", "Trame verte et bleue : continuités écologiques — {place} {y}", "Sites Natura 2000 et espaces protégés — {place}"],
            ["Inventory of {p} — {place}", "Protected areas and Natura 2000 sites — {place}"],
            ["L'inventaire recense les {p} de {place} à partir des observations naturalistes validées.",
             "Les zones naturelles d'intérêt écologique, faunistique et floristique (ZNIEFF) sont délimitées par les services de l'État.",
             "La trame verte et bleue identifie les réservoirs de biodiversité et les corridors qui les relient.",
             "Les données de présence d'espèces sont agrégées à la maille de {n} mètres pour protéger les espèces sensibles."],
            ["The inventory lists {p} of {place} from validated naturalist observations."],
            ["biodiversité", "faune", "flore", "espaces naturels", "Natura 2000", "ZNIEFF"],
            ["annual", "irregular"], ["ofb", "inrae", "ign", "ministere-transition-ecologique"]),
        new("habitat", 6, ["cadre-de-vie"], ["inventaire", "indicateur"], ["chimique", "biologique"], ["bu", "ad"], ["adresse", "iris"],
            ["habitat indigne", "plomb dans les peintures", "amiante", "monoxyde de carbone", "humidité et moisissures", "précarité énergétique"],
            ["Repérage de l'{p} — {place} {y}", "Logements potentiellement indignes — {place}", "Intoxications au monoxyde de carbone signalées — {place} {y}",
             "Diagnostics de performance énergétique des logements — {place}"],
            ["Substandard housing and {p} — {place} {y}", "Energy performance certificates of dwellings — {place}"],
            ["Le parc privé potentiellement indigne est estimé à partir des fichiers fonciers et de la qualité des logements à {place}.",
             "Les constats de risque d'exposition au plomb (CREP) sont réalisés avant la vente ou la location des logements anciens.",
             "Les intoxications au monoxyde de carbone sont déclarées aux centres antipoison et aux agences régionales de santé.",
             "L'humidité et les moisissures dans les logements aggravent l'asthme et les allergies respiratoires.",
             "Les diagnostics de performance énergétique classent les logements de A à G."],
            ["Potentially substandard private housing of {place} is estimated from land files and dwelling quality."],
            ["logement", "habitat", "bâtiments", "santé dans l'habitat", "précarité"],
            ["annual", "irregular"], ["ars-ile-de-france", "ars-occitanie", "ars-bretagne", "ademe", "ville-de-paris", "cerema"]),
        new("risques", 5, ["eau", "sols"], ["zonage", "modelisation"], ["physique"], ["nz", "hy"], ["commune", "maille"],
            ["inondations", "submersion marine", "cavités souterraines", "retrait-gonflement des argiles", "mouvements de terrain"],
            ["Zones inondables et plans de prévention des risques — {place}", "Aléa {p} — {place} {y}", "Arrêtés de catastrophe naturelle — {place}"],
            ["Flood zones and risk prevention plans — {place}", "{p} hazard — {place} {y}"],
            ["Les plans de prévention des risques naturels délimitent les zones exposées aux {p} à {place}.",
             "La cartographie de l'aléa combine les événements historiques et la modélisation hydraulique.",
             "Les arrêtés de reconnaissance de l'état de catastrophe naturelle sont publiés au Journal officiel depuis 1982."],
            ["Natural risk prevention plans delimit the areas exposed to {p} in {place}."],
            ["risques naturels", "inondations", "prévention des risques", "géorisques"],
            ["irregular"], ["brgm", "cerema", "ministere-transition-ecologique"]),
        new("sante", 6, ["cadre-de-vie"], ["indicateur", "enquete"], ["socio-economique"], ["hh", "su"], ["departement", "region"],
            ["asthme", "cancers", "maladies cardiovasculaires", "saturnisme", "mortalité prématurée", "passages aux urgences"],
            ["Indicateurs de santé : {p} — {place} {y}", "Surveillance épidémiologique du {p} — {place}", "Atlas des inégalités de santé — {place}"],
            ["Health indicators: {p} — {place} {y}", "Epidemiological surveillance of {p} — {place}"],
            ["Les taux standardisés de {p} sont calculés à partir des données du système national des données de santé.",
             "Les indicateurs sont diffusés par département et par région, avec leurs intervalles de confiance.",
             "Les effectifs inférieurs à 11 sont masqués au titre du secret statistique.",
             "Ces indicateurs servent aux diagnostics locaux de santé et aux plans régionaux santé-environnement."],
            ["Age-standardised {p} rates are computed from the national health data system."],
            ["santé", "épidémiologie", "indicateurs de santé", "morbidité", "mortalité"],
            ["annual"], ["sante-publique-france", "ars-ile-de-france", "ars-occitanie", "ars-bretagne"]),
        new("mobilite", 5, ["cadre-de-vie"], ["inventaire", "mesures"], ["cadre-de-vie"], ["tn"], ["adresse", "commune"],
            ["pistes cyclables", "trafic routier", "zones à faibles émissions", "transports en commun", "comptages vélo"],
            ["Aménagements cyclables — {place}", "Comptages du trafic routier — {place} {y}", "Périmètre de la zone à faibles émissions mobilité — {place}"],
            ["Cycling infrastructure — {place}", "Road traffic counts — {place} {y}"],
            ["Le jeu décrit les {p} de {place} selon le schéma national des aménagements cyclables.",
             "Les comptages sont réalisés par des boucles électromagnétiques sur {n} points du réseau.",
             "Les zones à faibles émissions mobilité restreignent la circulation des véhicules les plus polluants."],
            ["The dataset describes the {p} of {place} following the national cycling infrastructure schema."],
            ["mobilité", "transports", "vélo", "circulation", "ZFE"],
            ["monthly", "annual"], ["toulouse-metropole", "metropole-de-lyon", "eurometropole-strasbourg", "ville-de-paris", "cerema"]),
    ];

    private static readonly string[] CommonFr =
    [
        "Les données sont publiées sous forme de fichiers tabulaires mis à jour régulièrement.",
        "La méthodologie de production est décrite dans la notice jointe ; les valeurs manquantes sont laissées vides.",
        "Les coordonnées sont fournies en Lambert-93 (EPSG:2154) et en WGS 84.",
        "Ce jeu de données contribue au plan national santé-environnement (PNSE 4).",
        "Les données antérieures à {y} ont été reprises d'un ancien système d'information et peuvent être moins complètes.",
        "Pour toute question sur ce jeu de données, contactez le service producteur.",
        "Les communes sont identifiées par leur code Insee ; les départements et régions par leur code officiel.",
        "Une interface de programmation (API) permet d'interroger les données sans téléchargement.",
        "Le dictionnaire des variables décrit chaque colonne, son type et son unité.",
        "Les données peuvent être croisées avec les données de santé pour des études épidémiologiques.",
        "Un contrôle de cohérence est appliqué avant chaque mise en ligne.",
        "Les séries temporelles longues permettent d'analyser les tendances depuis {y}.",
    ];

    private static readonly string[] CommonEn =
    [
        "Data is published as tabular files updated on a regular basis.",
        "The production method is described in the attached note; missing values are left empty.",
        "Coordinates are given in Lambert-93 (EPSG:2154) and WGS 84.",
        "Municipalities are identified by their INSEE code.",
        "An API lets users query the data without downloading it.",
    ];

    // Rare sentence: a few dozen datasets per 100,000 mention legionella.
    private const string RareFr = "Les résultats de la recherche de légionelles dans les réseaux d'eau chaude sanitaire des établissements recevant du public sont inclus.";

    private static readonly string[] CommonKeywords = ["santé-environnement", "données ouvertes", "GD4H", "exposition", "open data", "environnement", "santé publique", "PNSE"];

    private static readonly (string Id, int Weight)[] Licenses =
        [("lov2", 55), ("odc-odbl", 14), ("cc-by", 9), ("fr-lo", 8), ("cc-by-sa", 3), ("other-open", 3), ("other-closed", 4), ("notspecified", 4)];

    private static readonly (string Format, string Mime, int Weight)[] Formats =
        [("csv", "text/csv", 50), ("json", "application/json", 20), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 18), ("pdf", "application/pdf", 12)];

    private static readonly string[] Pricing = ["gratuit", "gratuit", "gratuit", "gratuit", "gratuit", "gratuit", "freemium", "payant"];
    private static readonly string[] TemporalResolution = ["horaire", "journalière", "hebdomadaire", "mensuelle", "annuelle", "moyenne annuelle"];

    private static readonly int TotalWeight = Themes.Sum(t => t.Weight);

    /// <summary>The organisations, their ids derived from the seed.</summary>
    public static List<Organization> BuildOrganizations(int seed)
    {
        var rng = new Random(seed);
        return Organizations.Select(o => new Organization
        {
            Id = NewGuid(rng), Slug = o.Slug, Name = o.Name, Acronym = o.Acronym, Type = o.Type,
            Description = $"{o.Name} produit et diffuse des données environnementales utiles à la santé-environnement.",
            Url = $"https://www.{o.Slug}.example.fr/", CreatedAt = Epoch.AddYears(-6), UpdatedAt = Epoch.AddYears(-1),
        }).ToList();
    }

    /// <summary>Dataset number <paramref name="i"/> (0-based): a function of the seed and i only.</summary>
    public static Dataset BuildDataset(int seed, long i, IReadOnlyDictionary<string, Organization> orgs)
    {
        var rng = new Random(Mix(seed, i));
        var theme = PickTheme(rng);
        var english = rng.Next(100) < 15;
        var orgSlug = theme.Organizations[rng.Next(theme.Organizations.Length)];
        var org = orgs[orgSlug];
        var orgInfo = Organizations.First(o => o.Slug == orgSlug);

        // Territories: the organisation's region most of the time for regional producers.
        var territories = new List<string>();
        string placeName;
        var level = rng.Next(100);
        if (level < 12 && orgInfo.Region is null) { territories.Add("fr:pays:fr"); placeName = english ? "France" : "France entière"; }
        else
        {
            var region = orgInfo.Region ?? Regions[rng.Next(Regions.Length)].Region;
            Place[] pool = level < 40 ? Regions : level < 75 ? Departements : Communes;
            var local = pool.Where(p => p.Region == region).ToArray();
            if (local.Length == 0) local = pool;
            var first = local[rng.Next(local.Length)];
            territories.Add(first.Code);
            placeName = first.Name;
            var more = rng.Next(100) < 25 ? rng.Next(1, 3) : 0;
            for (var k = 0; k < more; k++)
            {
                var p = local[rng.Next(local.Length)];
                if (!territories.Contains(p.Code)) territories.Add(p.Code);
            }
        }

        var year = 2000 + rng.Next(25);
        var param = theme.Parameters[rng.Next(theme.Parameters.Length)];
        string Fill(string template) => template.Replace("{p}", param).Replace("{place}", placeName)
            .Replace("{y}", year.ToString(CultureInfo.InvariantCulture))
            .Replace("{n}", (10 + rng.Next(990)).ToString(CultureInfo.InvariantCulture));

        var titles = english ? theme.TitlesEn : theme.TitlesFr;
        var title = Fill(titles[rng.Next(titles.Length)]);

        // Description: theme sentences first, then common ones, until a length drawn in 300..1500 characters.
        var target = 300 + rng.Next(1201);
        var sentences = english ? theme.TextEn : theme.TextFr;
        var common = english ? CommonEn : CommonFr;
        var desc = new StringBuilder(target + 200);
        var order = Enumerable.Range(0, sentences.Length).OrderBy(_ => rng.Next()).ToList();
        var commonOrder = Enumerable.Range(0, common.Length).OrderBy(_ => rng.Next()).ToList();
        var ci = 0;
        var paragraph = 0;
        foreach (var k in order)
        {
            if (desc.Length >= target) break;
            Append(desc, Fill(sentences[k]), ref paragraph);
        }
        while (desc.Length < target && ci < commonOrder.Count) Append(desc, Fill(common[commonOrder[ci++]]), ref paragraph);
        while (desc.Length < target) Append(desc, Fill(sentences[rng.Next(sentences.Length)]), ref paragraph);
        if (!english && rng.Next(2000) == 0) Append(desc, RareFr, ref paragraph);
        if (rng.Next(4) == 0)
            desc.Append("\n\n**Paramètres** : ").Append(string.Join(", ", theme.Parameters.OrderBy(_ => rng.Next()).Take(3)));

        var keywords = theme.Keywords.OrderBy(_ => rng.Next()).Take(2 + rng.Next(3)).ToList();
        keywords.AddRange(CommonKeywords.OrderBy(_ => rng.Next()).Take(1 + rng.Next(2)));
        keywords.Add(param.ToLowerInvariant());
        keywords = keywords.Distinct().ToList();

        var parameters = new JsonArray();
        foreach (var p in theme.Parameters.OrderBy(_ => rng.Next()).Take(1 + rng.Next(3)).Append(param).Distinct()) parameters.Add(p);
        var extras = new JsonObject
        {
            ["environment"] = Pick(rng, theme.Environment, 1, theme.Environment.Length),
            ["nature"] = Pick(rng, theme.Nature, 1, theme.Nature.Length),
            ["exposure_factor_category"] = Pick(rng, theme.Exposure, 1, theme.Exposure.Length),
            ["parameters"] = parameters,
            ["inspire_theme"] = Pick(rng, theme.Inspire, 1, theme.Inspire.Length),
            ["producer_type"] = orgInfo.ProducerType,
            ["geographic_level"] = Pick(rng, theme.GeoLevel, 1, theme.GeoLevel.Length),
            ["geographic_coverage"] = placeName,
            ["geolocated"] = rng.Next(3) > 0,
            ["temporal_resolution"] = TemporalResolution[rng.Next(TemporalResolution.Length)],
            ["open_data"] = rng.Next(10) > 0,
            ["pricing"] = Pricing[rng.Next(Pricing.Length)],
        };
        if (rng.Next(2) == 0) extras["crs"] = new JsonArray("EPSG:2154", "EPSG:4326");

        var created = Epoch.AddDays(-rng.Next(365 * 8)).AddSeconds(-rng.Next(86_400));
        var updated = created.AddDays(rng.Next((int)(Epoch - created).TotalDays + 1));
        var key = Slugs.From(title, 70) + "-" + i.ToString(CultureInfo.InvariantCulture);
        var d = new Dataset
        {
            Id = NewGuid(rng), Slug = key, Title = title, Description = desc.ToString(),
            OrganizationId = org.Id, LicenseId = Weighted(rng, Licenses), Keywords = keywords, Territories = territories,
            SpatialGranularity = Territory.Level(territories[0]),
            TemporalStart = new DateOnly(year, 1, 1), TemporalEnd = rng.Next(3) == 0 ? null : new DateOnly(Math.Min(2025, year + rng.Next(1, 10)), 12, 31),
            Frequency = theme.Frequencies[rng.Next(theme.Frequencies.Length)],
            ContactName = orgInfo.Acronym ?? orgInfo.Name, ContactEmail = $"donnees@{org.Slug}.example.fr",
            Extras = extras, Status = DatasetStatus.Published, StatusChangedAt = created, CreatedAt = created, UpdatedAt = updated,
            DataUpdatedAt = updated, Version = 1,
        };

        var resources = 1 + (rng.Next(100) switch { < 50 => 0, < 85 => 1, _ => 2 });
        for (var r = 0; r < resources; r++)
        {
            var (format, mime, _) = r > 0 && rng.Next(3) == 0 ? Formats[3] : WeightedFormat(rng);
            var doc = format == "pdf";
            d.Resources.Add(new Resource
            {
                Id = NewGuid(rng),
                Title = doc ? (english ? "Documentation" : "Notice méthodologique") : $"{(english ? "Data" : "Données")} {year + r} ({format.ToUpperInvariant()})",
                Description = rng.Next(2) == 0 ? null : doc ? "Description des variables et de la méthode." : "Fichier complet, une ligne par mesure.",
                Type = doc ? ResourceTypes.Documentation : ResourceTypes.Main, FileType = "remote",
                Url = $"https://data.{org.Slug}.example.fr/{key}/{r}.{format}", Format = format, Mime = mime,
                Size = 10_000 + rng.Next(50_000_000), Available = true, AvailabilityCheckedAt = Epoch.AddDays(-rng.Next(30)),
                Position = r, CreatedAt = created, UpdatedAt = updated,
            });
        }
        return d;
    }

    private static void Append(StringBuilder sb, string sentence, ref int paragraph)
    {
        if (sb.Length > 0) sb.Append(++paragraph % 3 == 0 ? "\n\n" : " ");
        sb.Append(sentence);
    }

    private static Theme PickTheme(Random rng)
    {
        var x = rng.Next(TotalWeight);
        foreach (var t in Themes)
        {
            if (x < t.Weight) return t;
            x -= t.Weight;
        }
        return Themes[^1];
    }

    private static JsonArray Pick(Random rng, string[] values, int min, int max)
    {
        var n = min + rng.Next(max - min + 1);
        var a = new JsonArray();
        foreach (var v in values.OrderBy(_ => rng.Next()).Take(n)) a.Add(v);
        return a;
    }

    private static string Weighted(Random rng, (string Id, int Weight)[] items)
    {
        var x = rng.Next(items.Sum(i => i.Weight));
        foreach (var (id, w) in items)
        {
            if (x < w) return id;
            x -= w;
        }
        return items[^1].Id;
    }

    private static (string Format, string Mime, int Weight) WeightedFormat(Random rng)
    {
        var x = rng.Next(Formats.Sum(f => f.Weight));
        foreach (var f in Formats)
        {
            if (x < f.Weight) return f;
            x -= f.Weight;
        }
        return Formats[0];
    }

    // SplitMix64 of (seed, i): the legacy Random's outputs are close to affine in its seed, so neighbouring
    // datasets must not get neighbouring seeds.
    private static int Mix(int seed, long i)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)i + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31)) & int.MaxValue;
    }

    private static Guid NewGuid(Random rng)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        b[7] = (byte)((b[7] & 0x0F) | 0x40); // version 4
        b[8] = (byte)((b[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(b);
    }
}
