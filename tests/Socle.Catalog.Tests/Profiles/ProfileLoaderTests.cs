using System.Text.Json.Nodes;
using Socle.Catalog.Profiles;
using Socle.Validation.Tests;

namespace Socle.Catalog.Tests.Profiles;

public sealed class ProfileLoaderTests
{
    /// <summary>A small catalogue of its own, as an operator would write it (comments and a trailing comma included).</summary>
    private const string Rivers = """
        {
          // Rivers of a water agency.
          "id": "rivers",
          "label": {"fr": "Rivières", "en": "Rivers"},
          "sections": [{"key": "water", "label": "Eau / Water"}],
          "vocabularies": {
            "basin": {
              "label": {"fr": "Bassins", "en": "Basins"},
              "values": [
                {"value": "rhone", "label": {"fr": "Rhône-Méditerranée", "en": "Rhone-Mediterranean"}, "synonyms": {"fr": ["RMC"]}},
                {"value": "seine", "label": {"fr": "Seine-Normandie", "en": "Seine-Normandy"}},
              ]
            }
          },
          "fields": [
            {"key": "basin", "type": "vocabulary", "vocabulary": "basin", "label": {"fr": "Bassin", "en": "Basin"}, "section": "water", "required": true, "facet": true},
            {"key": "stations", "type": "integer", "label": {"fr": "Nombre de stations", "en": "Number of stations"}, "min": 1},
            {"key": "sampled", "type": "date", "label": {"fr": "Prélevé le", "en": "Sampled on"}},
            {"key": "code", "type": "string", "label": "Code", "pattern": "[A-Z]{2}[0-9]{4}"},
          ],
        }
        """;

    [Fact]
    public void A_profile_file_on_disk_is_used_like_a_built_in_one()
    {
        using var folder = new TempFolder();
        var profile = ProfileLoader.Load(folder.File("rivers.json", Rivers));

        Assert.Equal("rivers", profile.Id);
        Assert.Equal("Rivers", profile.Label.Get("en"));
        Assert.Equal(["basin"], profile.FacetFields.Select(f => f.Key));
        var result = MetadataValidator.Validate(profile, JsonNode.Parse("""{"basin": "rmc", "stations": "12", "sampled": "03/07/2024", "code": "FR0042"}""")!.AsObject());
        Assert.True(result.IsValid);
        Assert.Equal("""{"basin":"rhone","stations":12,"sampled":"2024-07-03","code":"FR0042"}""", result.Extras.ToJsonString());

        var errors = MetadataValidator.Validate(profile, JsonNode.Parse("""{"basin": "loire", "stations": 0, "sampled": "2024-13-01", "code": "fr42"}""")!.AsObject()).Errors;
        Assert.Equal(["basin:not-in-vocabulary", "stations:out-of-range", "sampled:wrong-type", "code:pattern"], errors.Select(e => $"{e.Field}:{e.Code}"));
    }

    [Fact]
    public void A_profile_without_update_frequencies_takes_the_default_ones()
    {
        using var folder = new TempFolder();
        var profile = ProfileLoader.Load(folder.File("rivers.json", Rivers));
        Assert.Equal("monthly", profile.Vocabulary(MetadataProfile.FrequencyVocabulary)!.Find("Mensuelle")!.Value);
    }

    public static TheoryData<string, string, string> Broken => new()
    {
        // what is changed in the good profile, the message key, a part of the path the message must name
        { "\"key\": \"basin\", \"type\": \"vocabulary\"", "profile.load.bad-type", "fields/basin/type" },
        { "\"section\": \"water\", \"required\"", "profile.load.unknown-section", "fields/basin" },
        { "\"vocabulary\": \"basin\", \"label\": {\"fr\": \"Bassin\"", "profile.load.unknown-vocabulary", "fields/basin" },
        { "\"key\": \"stations\"", "profile.load.duplicate", "fields/basin" },
        { "\"required\": true", "profile.load.expected-boolean", "fields/basin/required" },
        { "\"min\": 1", "profile.load.unknown-property", "fields/stations/minimum" },
        { "\"[A-Z]{2}[0-9]{4}\"", "profile.load.bad-pattern", "fields/code/pattern" },
        { "\"synonyms\": {\"fr\": [\"RMC\"]}", "profile.load.ambiguous", "vocabularies/basin" },
        { "\"id\": \"rivers\",", "profile.load.missing", "id" },
        { "\"key\": \"code\"", "profile.load.bad-key", "code postal" },
        { "\"type\": \"date\"", "profile.load.json-other", "type" },
        { "\"label\": {\"fr\": \"Rivières\", \"en\": \"Rivers\"},", "profile.load.json", "rivers.json" },
    };

