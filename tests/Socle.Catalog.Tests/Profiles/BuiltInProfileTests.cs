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
}
