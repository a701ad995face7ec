using System.Text.Json;
using Socle.Collect.Imports;
using Socle.Validation;
using Socle.Validation.Schema;
using Socle.Validation.Tests;

namespace Socle.Collect.Tests;

/// <summary>The shipped renewable-installations template: a usable schema, coherent lifecycle, crosswalks that fit it.</summary>
public sealed class TemplateTests
{
    private const string TemplateId = "installations-enr";

    private static JsonDocument Template() => Crosswalk.TemplateDocument(TemplateId);

    [Fact]
    public void SchemaPassesTheValidatorsChecks()
    {
        using var doc = Template();
        var schema = SchemaReader.Read(doc.RootElement.GetProperty("schema"));
        Validator.CheckSchema(schema);
        string[] expected =
        [
            "nom_installation", "code_eic", "code_insee_commune", "commune", "code_epci", "epci", "code_departement", "departement",
            "code_region", "region", "filiere", "technologie", "combustible", "puissance_max_installee_kw", "date_raccordement",
            "date_mise_en_service", "date_deraccordement", "regime", "energie_annuelle_glissante_produite_mwh",
            "energie_annuelle_glissante_injectee_mwh", "gestionnaire", "exploitant", "latitude", "longitude", "procedure_type",
            "etat_procedure", "date_depot", "date_decision", "recours", "date_debut_travaux", "hauteur_mat_m", "diametre_rotor_m",
            "hauteur_totale_m", "nombre_eoliennes",
        ];
        Assert.Equal(expected, schema.Fields.Select(f => f.Name));
        Assert.All(schema.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Title)));
        Assert.All(schema.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        Assert.Equal(["nom_installation", "code_insee_commune", "filiere"], schema.Fields.Where(f => f.Constraints.Required).Select(f => f.Name));
        var eic = schema.Fields[schema.IndexOf("code_eic")];
        Assert.True(eic.Constraints.Unique);
        Assert.Null(eic.Constraints.Pattern);
    }

    [Fact]
    public void TheLeadsDefinitionReaderAcceptsIt()
    {
        var definition = Socle.Collect.Definitions.CollectionDefinition.Template(TemplateId);
        Assert.Equal(TemplateId, definition.Id);
        Assert.Equal(2, definition.Crosswalks.Count);
    }

    [Fact]
    public void StagesEventsAndMeasuresHoldTogether()
    {
        using var doc = Template();
        var root = doc.RootElement;
        var stages = root.GetProperty("stages").EnumerateArray().ToList();
        string[] stageIds = ["projet", "instruction", "autorise", "contentieux", "construction", "en_service", "arrete", "demantele", "abandonne"];
        Assert.Equal(stageIds, stages.Select(s => s.GetProperty("id").GetString()));
        var colors = stages.Select(s => s.GetProperty("color").GetString()!).ToList();
        Assert.Equal(colors.Count, colors.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(colors, c => Assert.Matches("^#[0-9A-F]{6}$", c));
        Assert.All(stages, s =>
        {
            Assert.False(string.IsNullOrEmpty(s.GetProperty("label").GetProperty("fr").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("label").GetProperty("en").GetString()));
        });

        var events = root.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("type").GetString()!);
        string[] required =
        [
            "projet", "depot_permis", "permis_accorde", "permis_refuse", "recours", "debut_travaux", "mise_en_service", "extension",
            "renouvellement", "changement_exploitant", "arret", "demantelement",
        ];
        Assert.All(required, t => Assert.Contains(t, events.Keys));
        foreach (var (type, e) in events)
        {
            var hasStage = e.TryGetProperty("stage", out var stage);
            if (type is "extension" or "changement_exploitant") Assert.False(hasStage, type);
            else Assert.Contains(stage.GetString(), stageIds);
            // Each event's fields are a valid Table Schema of their own.
            Validator.CheckSchema(SchemaReader.Read(JsonSerializer.SerializeToElement(new { fields = e.GetProperty("fields") })));
        }
        Assert.Contains("puissance_ajoutee_kw", FieldNames(events["extension"]));
        Assert.Contains("puissance_apres_kw", FieldNames(events["renouvellement"]));
        Assert.Contains("nouvel_exploitant", FieldNames(events["changement_exploitant"]));
        Assert.Contains("juridiction", FieldNames(events["recours"]));

        var schema = SchemaReader.Read(root.GetProperty("schema"));
        foreach (var p in root.GetProperty("events_from_fields").EnumerateObject())
        {
            Assert.Equal("date", schema.Fields[schema.IndexOf(p.Name)].Type);
            Assert.Contains(p.Value.GetString()!, events.Keys);
        }
        var measures = root.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["production_annuelle_mwh", "injection_annuelle_mwh", "puissance_installee_kw"], measures);
        foreach (var p in root.GetProperty("measures_from_fields").EnumerateObject())
        {
            Assert.True(schema.IndexOf(p.Name) >= 0, p.Name);
            Assert.Contains(p.Value.GetString(), measures);
        }
        var sources = root.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal(["saisie", "odre", "dreal"], sources);
        var priority = root.GetProperty("priority");
        Assert.Equal("odre", priority.GetProperty("puissance_max_installee_kw")[0].GetString());
        Assert.Equal("odre", priority.GetProperty("date_mise_en_service")[0].GetString());
        Assert.Equal("dreal", priority.GetProperty("etat_procedure")[0].GetString());

        static IEnumerable<string> FieldNames(JsonElement e) => e.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!);
    }

    [Fact]
    public void EveryCrosswalkParsesAgainstTheSchema()
    {
        var crosswalks = Crosswalk.OfTemplate(TemplateId);
        Assert.Equal(["odre-registre", "dreal-eolien"], crosswalks.Select(c => c.Id));
        using var doc = Template();
        var schema = SchemaReader.Read(doc.RootElement.GetProperty("schema"));
        Assert.All(crosswalks, c => Assert.Empty(c.Check(schema)));
        Assert.Equal("odre", crosswalks[0].Source);
        Assert.Equal(',', crosswalks[1].Decimal);
        Assert.Contains(crosswalks[1].Columns, c => c.From == "PUISS_MW" && c.Unit == "MW->kW");
        // The lead's definition keeps them as JSON: each parses alone too.
        Assert.Equal(2, Crosswalk.ParseAll(doc.RootElement, schema).Count);
    }

    [Fact]
    public void CrosswalkMessagesExistInBothLanguages()
    {
        static Dictionary<string, string> Read(string lang)
        {
            var path = Path.Combine(TestPaths.RepoRoot, "src", "Socle.Collect", "Resources", "messages", $"crosswalk.{lang}.json");
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
        }
        var fr = Read("fr");
        var en = Read("en");
        Assert.Equal(fr.Keys.Order(), en.Keys.Order());
        Assert.Contains("catalog.problem.collect-crosswalk", fr.Keys);
        Assert.Contains("catalog.problem.collect-crosswalk-definition", fr.Keys);
    }
}
