using Socle.Catalog.Files;

namespace Socle.Catalog.Tests.Catalog;

/// <summary>The order of a schema's versions, which decides its latest: numbers compared as numbers, labels that are not versions below them.</summary>
public sealed class SchemaVersionOrderTests
{
    [Fact]
    public void Versions_sort_by_their_numbers_with_pre_releases_before_their_release_and_other_labels_below_them()
    {
        string[] registered = ["brouillon", "2.9.1", "1.0", "2.10.0", "v2.10.1-rc.2", "2.10.1-rc.10", "2.10.1", "1.0.0", "0.9", "ancien"];
        Assert.Equal(["ancien", "brouillon", "0.9", "1.0", "1.0.0", "2.9.1", "2.10.0", "v2.10.1-rc.2", "2.10.1-rc.10", "2.10.1"],
            registered.Order(SchemaVersionOrder.Instance));
        Assert.Equal("2.10.1", SchemaVersionOrder.Latest(registered));
        // Labels that are not versions are the latest only when there is no version at all.
        Assert.Equal("preliminaire", SchemaVersionOrder.Latest(["brouillon", "preliminaire"]));
        Assert.Null(SchemaVersionOrder.Latest([]));
    }
}
