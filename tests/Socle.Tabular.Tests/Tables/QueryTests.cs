using System.Text;
using System.Text.Json.Nodes;
using Socle.Catalog.Services;
using Socle.Tabular.Export;

namespace Socle.Tabular.Tests.Tables;

/// <summary>
/// Queries on a table big enough to span several DuckDB row groups and to get indexes (300,000 rows), checked
/// against the same rows computed in C#: file order without ORDER BY, keyset pages, the index path, full text.
/// </summary>
public sealed class QueryTests : IAsyncLifetime
{
    private const int N = 300_000;
    private static readonly string[] Sectors = ["eolien", "solaire", "methanisation", "hydraulique"];
    private static readonly string[] Words = ["Parc", "éolien", "Ferme", "solaire", "des", "Grands", "Champs", "Moulin", "Côte", "Vallée"];
    private readonly TableHarness h = new();
    private readonly List<Row> rows = [];
    private TableInfo table = null!;

    private sealed record Row(long Id, string Code, string Name, string Sector, double? Power);

    public async ValueTask InitializeAsync()
    {
        var rng = new Random(7);
        var sb = new StringBuilder("code,nom,secteur,puissance\n");
        for (var i = 1; i <= N; i++)
        {
            // One code far more frequent than an index lookup takes (3,000 rows): those queries take the general plan.
            var code = i % 100 == 0 ? "99999" : $"{rng.Next(1, 96):00}{rng.Next(1, 400):000}";
            var name = $"{Words[rng.Next(Words.Length)]} {Words[rng.Next(Words.Length)]} {Words[rng.Next(Words.Length)]} {i}";
            var sector = Sectors[rng.Next(Sectors.Length)];
            double? power = rng.Next(20) == 0 ? null : Math.Round(rng.NextDouble() * 50, 3);
            rows.Add(new Row(i, code, name, sector, power));
            sb.Append(code).Append(',').Append(name).Append(',').Append(sector).Append(',')
              .Append(power?.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        table = await h.TableAsync(sb.ToString());
    }

    public ValueTask DisposeAsync()
    {
        h.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Codes_get_an_index_and_names_are_searchable()
    {
        Assert.True(table.Columns.Single(c => c.Name == "code").Indexed);
        var frequent = table.Columns.Single(c => c.Name == "code").Frequent!;
        Assert.Equal(rows.Count(r => r.Code == "99999"), Assert.Single(frequent, kv => kv.Key == "99999").Value);
        Assert.All(frequent, kv => Assert.True(kv.Value > 100));
        Assert.True(table.Columns.Single(c => c.Name == "nom").Searchable);
        Assert.False(table.Columns.Single(c => c.Name == "secteur").Indexed);
    }

    [Fact]
    public async Task Filtered_pages_come_in_file_order_across_row_groups()
    {
        var expected = rows.Where(r => r.Sector == "hydraulique").Select(r => r.Id).ToList();
        var (page, total, _) = await h.PageAsync(table, "secteur__exact=hydraulique&page=3000&page_size=20");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Skip(2999 * 20).Take(20), TableHarness.Ids(page));
    }

    [Fact]
    public async Task The_index_answers_exact_codes_combined_with_other_filters()
    {
        var code = rows[12345].Code;
        var expected = rows.Where(r => r.Code == code && r.Power >= 10).Select(r => r.Id).ToList();
        var (page, total, _) = await h.PageAsync(table, $"code__exact={code}&puissance__greater=10&page_size=100");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, TableHarness.Ids(page));
    }

    [Fact]
    public async Task An_exact_code_alone_is_answered_from_the_index_with_pages_and_cursors()
    {
        var code = rows.GroupBy(r => r.Code).OrderByDescending(g => g.Count()).First().Key;
        var expected = rows.Where(r => r.Code == code).Select(r => r.Id).ToList();
        Assert.True(expected.Count > 10);
        var (first, total, p) = await h.PageAsync(table, $"code__exact={code}&page_size=4&columns=nom");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Take(4), TableHarness.Ids(first));
        Assert.Equal(["__id", "nom"], first[0]!.AsObject().Select(kv => kv.Key).ToArray());
        var (second, _, _) = await h.PageAsync(table, $"code__exact={code}&page_size=4&columns=nom&after=" + Socle.Tabular.Query.QueryParser.WriteCursor(p.Next!));
        Assert.Equal(expected.Skip(4).Take(4), TableHarness.Ids(second));
        var (third, _, _) = await h.PageAsync(table, $"code__exact={code}&page_size=4&page=3");
        Assert.Equal(expected.Skip(8).Take(4), TableHarness.Ids(third));
        var frequent = rows.Where(r => r.Code == "99999").Select(r => r.Id).ToList();
        var (many, manyTotal, _) = await h.PageAsync(table, "code__exact=99999&page=100&page_size=10");
        Assert.Equal(frequent.Count, manyTotal);
        Assert.Equal(frequent.Skip(990).Take(10), TableHarness.Ids(many));
        var (none, zero, _) = await h.PageAsync(table, "code__exact=00000");
        Assert.Equal(0, zero);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Following_next_cursors_reads_every_row_once_in_sort_order_nulls_last()
    {
        var expected = rows.Where(r => r.Sector == "solaire" && r.Code.StartsWith("1"))
            .OrderBy(r => r.Power is null).ThenByDescending(r => r.Power).ThenBy(r => r.Id).Select(r => r.Id).ToList();
        var seen = new List<long>();
        var query = "secteur__exact=solaire&code__less=19999&code__greater=1&puissance__sort=desc&page_size=500";
        for (var guard = 0; guard < 1000; guard++)
        {
            var (page, _, p) = await h.PageAsync(table, query);
            seen.AddRange(TableHarness.Ids(page));
            if (p.Next is null) break;
            query = "secteur__exact=solaire&code__less=19999&code__greater=1&puissance__sort=desc&page_size=500&after=" +
                    Socle.Tabular.Query.QueryParser.WriteCursor(p.Next);
        }
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Keyset_and_offset_pages_agree_in_file_order()
    {
        var (first, _, p1) = await h.PageAsync(table, "secteur__exact=eolien&page_size=50");
        var (byOffset, _, _) = await h.PageAsync(table, "secteur__exact=eolien&page_size=50&page=2");
        var (byCursor, _, _) = await h.PageAsync(table, "secteur__exact=eolien&page_size=50&after=" + Socle.Tabular.Query.QueryParser.WriteCursor(p1.Next!));
        Assert.Equal(TableHarness.Ids(byOffset), TableHarness.Ids(byCursor));
        Assert.DoesNotContain(TableHarness.Ids(first)[^1], TableHarness.Ids(byCursor));
    }

    [Fact]
    public async Task Deep_pages_without_filters_are_row_ranges()
    {
        var (page, total, p) = await h.PageAsync(table, $"page={N / 20}&page_size=20");
        Assert.Equal(N, total);
        Assert.Equal(Enumerable.Range(N - 19, 20).Select(i => (long)i), TableHarness.Ids(page));
        Assert.Null(p.Next);
    }

    [Fact]
    public async Task Full_text_ignores_accents_and_case_and_needs_every_word()
    {
        static bool Has(string name, string word) => name.Split(' ').Any(w => Fold(w) == word);
        var expected = rows.Where(r => Has(r.Name, "eolien") && Has(r.Name, "vallee")).Select(r => r.Id).ToList();
        var (page, total, _) = await h.PageAsync(table, "q=EOLIEN%20Vall%C3%A9e&page_size=30");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Take(30), TableHarness.Ids(page));
        var (withFilter, t2, _) = await h.PageAsync(table, "q=eolien%20vallee&secteur__exact=solaire&page=2&page_size=10");
        var filtered = rows.Where(r => Has(r.Name, "eolien") && Has(r.Name, "vallee") && r.Sector == "solaire").Select(r => r.Id).ToList();
        Assert.Equal(filtered.Count, t2);
        Assert.Equal(filtered.Skip(10).Take(10), TableHarness.Ids(withFilter));
        var (none, t3, _) = await h.PageAsync(table, "q=%2C%3B");
        Assert.Equal(0, t3);
        Assert.Empty(none);
    }

    /// <summary>The accents of the test's words off, lower case (the tests run with invariant globalization: no Normalize).</summary>
    private static string Fold(string s) => s.ToLowerInvariant().Replace('é', 'e').Replace('ô', 'o');

    [Fact]
    public async Task Contains_ignores_case_and_accents()
    {
        var expected = rows.Where(r => Fold(r.Name).Contains("cote vall")).Select(r => r.Id).ToList();
        var (page, total, _) = await h.PageAsync(table, "nom__contains=C%C3%94TE%20Vall&page_size=5");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Take(5), TableHarness.Ids(page));
    }

