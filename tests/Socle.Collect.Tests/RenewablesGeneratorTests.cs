using System.Globalization;
using Socle.Collect.Demo;

namespace Socle.Collect.Tests;

/// <summary>The demo and benchmark register: deterministic, consistent with itself, exported as its files say.</summary>
public sealed class RenewablesGeneratorTests
{
    private static readonly IReadOnlyList<GeneratedInstallation> Register = RenewablesGenerator.Generate(3000, seed: 5);

    private static string Odre(IEnumerable<GeneratedInstallation> installations, DateOnly asOf)
    {
        var w = new StringWriter();
        RenewablesGenerator.WriteOdreCsv(installations, asOf, w);
        return w.ToString();
    }

    private static string Dreal(IEnumerable<GeneratedInstallation> installations, DateOnly asOf)
    {
        var w = new StringWriter();
        RenewablesGenerator.WriteDrealCsv(installations, asOf, w);
        return w.ToString();
    }

    [Fact]
    public void TheSameSeedGivesTheSameRegister()
    {
        var again = RenewablesGenerator.Generate(3000, seed: 5);
        var asOf = new DateOnly(2023, 12, 31);
        Assert.Equal(Odre(Register, asOf), Odre(again, asOf));
        Assert.Equal(Dreal(Register, asOf), Dreal(again, asOf));
        Assert.Equal(Register.Select(i => i.Events.Count), again.Select(i => i.Events.Count));
        Assert.Equal(Register.SelectMany(i => i.Measures), again.SelectMany(i => i.Measures));
        Assert.NotEqual(Odre(Register, asOf), Odre(RenewablesGenerator.Generate(3000, seed: 6), asOf));
    }

    [Fact]
    public void SectorsPlacesAndCodesAreVaried()
    {
        var byFiliere = Register.GroupBy(i => i.Filiere).ToDictionary(g => g.Key, g => g.Count() / (double)Register.Count);
        Assert.InRange(byFiliere["eolien"], 0.20, 0.30);
        Assert.InRange(byFiliere["solaire"], 0.50, 0.60);
        Assert.InRange(byFiliere["methanisation"], 0.09, 0.15);
        Assert.Contains("hydraulique", byFiliere.Keys);
        var first = Register.Select(i => i.Versions[0].Values).ToList();
        Assert.True(first.Select(v => v["code_region"]).Distinct().Count() >= 5);
        Assert.True(first.Select(v => v["code_departement"]).Distinct().Count() >= 10);

        var end = RenewablesGenerator.DefaultHorizon;
        var eics = Register.Select(i => i.ValueOn("code_eic", end)).OfType<string>().ToList();
        Assert.Equal(eics.Count, eics.Distinct().Count());
        Assert.All(eics, e => Assert.Matches("^17W[0-9A-Z]{12}[0-9A-Z-]$", e));
        Assert.All(Register.Where(i => i.ValueOn("code_eic", end) is not null),
            i => Assert.True(double.Parse(i.ValueOn("puissance_max_installee_kw", end)!, CultureInfo.InvariantCulture) > 36));
        var names = Register.Select(i => i.Versions[0].Values["nom_installation"]).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());

