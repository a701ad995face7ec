using Socle.Catalog.Algorithms;
using Socle.Catalog.Profiles;

namespace Socle.Catalog.Tests.Profiles;

public sealed class BuiltInProfileTests
{
    public static TheoryData<string> Ids => new(ProfileLoader.BuiltInIds);

    [Fact]
    public void Dcat_ap_and_gd4h_are_built_in_and_dcat_ap_is_the_default()
    {
        Assert.Equal(["dcat-ap", "gd4h"], ProfileLoader.BuiltInIds);
        Assert.Equal("dcat-ap", ProfileLoader.DefaultId);
        Assert.Same(ProfileLoader.LoadBuiltIn("gd4h"), ProfileLoader.LoadBuiltIn("gd4h"));
    }

    [Theory, MemberData(nameof(Ids))]
    public void Every_field_is_labelled_in_both_languages_and_its_vocabulary_and_section_exist(string id)
    {
        var profile = ProfileLoader.LoadBuiltIn(id);
        Assert.Equal(id, profile.Id);
        Assert.NotEmpty(profile.Fields);
        foreach (var f in profile.Fields)
        {
            Assert.False(string.IsNullOrEmpty(f.Label.Fr), $"{f.Key}: French label");
            Assert.False(string.IsNullOrEmpty(f.Label.En), $"{f.Key}: English label");
            Assert.False(string.IsNullOrEmpty(f.Help?.Fr), $"{f.Key}: French help");
            Assert.False(string.IsNullOrEmpty(f.Help?.En), $"{f.Key}: English help");
            Assert.Contains(profile.Sections, s => s.Key == f.Section);
            if (f.Type == ProfileFieldType.Vocabulary) Assert.NotNull(profile.Vocabulary(f.Vocabulary!));
        }
    }

    [Theory, MemberData(nameof(Ids))]
    public void Every_concept_has_a_french_and_an_english_label(string id)
    {
        foreach (var (name, vocabulary) in ProfileLoader.LoadBuiltIn(id).Vocabularies)
        foreach (var c in vocabulary.Concepts)
        {
            Assert.False(string.IsNullOrEmpty(c.Label.Fr), $"{name}/{c.Value}: French label");
            Assert.False(string.IsNullOrEmpty(c.Label.En), $"{name}/{c.Value}: English label");
        }
    }

    [Theory, MemberData(nameof(Ids))]
    public void Update_frequencies_resolve_udata_values_and_eu_uris(string id)
    {
        var frequency = ProfileLoader.LoadBuiltIn(id).Vocabulary(MetadataProfile.FrequencyVocabulary)!;
        foreach (var value in new[] { "unknown", "punctual", "continuous", "hourly", "daily", "weekly", "biweekly", "monthly", "quarterly", "semiannual", "annual", "biennial", "irregular" })
        {
            var c = frequency.Find(value)!;
            Assert.Equal(value, c.Value);
            Assert.StartsWith("http://publications.europa.eu/resource/authority/frequency/", c.Uri);
        }
        Assert.Equal("annual", frequency.Find("http://publications.europa.eu/resource/authority/frequency/ANNUAL")!.Value);
        Assert.Equal("quarterly", frequency.Find("Trimestrielle")!.Value);
        Assert.Equal("daily", frequency.Find("journaliere")!.Value);
    }

    [Fact]
    public void Dcat_ap_offers_theme_access_rights_and_hvd_category_as_facets()
    {
        var profile = ProfileLoader.LoadBuiltIn("dcat-ap");
        Assert.Equal(["theme", "hvd_category", "access_rights"], profile.FacetFields.Select(f => f.Key));
        Assert.Equal("dcat:theme", profile.Field("theme")!.Dcat);
        var theme = profile.Vocabulary("data-theme")!;
        Assert.Equal(13, theme.Concepts.Count);
        Assert.Equal("HEAL", theme.Find("santé")!.Value);
        Assert.Equal("http://data.europa.eu/bna/c_ac64a52d", profile.Vocabulary("hvd-category")!.Find("Géospatiales")!.Uri);
        Assert.Equal("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC",
            profile.Vocabulary("access-right")!.Find("non public")!.Uri);
    }

    [Fact]
    public void Gd4h_requires_environment_and_nature_and_facets_what_its_catalogue_filters_on()
    {
        var profile = ProfileLoader.LoadBuiltIn("gd4h");
        Assert.Equal(["environment", "nature"], profile.Fields.Where(f => f.Required).Select(f => f.Key));
        Assert.Equal(["environment", "nature", "exposure_factor_category", "inspire_theme", "geographic_level", "open_data", "pricing"],
            profile.FacetFields.Select(f => f.Key));
        Assert.Contains(profile.SearchableFields, f => f.Key == "parameters");
        Assert.Equal(["air", "eau", "sols", "alimentation"], profile.Vocabulary("environment")!.Concepts.Take(4).Select(c => c.Value));
    }

    [Fact]
    public void Gd4h_has_the_34_inspire_themes_with_their_uris_and_official_french_names()
    {
        var inspire = ProfileLoader.LoadBuiltIn("gd4h").Vocabulary("inspire-theme")!;
        Assert.Equal(34, inspire.Concepts.Count);
        Assert.All(inspire.Concepts, c => Assert.Equal("http://inspire.ec.europa.eu/theme/" + c.Value, c.Uri));
        var hh = inspire.Find("hh")!;
        Assert.Equal("Santé et sécurité des personnes", hh.Label.Fr);
        Assert.Equal("Human health and safety", hh.Label.En);
    }

