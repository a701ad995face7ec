using Socle.Validation.Constraints;
using Socle.Validation.Types;

namespace Socle.Validation.Tests.Types;

/// <summary>Valid scalar cells are read, and checked against constraints, without allocating.</summary>
public class ReaderAllocationTests
{
    [Fact]
    public void Reading_valid_scalar_cells_allocates_nothing()
    {
        (CellReader Reader, string Cell)[] cases =
        [
            (Fld.Reader("integer"), "123456"),
            (Fld.Reader("integer"), " 1_000 "),
            (Fld.Reader("integer", "default", "\"bareNumber\":false"), "12 €"),
            (Fld.Reader("number"), "-1234.5678"),
            (Fld.Reader("number"), "1.5e3"),
            (Fld.Reader("number", "default", "\"decimalChar\":\",\",\"groupChar\":\" \""), "1 234,56"),
            (Fld.Reader("number", "default", "\"floatNumber\":true"), "3.25"),
            (Fld.Reader("boolean"), "false"),
            (Fld.Reader("date"), "2024-03-02"),
            (Fld.Reader("date"), "2024-3-2"),
            (Fld.Reader("date", "%d/%m/%Y"), "02/03/2024"),
            (Fld.Reader("datetime"), "2024-03-02T10:11:12Z"),
            (Fld.Reader("datetime"), "2024-03-02T10:11:12.5+01:00"),
            (Fld.Reader("datetime", "%d/%m/%Y %H:%M"), "02/03/2024 10:11"),
            (Fld.Reader("time"), "10:11:12"),
            (Fld.Reader("year"), "2024"),
            (Fld.Reader("yearmonth"), "2024-03"),
            (Fld.Reader("string", "uuid"), "2bc1c94f-0deb-43e9-92a1-4775189ec9f8"),
            (Fld.Reader("string", "email"), "contact@mairie.fr"),
            (Fld.Reader("string", "uri"), "https://mairie.fr"),
            (Fld.Reader("string", "binary"), "dGVzdA=="),
            (Fld.Reader("list", "default", "\"itemType\":\"integer\""), "1,2,3"),
        ];
        foreach (var (r, c) in cases) Assert.True(r.TryRead(c, out _), c);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            foreach (var (r, c) in cases) r.TryRead(c, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Checking_constraints_allocates_nothing()
    {
        var fields = new[]
        {
            Fld.Of("{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"minLength\":1,\"maxLength\":9,\"pattern\":\"[0-9]{5}\",\"enum\":[\"75001\",\"13001\"]}}"),
            Fld.Of("{\"name\":\"b\",\"type\":\"number\",\"constraints\":{\"minimum\":0,\"exclusiveMaximum\":100,\"enum\":[1.5,2.5]}}"),
            Fld.Of("{\"name\":\"c\",\"type\":\"date\",\"constraints\":{\"minimum\":\"2000-01-01\",\"maximum\":\"2030-12-31\"}}"),
        };
        var cells = new[] { "75001", "2.50", "2024-03-02" };
        var readers = fields.Select(f => Socle.Validation.Types.CellReaders.Create(f)).ToArray();
        var checkers = fields.Select((f, i) => ConstraintChecker.Create(f, readers[i])!).ToArray();
        var values = cells.Select((c, i) => { readers[i].TryRead(c, out var v); return v; }).ToArray();
        var failures = new List<ConstraintFailure>(8);
        for (var i = 0; i < 3; i++) checkers[i].Check(cells[i], values[i], failures);
        Assert.Empty(failures);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < 1000; n++)
            for (var i = 0; i < 3; i++) checkers[i].Check(cells[i], values[i], failures);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Empty(failures);
    }
}
