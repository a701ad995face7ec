using Socle.Validation.Reporting;

namespace Socle.Catalog.Profiles;

/// <summary>
/// A profile file that cannot be used, with a message naming the file and the faulty part (a message key of
/// <c>Resources/messages/profiles.*.json</c> and its arguments, the first one the file). <see cref="Exception.Message"/>
/// is the English text, for logs; <see cref="Localized"/> gives the user's language.
/// </summary>
public sealed class ProfileException : Exception
{
    internal ProfileException(string key, params string[] args) : base(Render(key, Messages.English, args))
    {
        Key = key;
        Args = args;
    }

    internal ProfileException(Exception inner, string key, params string[] args) : base(Render(key, Messages.English, args), inner)
    {
        Key = key;
        Args = args;
    }

    public string Key { get; }
    public string[] Args { get; }

    public string Localized(string lang) => Render(Key, lang, Args);

    private static string Render(string key, string lang, string[] args)
    {
        ProfileMessages.EnsureRegistered();
        return Messages.Format(key, lang, args);
    }
}

/// <summary>Makes the catalogue's message files known to <see cref="Messages"/> before a profile text is rendered.</summary>
internal static class ProfileMessages
{
    static ProfileMessages() => Messages.Register(typeof(ProfileMessages).Assembly);

    /// <summary>Does nothing itself: calling it runs the static constructor, once.</summary>
    public static void EnsureRegistered() { }
}
