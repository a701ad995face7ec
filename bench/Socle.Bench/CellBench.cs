using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Socle.Validation.Constraints;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Bench;

/// <summary>Nanoseconds per cell of each type reader and constraint on typical values: where validation time goes.</summary>
internal static class CellBench
{
    private static readonly (string Field, string Cell)[] Cases =
    [
        ("""{"name":"a","type":"string"}""", "Colmar"),
        ("""{"name":"a","type":"string","format":"email"}""", "paul.muller21@gouv.example.fr"),
        ("""{"name":"a","type":"integer"}""", "67712"),
        ("""{"name":"a","type":"number"}""", "44807.26"),
        ("""{"name":"a","type":"date"}""", "2022-01-26"),
        ("""{"name":"a","type":"boolean"}""", "true"),
        ("""{"name":"a","type":"geopoint"}""", "7.3589, 48.0951"),
        ("""{"name":"a","type":"datetime"}""", "2022-01-26T10:20:30Z"),
        ("""{"name":"a","type":"string","constraints":{"pattern":"^[0-9]{5}$"}}""", "68000"),
        ("""{"name":"a","type":"string","constraints":{"pattern":"^FR-[0-9]{6,7}$"}}""", "FR-000001"),
        ("""{"name":"a","type":"string","constraints":{"maxLength":64}}""", "Colmar"),
        ("""{"name":"a","type":"string","constraints":{"enum":["association","entreprise","collectivite","particulier"]}}""", "collectivite"),
        ("""{"name":"a","type":"number","constraints":{"minimum":0,"maximum":100000}}""", "44807.26"),
        ("""{"name":"a","type":"integer","constraints":{"minimum":0}}""", "67712"),
    ];

    public static int Run()
    {
        const int n = 2_000_000;
        foreach (var (json, cell) in Cases)
        {
            var field = SchemaReader.Read(JsonDocument.Parse($$"""{"fields":[{{json}}]}""").RootElement).Fields[0];
            var reader = CellReaders.Create(field);
            var cc = ConstraintChecker.Create(field, reader);
            var failures = new List<ConstraintFailure>();
            var ok = 0;
            for (var pass = 0; pass < 2; pass++)
            {
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < n; i++)
                {
                    CellValue v = default;
                    if (reader.AcceptsAnything || reader.TryRead(cell, out v)) ok++;
                    if (cc is not null) { failures.Clear(); cc.Check(cell, v, failures); }
                }
                if (pass == 1)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{sw.Elapsed.TotalMilliseconds * 1e6 / n,8:F1} ns  {json} \"{cell}\""));
            }
            if (ok == 0) Console.WriteLine("(never valid)");
        }
        return 0;
    }
}
