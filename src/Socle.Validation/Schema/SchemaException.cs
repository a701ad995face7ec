namespace Socle.Validation.Schema;

/// <summary>
/// A schema (or data package, or custom check declaration) that cannot be used. Carries a message key and arguments
/// so that the CLI and the web render it in the user's language (see <see cref="Reporting.Messages"/>).
/// </summary>
public sealed class SchemaException(string key, params string[] args)
    : Exception(Reporting.Messages.Format(key, Reporting.Messages.English, args))
{
    public string Key { get; } = key;
    public string[] Args { get; } = args;
    public string Localized(string lang) => Reporting.Messages.Format(Key, lang, Args);
}
