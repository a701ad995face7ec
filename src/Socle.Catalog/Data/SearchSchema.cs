namespace Socle.Catalog.Data;

/// <summary>
/// The full-text index over <c>dataset_search_texts</c>, which EF cannot describe: an external-content FTS5 table
/// kept in step by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL. Both see the
/// same pre-analysed terms (a-z, 0-9, split on spaces), so both match the same datasets.
/// </summary>
internal static class SearchSchema
{
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE dataset_fts USING fts5(
            title_terms, keyword_terms, body_terms,
            content='dataset_search_texts', content_rowid='dataset_key',
            tokenize="unicode61 remove_diacritics 0");
        CREATE TRIGGER dataset_search_ai AFTER INSERT ON dataset_search_texts BEGIN
            INSERT INTO dataset_fts(rowid, title_terms, keyword_terms, body_terms)
            VALUES (new.dataset_key, new.title_terms, new.keyword_terms, new.body_terms);
        END;
        CREATE TRIGGER dataset_search_ad AFTER DELETE ON dataset_search_texts BEGIN
            INSERT INTO dataset_fts(dataset_fts, rowid, title_terms, keyword_terms, body_terms)
            VALUES ('delete', old.dataset_key, old.title_terms, old.keyword_terms, old.body_terms);
        END;
        CREATE TRIGGER dataset_search_au AFTER UPDATE ON dataset_search_texts BEGIN
            INSERT INTO dataset_fts(dataset_fts, rowid, title_terms, keyword_terms, body_terms)
            VALUES ('delete', old.dataset_key, old.title_terms, old.keyword_terms, old.body_terms);
            INSERT INTO dataset_fts(rowid, title_terms, keyword_terms, body_terms)
            VALUES (new.dataset_key, new.title_terms, new.keyword_terms, new.body_terms);
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS dataset_search_au;
        DROP TRIGGER IF EXISTS dataset_search_ad;
        DROP TRIGGER IF EXISTS dataset_search_ai;
        DROP TABLE IF EXISTS dataset_fts;
        """;

    public const string PostgresUp = """
        ALTER TABLE dataset_search_texts ADD COLUMN document tsvector
            GENERATED ALWAYS AS (to_tsvector('simple', title_terms || ' ' || keyword_terms || ' ' || body_terms)) STORED;
        CREATE INDEX ix_dataset_search_texts_document ON dataset_search_texts USING GIN (document);
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS ix_dataset_search_texts_document;
        ALTER TABLE dataset_search_texts DROP COLUMN IF EXISTS document;
        """;
}
