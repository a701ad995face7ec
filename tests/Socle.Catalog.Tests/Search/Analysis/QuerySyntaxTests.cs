using Microsoft.Data.Sqlite;
using Npgsql;
using Socle.Catalog.Search.Analysis;

namespace Socle.Catalog.Tests.Search.Analysis;

/// <summary>The query texts handed to SQLite FTS5 and PostgreSQL, checked as text and against the real engines.</summary>
public class QuerySyntaxTests
{
    private static readonly TextAnalyzer Analyzer = TextAnalyzer.Shared;

    // Query texts that would mean something to FTS5 or tsquery if they reached them unquoted.
    public static readonly TheoryData<string> Hostile =
    [
        "eau\" OR 1=1 --", "NEAR(eau air)", "NEAR(", "title:eau", "{title body}: eau", "^eau", "eau*", "\"", "\"\"\"",
        "eau AND OR NOT", "- eau", "+eau", "eau & ! air | (", "eau:* & air:A", "'; DROP TABLE docs; --", "*", ")", "eau)",
    ];

    [Fact]
    public void Fts5_groups_alternatives_and_quotes_every_term()
    {
        Assert.Equal("(\"eau\" OR \"eaux\") AND (\"qualit\"* OR \"qualite\"*)", TextAnalyzer.ToFts5(Analyzer.Query("eaux qualité")));
        Assert.Equal("(\"eau\") AND (\"qualit\" OR \"qualite\")", TextAnalyzer.ToFts5(Analyzer.Query("l'eau qualité ")));
        Assert.Equal("(\"2024\"*)", TextAnalyzer.ToFts5(Analyzer.Query("2024")));
    }

    [Fact]
    public void TsQuery_groups_alternatives_and_marks_prefixes()
    {
        Assert.Equal("(eau | eaux) & (qualit:* | qualite:*)", TextAnalyzer.ToTsQuery(Analyzer.Query("eaux qualité")));
        Assert.Equal("eau & (qualit | qualite)", TextAnalyzer.ToTsQuery(Analyzer.Query("l'eau qualité ")));
        Assert.Equal("eau & air:*", TextAnalyzer.ToTsQuery(Analyzer.Query("eau air")));
    }

