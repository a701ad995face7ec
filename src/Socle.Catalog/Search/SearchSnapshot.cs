using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;

namespace Socle.Catalog.Search;

/// <summary>
/// What search needs of every dataset besides its text, held in memory: published or not, facet values (as
/// numbers), and the sort keys. Facet counts, filters and sorting run here in C#, in microseconds per dataset, instead
/// of grouping millions of facet rows in SQL at every query. It follows the database through the catalogue's
/// generation counter: each search reads one number, and a change reloads only the datasets changed since.
/// </summary>
public sealed class SearchSnapshot
{
    private readonly SemaphoreSlim reload = new(1, 1);
    private volatile State current = State.Empty;

    /// <summary>
    /// A dataset as search sees it: <c>Title</c> folded (lower case, no accents) for sorting, facet value numbers, and
    /// the numbers of the terms of its title and of its keywords and labels (sorted), for relevance.
    /// </summary>
    internal sealed record Entry(long Key, bool Published, int Quality, long Updated, long Created, string Title, int[] Values,
        int[] TitleTerms, int[] KeywordTerms);

    /// <summary>One immutable state: readers keep the one they took while a reload builds the next.</summary>
    internal sealed class State(long generation, Dictionary<long, Entry> entries, List<(string Facet, string Value)> values,
        Dictionary<(string, string), int> ids, Dictionary<string, int> terms)
    {
        public static readonly State Empty = new(-1, [], [], [], []);
        public long Generation { get; } = generation;
        public Dictionary<long, Entry> Entries { get; } = entries;
        /// <summary>Facet value by number; numbers are never reused, so older entries stay meaningful.</summary>
        public List<(string Facet, string Value)> Values { get; } = values;
        public Dictionary<(string, string), int> Ids { get; } = ids;
        /// <summary>Analysed term → number, for the terms of titles and keywords (append-only, like facet values).</summary>
        public Dictionary<string, int> Terms { get; } = terms;
    }

    /// <summary>The state as of the database's current generation.</summary>
    internal async Task<State> CurrentAsync(CatalogDb db, CancellationToken ct)
    {
        var generation = await db.State.AsNoTracking().Where(s => s.Id == CatalogState.Datasets).Select(s => s.Generation).FirstAsync(ct);
        var state = current;
        if (state.Generation == generation) return state;
        await reload.WaitAsync(ct);
        try
        {
            state = current;
            if (state.Generation >= generation) return state;
            current = state = await LoadAsync(db, state, ct);
            return state;
        }
        finally
        {
            reload.Release();
        }
    }

    private static async Task<State> LoadAsync(CatalogDb db, State old, CancellationToken ct)
    {
        // Read the generation first: rows changed after it are read again next time, never missed.
        var generation = await db.State.AsNoTracking().Where(s => s.Id == CatalogState.Datasets).Select(s => s.Generation).FirstAsync(ct);
        var since = old.Generation;
        var entries = since < 0 ? new Dictionary<long, Entry>() : new Dictionary<long, Entry>(old.Entries);
        var values = new List<(string, string)>(old.Values);
        var ids = new Dictionary<(string, string), int>(old.Ids);
        var terms = new Dictionary<string, int>(old.Terms, StringComparer.Ordinal);
        int[] TermIds(string text)
        {
            var list = new List<int>();
            foreach (var t in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!terms.TryGetValue(t, out var id)) terms[t] = id = terms.Count;
                list.Add(id);
            }
            var array = list.Distinct().ToArray();
            Array.Sort(array);
            return array;
        }

        foreach (var key in await db.Tombstones.AsNoTracking().Where(t => t.Generation > since).Select(t => t.DatasetKey).ToListAsync(ct))
            entries.Remove(key);

        var changed = new Dictionary<long, (bool, int, long, long, string, int[], int[])>();
        var facets = new Dictionary<long, List<int>>();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            var published = nameof(Model.DatasetStatus.Published);
            await using (var cmd = Command(connection, "SELECT d.key, d.status, d.quality, d.updated_at, d.created_at, d.title, s.title_terms, s.keyword_terms " +
                                                       "FROM datasets d LEFT JOIN dataset_search_texts s ON s.dataset_key = d.key WHERE d.search_generation > @since", since))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    changed[r.GetInt64(0)] = (r.GetString(1) == published, r.GetInt32(2), Instant(r.GetValue(3)), Instant(r.GetValue(4)), r.GetString(5),
                        TermIds(r.IsDBNull(6) ? "" : r.GetString(6)), TermIds(r.IsDBNull(7) ? "" : r.GetString(7)));
            await using (var cmd = Command(connection, "SELECT f.dataset_key, f.facet, f.value FROM dataset_facets f JOIN datasets d ON d.key = f.dataset_key " +
                                                       "WHERE d.search_generation > @since", since))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    var pair = (r.GetString(1), r.GetString(2));
                    if (!ids.TryGetValue(pair, out var id)) { id = values.Count; values.Add(pair); ids[pair] = id; }
                    var key = r.GetInt64(0);
                    if (!facets.TryGetValue(key, out var list)) facets[key] = list = [];
                    list.Add(id);
                }
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
        foreach (var (key, (pub, quality, updated, created, title, titleTerms, keywordTerms)) in changed)
        {
            var ofKey = facets.TryGetValue(key, out var l) ? l.ToArray() : [];
            Array.Sort(ofKey);
            entries[key] = new Entry(key, pub, quality, updated, created, Profiles.TextFolding.Fold(title), ofKey, titleTerms, keywordTerms);
        }
        return new State(generation, entries, values, ids, terms);
    }

    /// <summary>SQLite stores instants as Unix milliseconds, PostgreSQL as timestamptz: both become comparable numbers.</summary>
    private static long Instant(object value) => value switch
    {
        long ms => ms,
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
        DateTimeOffset dto => dto.ToUnixTimeMilliseconds(),
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static DbCommand Command(DbConnection connection, string sql, long since)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = "@since";
        p.Value = since;
        cmd.Parameters.Add(p);
        return cmd;
    }
}