    [Fact]
    public void The_algorithm_register_profile_has_every_field_of_the_Etalab_inventory_sheet()
    {
        var profile = ProfileLoader.LoadAlgorithmProfile(ProfileLoader.AlgorithmDefaultId);
        Assert.Equal("etalab", profile.Id);
        Assert.Same(profile, ProfileLoader.LoadAlgorithmProfile("etalab"));
        // The sheet, in its order; the administration, the name and the short description are the entry's core, not profile fields.
        string[] sheet =
        [
            "service", "contact_email", "reviewed_on",                                                        // responsibility, last update
            "context", "purpose", "decision_role", "automation", "legal_basis", "related_resources",           // the algorithm
            "decisions_per_year", "public", "scope",                                                          // impact
            "data_processed", "collection_method", "algorithm_type", "operations", "source_code", "diagrams", // how it works
            "lifecycle", "in_use_since", "retired_on",                                                        // status and dates
            "risks", "human_oversight", "impact_assessments", "appeal",                                       // NL and UK standards
        ];
        Assert.Empty(sheet.Except(profile.Fields.Select(f => f.Key)));
        Assert.Equal(["purpose", "automation", "decision_role", "algorithm_type", "operations", "lifecycle", "contact_email"],
            profile.Fields.Where(f => f.Required).Select(f => f.Key));
        Assert.Equal(["theme", "automation", "scope", "algorithm_type", "lifecycle"], profile.FacetFields.Select(f => f.Key));
        Assert.Equal(ProfileFieldType.Integer, profile.Field("decisions_per_year")!.Type);
        Assert.Equal(ProfileFieldType.Url, profile.Field("source_code")!.Type);
        Assert.True(profile.Field("diagrams")!.Multiple);
        Assert.Equal(ProfileFieldType.Date, profile.Field("in_use_since")!.Type);
        Assert.Equal(ProfileFieldType.Email, profile.Field("contact_email")!.Type);

        Assert.Equal(["decision-support", "automated"], profile.Vocabulary("automation")!.Concepts.Select(c => c.Value));
        Assert.Equal(["rules", "machine-learning", "mixed"], profile.Vocabulary("algorithm_type")!.Concepts.Select(c => c.Value));
        Assert.Equal(["in-development", "in-use", "retired"], profile.Vocabulary("lifecycle")!.Concepts.Select(c => c.Value));
        Assert.Equal(["external", "internal"], profile.Vocabulary("scope")!.Concepts.Select(c => c.Value));
        Assert.Equal("machine-learning", profile.Vocabulary("algorithm_type")!.Find("intelligence artificielle")!.Value);
        foreach (var f in profile.Fields)
        {
            Assert.False(string.IsNullOrEmpty(f.Label.Fr), $"{f.Key}: French label");
            Assert.False(string.IsNullOrEmpty(f.Label.En), $"{f.Key}: English label");
            Assert.Contains(profile.Sections, s => s.Key == f.Section);
        }
        foreach (var (name, vocabulary) in profile.Vocabularies)
        foreach (var c in vocabulary.Concepts)
            Assert.False(string.IsNullOrEmpty(c.Label.Fr) || string.IsNullOrEmpty(c.Label.En), $"{name}/{c.Value}: labels");
    }

    [Fact]
    public void Every_field_of_the_algorithm_register_has_its_counterpart_in_the_Dutch_or_UK_standard()
    {
        var profile = ProfileLoader.LoadAlgorithmProfile(ProfileLoader.AlgorithmDefaultId);
        foreach (var f in profile.Fields)
        {
            Assert.NotEmpty(f.Mappings);
            Assert.All(f.Mappings.Keys, standard => Assert.Contains(standard, AlgorithmExports.Standards));
        }
        (string Field, string? Nl, string? UkPart)[] expected =
        [
            ("automation", "human_intervention", "human decisions and review"),
            ("human_oversight", "human_intervention", "human decisions and review"),
            ("risks", "risk_management", "Risks, mitigations and impact assessments · risks"),
            ("impact_assessments", "iama", "impact assessments"),
            ("legal_basis", "lawful_basis", null),
            ("lifecycle", "status", "phase"),
            ("source_code", "publiccode", "source code"),
            ("decisions_per_year", null, "frequency and scale of usage"),
            ("contact_email", "contact_email", "contact email"),
        ];
        foreach (var (field, nl, uk) in expected)
        {
            var mappings = profile.Field(field)!.Mappings;
            Assert.Equal(nl, mappings.GetValueOrDefault("nl"));
            if (uk is null) Assert.False(mappings.ContainsKey("uk"), field);
            else Assert.Contains(uk, mappings["uk"]);
        }

        // The crosswalk adds the entry's core (name, description, administration, datasets), mapped in both standards.
        var rows = AlgorithmExports.Mapping(profile).ToList();
        Assert.Equal(["name", "description", "organization", "datasets", .. profile.Fields.Select(f => f.Key)], rows.Select(r => r.Field));
        Assert.All(rows.Take(4), r => Assert.Equal(["nl", "uk"], r.Mappings.Keys.Order(StringComparer.Ordinal)));
    }
}
