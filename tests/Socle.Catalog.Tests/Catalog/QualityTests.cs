using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Quality;

namespace Socle.Catalog.Tests.Catalog;

/// <summary>data.gouv.fr's criteria, one by one, as a producer improving a dataset would see them met.</summary>
public sealed class QualityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly License Lov2 = BuiltInLicenses.All.Single(l => l.Id == "lov2");

    private static Dataset Bare() => new() { Slug = "x", Title = "x", UpdatedAt = Now.AddDays(-10) };

    private static Dictionary<string, QualityCriterion> Criteria(QualityReport r) => r.Criteria.ToDictionary(c => c.Id);

    [Fact]
    public void An_empty_dataset_meets_nothing_and_says_why()
    {
        var r = QualityScorer.Score(Bare(), null, [], Now);
        Assert.Equal(0, r.Score);
        Assert.Equal(["description", "license", "temporal_coverage", "spatial", "update_frequency", "updated_on_time",
            "open_format", "resources_available", "documentation"], r.Criteria.Select(c => c.Id));
        Assert.Equal("quality.description.short", Criteria(r)["description"].Reason);
        Assert.Equal(["0", "100"], Criteria(r)["description"].Args);
    }

    [Fact]
    public void A_complete_dataset_meets_the_nine_criteria()
    {
        var d = Bare();
        d.Description = new string('a', 120);
        d.TemporalStart = new DateOnly(2020, 1, 1);
        d.Territories = ["fr:region:76"];
        d.Frequency = "monthly";
        d.DataUpdatedAt = Now.AddDays(-20);
        var resources = new List<Resource>
        {
            new() { Title = "data", Format = "csv", FileType = "file" },
            new() { Title = "doc", Format = "pdf", Type = ResourceTypes.Documentation, FileType = "remote", Available = true },
        };
        var r = QualityScorer.Score(d, Lov2, resources, Now);
        Assert.All(r.Criteria, c => Assert.True(c.Met, c.Id));
        Assert.Equal(100, r.Score);
    }

    [Fact]
    public void Late_updates_closed_formats_and_dead_links_are_named()
    {
        var d = Bare();
        d.Frequency = "monthly";
        d.DataUpdatedAt = Now.AddDays(-40);
        var resources = new List<Resource>
        {
            new() { Title = "tableur", Format = "xlsx", FileType = "file" },
            new() { Title = "lien", Format = "xls", FileType = "remote", Available = false },
        };
        var c = Criteria(QualityScorer.Score(d, Lov2, resources, Now));
        Assert.Equal("quality.ontime.late", c["updated_on_time"].Reason);
        Assert.False(c["open_format"].Met);
        Assert.Equal("quality.available.broken", c["resources_available"].Reason);
        Assert.Equal(["lien"], c["resources_available"].Args);
    }

    [Fact]
    public void Schema_conformance_counts_only_current_valid_content()
    {
        var d = Bare();
        var stale = new Resource { Title = "mesures", Format = "csv", Schema = "s", Checksum = "new", ValidatedChecksum = "old", ValidationStatus = ValidationStatus.Valid };
        var c = Criteria(QualityScorer.Score(d, Lov2, [stale], Now));
        Assert.False(c["schema"].Met); // valid once, but not this content
        stale.ValidatedChecksum = "new";
        Assert.True(Criteria(QualityScorer.Score(d, Lov2, [stale], Now))["schema"].Met);
        // No schema declared: the criterion does not apply, it does not count against the dataset.
        Assert.DoesNotContain("schema", Criteria(QualityScorer.Score(d, Lov2, [new Resource { Title = "x" }], Now)).Keys);
    }
}
