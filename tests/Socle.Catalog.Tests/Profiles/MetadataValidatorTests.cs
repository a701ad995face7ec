using System.Text.Json.Nodes;
using Socle.Catalog.Profiles;

namespace Socle.Catalog.Tests.Profiles;

public sealed class MetadataValidatorTests
{
    private static MetadataProfile Gd4h => ProfileLoader.LoadBuiltIn("gd4h");
    private static MetadataProfile DcatAp => ProfileLoader.LoadBuiltIn("dcat-ap");

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void A_valid_gd4h_description_is_normalised_to_canonical_values()
    {
        var extras = Json("""
            {
              "environment": ["pollution atmosphérique", "Qualite de l'air", "Eau potable"],
              "nature": "Mesures et observations",
              "exposure_factor_category": ["pesticides", "Bruit"],
              "parameters": ["PM10", " NO2 ", ""],
              "inspire_theme": ["http://inspire.ec.europa.eu/theme/hh", "Conditions atmosphériques"],
              "geographic_level": "station de mesure",
              "geographic_coverage": "France métropolitaine",
              "spatial_resolution": "12,5",
              "open_data": "oui",
              "pricing": "free",
              "documentation_url": "https://www.example.org/notice.pdf",
              "geolocated": null
            }
            """);
        var before = extras.ToJsonString();

        var result = MetadataValidator.Validate(Gd4h, extras);

        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.Message("en"))));
        var expected = Json("""
            {
              "environment": ["air", "eau"],
              "nature": ["mesures"],
              "exposure_factor_category": ["chimique", "bruit"],
              "parameters": ["PM10", "NO2"],
              "inspire_theme": ["hh", "ac"],
              "geographic_level": ["point"],
              "geographic_coverage": "France métropolitaine",
              "spatial_resolution": 12.5,
              "open_data": true,
              "pricing": "gratuit",
              "documentation_url": ["https://www.example.org/notice.pdf"]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, result.Extras), result.Extras.ToJsonString());
        Assert.Equal(before, extras.ToJsonString());
        // What is stored validates again to itself: an update that does not touch the extras changes nothing.
        Assert.True(JsonNode.DeepEquals(expected, MetadataValidator.Validate(Gd4h, result.Extras).Extras));
    }

    [Fact]
    public void Dcat_ap_fields_are_all_optional_and_dates_numbers_and_durations_are_checked()
    {
        Assert.True(MetadataValidator.Validate(DcatAp, null).IsValid);
        var result = MetadataValidator.Validate(DcatAp, Json("""
            { "theme": "Environnement", "language": ["fr", "English"], "access_rights": "public",
              "spatial_resolution": 25, "temporal_resolution": "P1D", "version": "2024" }
            """));
        Assert.True(result.IsValid);
        Assert.Equal("""{"theme":["ENVI"],"language":["FRA","ENG"],"access_rights":"PUBLIC","version":"2024","spatial_resolution":25,"temporal_resolution":"P1D"}""",
            result.Extras.ToJsonString());
    }

    public static TheoryData<string, string, string, string, string> BadInputs => new()
    {
        // profile, extras, field, code, words both messages must contain (besides the field key)
        { "gd4h", """{"environment":"air","nature":"indicateur","colour":"blue"}""", "colour", "unknown-field", "GD4H" },
        { "gd4h", """{"environment":"air","nature":"indicateur","Milieu":"air"}""", "Milieu", "unknown-field", "environment" },
        { "gd4h", """{"environment":"air"}""", "nature", "required", "" },
        { "gd4h", """{"environment":["air",""],"nature":[]}""", "nature", "required", "" },
        { "gd4h", """{"environment":"bruit","nature":"indicateur"}""", "environment", "not-in-vocabulary", "bruit" },
        { "gd4h", """{"environment":"air","nature":"indicateur","inspire_theme":"santé"}""", "inspire_theme", "not-in-vocabulary", "34" },
        { "gd4h", """{"environment":"air","nature":"indicateur","pricing":["gratuit","payant"]}""", "pricing", "not-multiple", "2" },
        { "gd4h", """{"environment":"air","nature":"indicateur","open_data":"peut-être"}""", "open_data", "wrong-type", "peut-être" },
        { "gd4h", """{"environment":"air","nature":"indicateur","documentation_url":["www.example.org"]}""", "documentation_url", "wrong-type", "www.example.org" },
        { "gd4h", """{"environment":42,"nature":"indicateur"}""", "environment", "wrong-type", "42" },
        { "gd4h", """{"environment":"air","nature":"indicateur","spatial_resolution":-10}""", "spatial_resolution", "out-of-range", "-10" },
        { "dcat-ap", """{"spatial_resolution":"vingt"}""", "spatial_resolution", "wrong-type", "vingt" },
        { "dcat-ap", """{"temporal_resolution":"daily"}""", "temporal_resolution", "pattern", "daily" },
        { "dcat-ap", """{"version":"version 2 bis, révisée après la consultation publique de l'automne et la relecture"}""", "version", "out-of-range", "50" },
    };

    [Theory, MemberData(nameof(BadInputs))]
    public void Each_bad_input_gets_one_error_with_a_french_and_an_english_message_naming_the_field(
        string profileId, string extras, string field, string code, string words)
    {
        var profile = ProfileLoader.LoadBuiltIn(profileId);
        var result = MetadataValidator.Validate(profile, Json(extras));

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
        var fr = error.Message("fr");
        var en = error.Message("en");
        Assert.NotEqual(fr, en);
        foreach (var message in new[] { fr, en })
        {
            Assert.Contains(field, message);
            Assert.DoesNotContain("profile.error", message);
            Assert.DoesNotContain("{", message);
            Assert.Contains(words, message);
        }
        if (profile.Field(field) is { } f)
        {
            Assert.Contains(f.Label.Fr, fr);
            Assert.Contains(f.Label.En, en);
        }
    }

    [Fact]
    public void A_value_outside_a_vocabulary_is_explained_with_the_allowed_values()
    {
        var error = Assert.Single(MetadataValidator.Validate(Gd4h, Json("""{"environment":"bruit","nature":"mesures"}""")).Errors);
        Assert.Equal("« bruit » n'est pas une valeur admise pour le champ « Milieu » (environment) ; valeurs admises : air, eau, sols, alimentation, cadre-de-vie.",
            error.Message("fr"));
        Assert.Equal("“bruit” is not an allowed value of the field “Environment” (environment); allowed values: air, eau, sols, alimentation, cadre-de-vie.",
            error.Message("en"));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = MetadataValidator.Validate(Gd4h, Json("""{"environment":["air","lave"],"open_data":"?","unknown":1}"""));
        Assert.Equal(["unknown:unknown-field", "environment:not-in-vocabulary", "nature:required", "open_data:wrong-type"],
            result.Errors.Select(e => $"{e.Field}:{e.Code}"));
        Assert.False(result.IsValid);
    }
}
