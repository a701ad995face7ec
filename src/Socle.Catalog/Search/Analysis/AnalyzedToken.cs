namespace Socle.Catalog.Search.Analysis;

/// <summary>
/// A word of a text kept for search: its place in the original text (<paramref name="Start"/> inclusive,
/// <paramref name="End"/> exclusive, after any elided article such as <c>l'</c>), its surface form, and the
/// terms it is indexed under (French light stem, then the English light stem when it differs).
/// </summary>
internal sealed record AnalyzedToken(int Start, int End, string Surface, string[] Terms);

/// <summary>
/// One word of a search query: a document matches it when it holds any of the <paramref name="Alternatives"/>
/// (or, when <paramref name="Prefix"/>, any term starting with one of them). Every alternative is [a-z0-9]+.
/// </summary>
internal sealed record QueryTerm(string[] Alternatives, bool Prefix);