    [Theory, MemberData(nameof(Broken))]
    public void A_broken_profile_file_is_refused_with_a_message_naming_the_file_and_the_faulty_part(string find, string key, string path)
    {
        var replacement = key switch
        {
            "profile.load.bad-type" => "\"key\": \"basin\", \"type\": \"list\"",
            "profile.load.unknown-section" => "\"section\": \"waters\", \"required\"",
            "profile.load.unknown-vocabulary" => "\"vocabulary\": \"basins\", \"label\": {\"fr\": \"Bassin\"",
            "profile.load.duplicate" => "\"key\": \"basin\"",
            "profile.load.expected-boolean" => "\"required\": \"yes\"",
            "profile.load.unknown-property" => "\"minimum\": 1",
            "profile.load.bad-pattern" => "\"[A-Z\"",
            "profile.load.ambiguous" => "\"synonyms\": {\"fr\": [\"Seine\"]}",
            "profile.load.missing" => "",
            "profile.load.bad-key" => "\"key\": \"code postal\"",
            "profile.load.json-other" => "\"type\": \"date\", \"type\": \"string\"",
            "profile.load.json" => "\"label\": {\"fr\": \"Rivières\" \"en\": \"Rivers\"},",
            _ => throw new ArgumentException(key),
        };
        var text = Rivers.Replace(find, replacement);
        Assert.NotEqual(Rivers, text);
        using var folder = new TempFolder();
        var file = folder.File("rivers.json", text);

        var e = Assert.Throws<ProfileException>(() => ProfileLoader.Load(file));

        Assert.Equal(key, e.Key);
        foreach (var message in new[] { e.Localized("fr"), e.Localized("en"), e.Message })
        {
            Assert.Contains(file, message);
            Assert.Contains(path, message);
            Assert.DoesNotContain("profile.load", message);
        }
        Assert.NotEqual(e.Localized("fr"), e.Localized("en"));
    }

    [Fact]
    public void A_field_names_its_counterparts_in_other_standards()
    {
        using var folder = new TempFolder();
        var text = Rivers.Replace("\"min\": 1}", "\"min\": 1, \"mappings\": {\"$comment\": \"note\", \"nl\": \"stations\", \"uk\": \" Tier 2 · Data \"}}");
        var profile = ProfileLoader.Load(folder.File("rivers.json", text));

        Assert.Equal(new Dictionary<string, string> { ["nl"] = "stations", ["uk"] = "Tier 2 · Data" }, profile.Field("stations")!.Mappings);
        Assert.Empty(profile.Field("basin")!.Mappings);
    }

    public static TheoryData<string, string, string> BrokenMappings => new()
    {
        // the field's mappings as written, the message key, the path the message must name
        { "{\"nl\": 3}", "profile.load.expected-string", "fields/stations/mappings/nl" },
        { "{\"nl\": [\"a\", \"b\"]}", "profile.load.expected-string", "fields/stations/mappings/nl" },
        { "{\"uk\": \"  \"}", "profile.load.expected-string", "fields/stations/mappings/uk" },
        { "{\"n l\": \"x\"}", "profile.load.bad-key", "fields/stations/mappings/n l" },
        { "\"nl\"", "profile.load.expected-object", "fields/stations/mappings" },
    };

    [Theory, MemberData(nameof(BrokenMappings))]
    public void A_mapping_that_is_not_a_text_is_refused_with_its_path(string mappings, string key, string path)
    {
        using var folder = new TempFolder();
        var file = folder.File("rivers.json", Rivers.Replace("\"min\": 1}", $"\"min\": 1, \"mappings\": {mappings}}}"));

        var e = Assert.Throws<ProfileException>(() => ProfileLoader.Load(file));

        Assert.Equal(key, e.Key);
        foreach (var message in new[] { e.Localized("fr"), e.Localized("en") })
        {
            Assert.Contains(file, message);
            Assert.Contains(path, message);
        }
    }

    [Fact]
    public void A_missing_file_or_unknown_built_in_profile_is_named()
    {
        var missing = Assert.Throws<ProfileException>(() => ProfileLoader.Load("/nonexistent/profile.json"));
        Assert.Equal("Profil de métadonnées introuvable : /nonexistent/profile.json.", missing.Localized("fr"));
        var unknown = Assert.Throws<ProfileException>(() => ProfileLoader.LoadBuiltIn("inspire"));
        Assert.Equal("No built-in profile is named “inspire” (built-in profiles: dcat-ap, gd4h).", unknown.Localized("en"));
    }
}
