using Socle.Catalog.Profiles;
using Socle.Validation.Reporting;

namespace Socle.Catalog.Dcat;

/// <summary>
/// A document an RDF reader refuses. It ends up in a harvest run's report, so it carries a message key
/// (<c>Resources/messages/rdf.{fr,en}.json</c>) and its arguments rather than a text, and where the reader stopped.
/// </summary>
public sealed class RdfSyntaxException(string key, object?[] args, int line = 0, int column = 0, Exception? inner = null)
    : Exception(key, inner)
{
    public string Key { get; } = key;
    public object?[] Args { get; } = args;
    /// <summary>1-based; 0 when unknown.</summary>
    public int Line { get; } = line;
    /// <summary>1-based, in characters; 0 when unknown.</summary>
    public int Column { get; } = column;

    /// <summary>The message in <paramref name="lang"/>, followed by the position when there is one.</summary>
    public string Describe(string lang)
    {
        ProfileMessages.EnsureRegistered();
        var text = Messages.Format(Key, lang, Args);
        return Line > 0 ? Messages.Format("rdf.at", lang, text, Line, Column) : text;
    }

    public override string Message => Describe(Messages.French);
}
