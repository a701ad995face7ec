using Socle.Validation.Reporting;

namespace Socle.Validation.Tests.Checks;

/// <summary>The checks run on every row of million-row files: on valid rows they must not allocate.</summary>
public class AllocationTests
{
    [Fact]
    public void Valid_rows_allocate_nothing()
    {
        var table = new CheckTable("siret", "siren", "horaires", "annee", "matiere", "xy:geopoint", "a:integer", "b:integer",
            "c:integer", "d:date", "e:date", "s");
        var checks = new[]
        {
            table.Bind("""{"name": "french-siret-value", "params": {"column": "siret"}}"""),
            table.Bind("""{"name": "french-siren-value", "params": {"column": "siren"}}"""),
            table.Bind("""{"name": "opening-hours-value", "params": {"column": "horaires"}}"""),
            table.Bind("""{"name": "year-interval-value", "params": {"column": "annee", "allow-year-only": "yes"}}"""),
            table.Bind("""{"name": "nomenclature-actes-value", "params": {"column": "matiere"}}"""),
            table.Bind("""{"name": "french-gps-coordinates", "params": {"column": "xy"}}"""),
            table.Bind("""{"name": "compare-columns-value", "params": {"column": "a", "op": ">=", "column2": "b"}}"""),
            table.Bind("""{"name": "compare-columns-value", "params": {"column": "d", "op": ">=", "column2": "e"}}"""),
            table.Bind("""{"name": "compare-columns-value", "params": {"column": "s", "op": "<=", "column2": "a"}}"""),
            table.Bind("""{"name": "sum-columns-value", "params": {"column": "a", "columns": ["b", "c"]}}"""),
            table.Bind("""{"name": "cohesive-columns-value", "params": {"column": "a", "othercolumns": ["b", "c"]}}"""),
            table.Bind("""{"name": "one-of-required", "params": {"column1": "siret", "column2": "siren"}}"""),
        };
        var row = table.Row(2, "73282932000074", "732829320", "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off",
            "2017/2018", "Domaines de compétences par thèmes/Culture", "2.294481, 48.85837", "10", "7", "3",
            "2024-03-02", "2024-03-01", "9.5");
        var errors = new List<ValidationError>(4);
        for (var i = 0; i < 200; i++)
            foreach (var c in checks) c.CheckRow(row, errors);
        Assert.Empty(errors);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            foreach (var c in checks) c.CheckRow(row, errors);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(errors);
        Assert.Equal(0, allocated);
    }
}
