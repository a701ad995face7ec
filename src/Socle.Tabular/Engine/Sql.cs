using System.Text;

namespace Socle.Tabular.Engine;

/// <summary>
/// The only ways text enters SQL: identifiers of columns that were checked against the table (quoted), and
/// literals Socle writes itself (file paths, schema formats at ingest). Request values never do: they are parameters.
/// </summary>
internal static class Sql
{
    public static string Ident(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    public static string List(IEnumerable<string> literals) => "[" + string.Join(", ", literals.Select(Literal)) + "]";

    /// <summary>$1, $2, …: DuckDB's positional parameters.</summary>
    public sealed class Parameters
    {
        public List<object?> Values { get; } = [];

        public string Add(object? value)
        {
            Values.Add(value);
            return "$" + Values.Count;
        }
    }

    public static StringBuilder AppendJoin(this StringBuilder sb, string separator, IEnumerable<string> parts) =>
        sb.Append(string.Join(separator, parts));
}