    [Fact]
    public async Task Exports_stream_every_matching_row_in_order()
    {
        var expected = rows.Where(r => r.Sector == "methanisation" && r.Power > 49).Select(r => r.Code).ToList();
        var csv = Encoding.UTF8.GetString(await h.ExportAsync(table, "secteur__exact=methanisation&puissance__strictly_greater=49", ExportFormat.Csv));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("code,nom,secteur,puissance", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Split(',')[0]));
        var all = await h.ExportAsync(table, "", ExportFormat.Jsonl);
        Assert.Equal(N, Encoding.UTF8.GetString(all).Count(c => c == '\n'));
    }

    [Fact]
    public async Task Aggregates_group_and_sort_on_the_whole_table()
    {
        var (page, total, _) = await h.PageAsync(table, "secteur__groupby&puissance__sum&puissance__count&puissance__sum__sort=desc");
        Assert.Equal(4, total);
        var expected = rows.GroupBy(r => r.Sector).Select(g => (g.Key, Sum: g.Sum(r => r.Power ?? 0), Count: g.Count(r => r.Power is not null)))
            .OrderByDescending(g => g.Sum).ToList();
        Assert.Equal(expected.Select(e => e.Key), page.Select(r => r!["secteur"]!.GetValue<string>()));
        Assert.Equal(expected[0].Sum, page[0]!["puissance__sum"]!.GetValue<double>(), 3);
        Assert.Equal(expected[0].Count, page[0]!["puissance__count"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_query_over_its_time_limit_is_stopped_with_a_problem()
    {
        var slow = new TableHarness();
        try
        {
            var t = await slow.TableAsync("a,b\n" + string.Join("\n", Enumerable.Range(0, 300_000).Select(i => $"{i},{i % 7}")) + "\n");
            var options = slow.Options with { QueryTimeout = TimeSpan.FromMilliseconds(1) };
            using var engine = new Socle.Tabular.Engine.DuckEngine(options);
            var service = new TableService(null!, options, engine);
            var q = service.Parse(t, TableHarness.Pairs("a__groupby&b__groupby&a__count&b__sum&b__sum__sort=desc"));
            var e = await Assert.ThrowsAsync<CatalogException>(() => service.PageAsync(t, q, TestContext.Current.CancellationToken));
            Assert.Equal("query-timeout", e.Code);
        }
        finally { slow.Dispose(); }
    }
}
