using System.Diagnostics;
using nietras.SeparatedValues;

namespace Socle.Bench;

/// <summary>
/// The baseline: a bare Sep pass over a CSV file that touches every cell's span (sums the lengths and the
/// first char), with the options the validator uses (quotes unescaped, no column-count check). Nothing is
/// parsed or checked, so this is the ceiling a validator built on Sep can approach.
/// </summary>
internal static class SepPass
{
    public static int Run(string path, bool parallel)
    {
        var sw = Stopwatch.StartNew();
        long rows = 0, cells = 0, chars = 0, checksum = 0;
        using (var reader = Sep.New(',').Reader(o => o with
               {
                   HasHeader = true, Unescape = true, DisableColCountCheck = true, DisableFastFloat = true,
               }).FromFile(path))
        {
            if (parallel)
            {
                foreach (var (c, n, s) in reader.ParallelEnumerate(Touch))
                {
                    rows++;
                    cells += c;
                    chars += n;
                    checksum += s;
                }
            }
            else
            {
                foreach (var row in reader)
                {
                    var (c, n, s) = Touch(row);
                    rows++;
                    cells += c;
                    chars += n;
                    checksum += s;
                }
            }
        }
        sw.Stop();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(
            $"rows={rows} cells={cells} chars={chars} checksum={checksum} seconds={sw.Elapsed.TotalSeconds:F4} " +
            $"peak_ws_mb={process.PeakWorkingSet64 / 1e6:F1} parallel={(parallel ? "true" : "false")}");
        return 0;
    }

    private static (int Cells, long Chars, long Sum) Touch(SepReader.Row row)
    {
        long chars = 0, sum = 0;
        int count = row.ColCount;
        for (int i = 0; i < count; i++)
        {
            var span = row[i].Span;
            chars += span.Length;
            if (span.Length > 0) sum += span[0];
        }
        return (count, chars, sum);
    }
}