    [Fact]
    public void Empty_query_gives_empty_texts()
    {
        Assert.Equal("", TextAnalyzer.ToFts5([]));
        Assert.Equal("", TextAnalyzer.ToTsQuery([]));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Query_text_cannot_reach_the_syntax(string query)
    {
        var fts = TextAnalyzer.ToFts5(Analyzer.Query(query));
        // Outside quoted terms only the builder's own syntax remains.
        var outside = System.Text.RegularExpressions.Regex.Replace(fts, "\"[a-z0-9]+\"\\*?", "T");
        Assert.Matches("^(\\((T( OR T)*)\\)( AND \\((T( OR T)*)\\))*)?$", outside);
        Assert.Matches("^([a-z0-9:*()|& ]*)$", TextAnalyzer.ToTsQuery(Analyzer.Query(query)));
    }

    [Theory]
    [InlineData("eau\"")]
    [InlineData("eau OR air")]
    [InlineData("Eau")]
    [InlineData("é")]
    [InlineData("")]
    public void Hand_made_terms_outside_a_z_0_9_are_refused(string alternative)
    {
        QueryTerm[] query = [new(["eau"], false), new([alternative], true)];
        Assert.Throws<ArgumentException>(() => TextAnalyzer.ToFts5(query));
        Assert.Throws<ArgumentException>(() => TextAnalyzer.ToTsQuery(query));
        Assert.Throws<ArgumentException>(() => TextAnalyzer.ToFts5([new QueryTerm([], false)]));
    }

    private static readonly string[] Documents =
    [
        "Qualité de l'eau potable distribuée dans les communes",
        "Qualité de l'air : pollution atmosphérique",
        "Rivers and lakes of Brittany",
        "Les eaux de baignade en 2024",
        "Hôpitaux et établissements de santé",
    ];

    [Theory]
    [InlineData("eau", new[] { 0, 3 })]
    [InlineData("eaux ", new[] { 0, 3 })]
    [InlineData("qualite eau ", new[] { 0 })]
    [InlineData("QUALITÉS ", new[] { 0, 1 })]
    [InlineData("pollutions atmospheriques ", new[] { 1 })]
    [InlineData("river ", new[] { 2 })]
    [InlineData("atmo", new[] { 1 })]
    [InlineData("hopital ", new[] { 4 })]
    [InlineData("202", new[] { 3 })]
    [InlineData("eau\" OR 1=1 --", new int[0])]
    [InlineData("NEAR(eau air)", new int[0])] // three plain words, no document has them all
    public void Fts5_accepts_the_expression_and_finds_the_expected_rows(string query, int[] expected)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE docs USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0')");
        for (var i = 0; i < Documents.Length; i++)
            Execute(connection, "INSERT INTO docs(rowid, terms) VALUES ($id, $terms)", ("$id", i), ("$terms", Analyzer.IndexTerms(Documents[i])));

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT rowid FROM docs WHERE docs MATCH $q ORDER BY rowid";
        select.Parameters.AddWithValue("$q", TextAnalyzer.ToFts5(Analyzer.Query(query)));
        var found = new List<int>();
        using (var reader = select.ExecuteReader())
            while (reader.Read()) found.Add(reader.GetInt32(0));
        Assert.Equal(expected, found);
        Assert.Equal(expected, Enumerable.Range(0, Documents.Length).Where(i => TextAnalyzerTests.Finds(query, Documents[i])));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Fts5_never_fails_on_hostile_queries(string query)
    {
        var terms = Analyzer.Query(query);
        if (terms.Count == 0) return; // callers skip full text
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE docs USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0')");
        Execute(connection, "INSERT INTO docs(terms) VALUES ($t)", ("$t", Analyzer.IndexTerms(string.Join(' ', Documents))));
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT count(*) FROM docs WHERE docs MATCH $q";
        select.Parameters.AddWithValue("$q", TextAnalyzer.ToFts5(terms));
        select.ExecuteScalar();
    }

    [Fact]
    public void Fts5_tokenizer_sees_exactly_our_terms()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE docs USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0')");
        Execute(connection, "CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'row')");
        var text = string.Join(' ', Documents) + " CO₂ m² 1e10 0x1F 3,5 Œuvre d'aujourd'hui";
        Execute(connection, "INSERT INTO docs(terms) VALUES ($t)", ("$t", Analyzer.IndexTerms(text)));
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT term FROM vocab ORDER BY term";
        var seen = new List<string>();
        using (var reader = select.ExecuteReader())
            while (reader.Read()) seen.Add(reader.GetString(0));
        Assert.Equal(Analyzer.IndexTerms(text).Split(' ').Distinct().Order(StringComparer.Ordinal), seen);
    }

    /// <summary>Runs against the PostgreSQL server of <c>SOCLE_TEST_POSTGRES</c>, when it is set.</summary>
    [Fact]
    public async Task PostgreSQL_simple_config_sees_our_terms_and_accepts_the_tsquery()
    {
        var server = Environment.GetEnvironmentVariable("SOCLE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server)) Assert.Skip("SOCLE_TEST_POSTGRES is not set: PostgreSQL tests skipped (./test sets it)");
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        var text = string.Join(' ', Documents) + " CO₂ m² 1e10 0x1F 3,5 Œuvre d'aujourd'hui";
        var terms = Analyzer.IndexTerms(text);
        await using (var lexemes = new NpgsqlCommand("SELECT array_agg(lexeme ORDER BY lexeme COLLATE \"C\") FROM unnest(to_tsvector('simple', @t))", connection))
        {
            lexemes.Parameters.AddWithValue("t", terms);
            var seen = (string[])(await lexemes.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            Assert.Equal(terms.Split(' ').Distinct().Order(StringComparer.Ordinal), seen);
        }

        foreach (var query in new[] { "eau", "qualite eau ", "pollutions atmospheriques ", "river ", "atmo", "202", "eau\" OR 1=1 --", "eau & ! air | (" })
        {
            var expected = Enumerable.Range(0, Documents.Length).Where(i => TextAnalyzerTests.Finds(query, Documents[i])).ToArray();
            var found = new List<int>();
            for (var i = 0; i < Documents.Length; i++)
            {
                await using var match = new NpgsqlCommand("SELECT to_tsvector('simple', @t) @@ to_tsquery('simple', @q)", connection);
                match.Parameters.AddWithValue("t", Analyzer.IndexTerms(Documents[i]));
                match.Parameters.AddWithValue("q", TextAnalyzer.ToTsQuery(Analyzer.Query(query)));
                if ((bool)(await match.ExecuteScalarAsync(TestContext.Current.CancellationToken))!) found.Add(i);
            }
            Assert.Equal(expected, found);
        }
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}
