using System.Text;

namespace Socle.Catalog.Dcat;

/// <summary>
/// Reference resolution as RFC 3986 §5.2 defines it, on strings: System.Uri also normalises (host case, default
/// ports, percent-encodings, IDN, a trailing slash on "http://a"), and an RDF IRI must stay the text the document wrote.
/// </summary>
public static class IriReference
{
    /// <summary>Whether <paramref name="iri"/> starts with a scheme (<c>ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"</c>).</summary>
    public static bool IsAbsolute(string iri) => SchemeLength(iri) > 0;

    private static int SchemeLength(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) return 0;
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':') return i;
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.') return 0;
        }
        return 0;
    }

    /// <summary>
    /// <paramref name="reference"/> resolved against <paramref name="baseIri"/>. An absolute reference is returned as
    /// written; a relative one is returned unchanged when there is no absolute base to resolve it against.
    /// </summary>
    public static string Resolve(string? baseIri, string reference)
    {
        if (IsAbsolute(reference) || string.IsNullOrEmpty(baseIri) || !IsAbsolute(baseIri)) return reference;
        var r = Parts.Of(reference);
        var b = Parts.Of(baseIri);
        string? authority, query;
        string path;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = RemoveDotSegments(r.Path[0] == '/' ? r.Path : Merge(b, r.Path));
                query = r.Query;
            }
            authority = b.Authority;
        }
        var sb = new StringBuilder(baseIri.Length + reference.Length);
        sb.Append(b.Scheme).Append(':');
        if (authority is not null) sb.Append("//").Append(authority);
        sb.Append(path);
        if (query is not null) sb.Append('?').Append(query);
        if (r.Fragment is not null) sb.Append('#').Append(r.Fragment);
        return sb.ToString();
    }

    private static string Merge(Parts b, string path)
    {
        if (b.Authority is not null && b.Path.Length == 0) return "/" + path;
        var slash = b.Path.LastIndexOf('/');
        return slash < 0 ? path : string.Concat(b.Path.AsSpan(0, slash + 1), path);
    }

    /// <summary>RFC 3986 §5.2.4: the input buffer is <c>input[i..]</c>; "replace the prefix with '/'" moves <c>i</c> onto a slash.</summary>
    internal static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.')) return path;
        var output = new StringBuilder(path.Length);
        var input = path;
        var i = 0;
        while (i < input.Length)
        {
            var rest = input.AsSpan(i);
            if (rest.StartsWith("../")) i += 3;
            else if (rest.StartsWith("./")) i += 2;
            else if (rest.StartsWith("/./")) i += 2;
            else if (rest is "/.") { input = "/"; i = 0; }
            else if (rest.StartsWith("/../")) { i += 3; RemoveLastSegment(output); }
            else if (rest is "/..") { input = "/"; i = 0; RemoveLastSegment(output); }
            else if (rest is "." or "..") i = input.Length;
            else
            {
                var next = input.IndexOf('/', i + (rest[0] == '/' ? 1 : 0));
                if (next < 0) next = input.Length;
                output.Append(input, i, next - i);
                i = next;
            }
        }
        return output.ToString();
    }

    private static void RemoveLastSegment(StringBuilder output)
    {
        var length = output.Length;
        while (length > 0 && output[length - 1] != '/') length--;
        output.Length = length > 0 ? length - 1 : 0;
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment)
    {
        public static Parts Of(string s)
        {
            string? fragment = null, query = null, authority = null, scheme = null;
            var hash = s.IndexOf('#');
            if (hash >= 0) { fragment = s[(hash + 1)..]; s = s[..hash]; }
            var question = s.IndexOf('?');
            if (question >= 0) { query = s[(question + 1)..]; s = s[..question]; }
            var schemeLength = SchemeLength(s);
            if (schemeLength > 0) { scheme = s[..schemeLength]; s = s[(schemeLength + 1)..]; }
            if (s.StartsWith("//", StringComparison.Ordinal))
            {
                var end = s.IndexOf('/', 2);
                if (end < 0) end = s.Length;
                authority = s[2..end];
                s = s[end..];
            }
            return new Parts(scheme, authority, s, query, fragment);
        }
    }
}