        var windPowers = Register.Where(i => i.Filiere == "eolien")
            .Select(i => double.Parse(i.Versions[0].Values["puissance_max_installee_kw"]!, CultureInfo.InvariantCulture));
        Assert.All(windPowers, p => Assert.InRange(p, 6000, 60000));
        var commissioned = Register.Select(i => i.ValueOn("date_mise_en_service", end)).OfType<string>()
            .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture).Year).ToList();
        Assert.InRange(commissioned.Min(), 2003, 2006);
        Assert.Equal(2025, commissioned.Max());
    }

    [Fact]
    public void HistoriesAreChronologicalAndConsistent()
    {
        var stageless = new HashSet<string> { "extension", "changement_exploitant" };
        foreach (var i in Register)
        {
            for (var k = 1; k < i.Versions.Count; k++) Assert.True(i.Versions[k - 1].ValidFrom < i.Versions[k].ValidFrom, i.Key);
            for (var k = 1; k < i.Events.Count; k++) Assert.True(i.Events[k - 1].Date <= i.Events[k].Date, i.Key);
            Assert.Equal("projet", i.Events[0].Type);
            Assert.Equal(i.Versions[0].ValidFrom, i.Events[0].Date);
            Assert.All(i.Events, e => Assert.True(e.Date <= RenewablesGenerator.DefaultHorizon));
            // A field of events_from_fields holds its event's date.
            foreach (var (field, type) in new[] { ("date_mise_en_service", "mise_en_service"), ("date_depot", "depot_permis"),
                         ("date_debut_travaux", "debut_travaux"), ("date_deraccordement", "arret") })
            {
                var value = i.ValueOn(field, RenewablesGenerator.DefaultHorizon);
                var e = i.Events.FirstOrDefault(x => x.Type == type);
                Assert.Equal(value, e?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            // Measures cover whole years in service only.
            foreach (var m in i.Measures)
            {
                var year = int.Parse(m.Period, CultureInfo.InvariantCulture);
                Assert.True(i.InServiceOn(new DateOnly(year, 1, 1)) && i.InServiceOn(new DateOnly(year, 12, 31)), $"{i.Key} {m.Period}");
                Assert.True(m.Value >= 0);
            }
        }
        var wind = Register.Where(i => i.Filiere == "eolien").ToList();
        var types = wind.SelectMany(i => i.Events.Select(e => e.Type)).ToHashSet();
        Assert.Superset(new HashSet<string> { "projet", "depot_permis", "permis_accorde", "permis_refuse", "recours", "debut_travaux",
            "mise_en_service", "extension", "renouvellement", "changement_exploitant", "arret" }, types);
        // A repowering follows a commissioning by fifteen years or more.
        foreach (var i in wind.Where(i => i.Events.Any(e => e.Type == "renouvellement")))
        {
            var commissioning = i.Events.First(e => e.Type == "mise_en_service").Date;
            var repowering = i.Events.First(e => e.Type == "renouvellement").Date;
            Assert.True(repowering >= commissioning.AddYears(15));
            Assert.NotEqual(i.ValueOn("puissance_max_installee_kw", repowering.AddDays(-1)), i.ValueOn("puissance_max_installee_kw", repowering));
        }
        // Capacity factors: about 23 % for wind, 13 % for solar.
        Assert.InRange(CapacityFactor("eolien"), 0.20, 0.26);
        Assert.InRange(CapacityFactor("solaire"), 0.11, 0.16);

        double CapacityFactor(string filiere)
        {
            var pairs = Register.Where(i => i.Filiere == filiere).SelectMany(i => i.Measures.GroupBy(m => m.Period)
                .Select(g => (Produced: g.First(m => m.Measure == "production_annuelle_mwh").Value, Power: g.First(m => m.Measure == "puissance_installee_kw").Value)))
                .ToList();
            return pairs.Sum(p => p.Produced) / pairs.Sum(p => p.Power * 8.76);
        }
    }

    [Fact]
    public void TheOdreExportHoldsTheInstallationsInServiceThatDay()
    {
        var asOf = new DateOnly(2022, 12, 31);
        var lines = Odre(Register, asOf).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        var rows = lines.Skip(1).Select(l => l.Split(';')).ToList();
        Assert.Equal(Register.Count(i => i.InServiceOn(asOf)), rows.Count);
        var byName = Register.ToDictionary(i => i.ValueOn("nom_installation", asOf) ?? i.Key);
        foreach (var row in rows)
        {
            var installation = byName[row[0]];
            Assert.True(installation.InServiceOn(asOf));
            var commissioned = DateOnly.ParseExact(row[Array.IndexOf(header, "dateMiseEnservice")], "dd/MM/yyyy", CultureInfo.InvariantCulture);
            Assert.True(commissioned <= asOf);
            Assert.Equal("", row[Array.IndexOf(header, "dateDeraccordement")]);
            Assert.Equal(installation.ValueOn("puissance_max_installee_kw", asOf), row[Array.IndexOf(header, "puisMaxInstallee")]);
            var produced = row[Array.IndexOf(header, "energieAnnuelleGlissanteProduite")];
            Assert.Equal(commissioned.Year < 2022, produced.Length > 0);
        }
        var dreal = Dreal(Register, asOf).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Register.Count(i => i.Filiere == "eolien" && i.ValueOn("date_depot", asOf) is not null), dreal.Length - 1);
        Assert.Contains(dreal, l => l.Contains(";REFUS;", StringComparison.Ordinal));
        Assert.Contains(dreal, l => l.Contains(";INSTR;", StringComparison.Ordinal));
    }

    [Fact]
    public void PerturbChangesAboutTheGivenShareOfRows()
    {
        var asOf = new DateOnly(2024, 12, 31);
        var original = Odre(Register, asOf).Split("\r\n");
        var perturbed = RenewablesGenerator.Perturb(Register, 0.05, seed: 9);
        Assert.Equal(Odre(perturbed, asOf), Odre(RenewablesGenerator.Perturb(Register, 0.05, seed: 9), asOf));
        var changed = Odre(perturbed, asOf).Split("\r\n");
        Assert.Equal(original.Length, changed.Length);
        var differing = original.Zip(changed).Count(p => p.First != p.Second);
        Assert.InRange(differing / (double)(original.Length - 2), 0.02, 0.08);
        Assert.Equal(original[0], changed[0]);
    }
}
