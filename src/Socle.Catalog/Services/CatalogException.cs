using Socle.Validation.Reporting;

namespace Socle.Catalog.Services;

public enum Problem { Invalid, NotFound, Forbidden, Unauthorized, Conflict, TooLarge, PreconditionFailed, Unavailable, PreconditionRequired }

/// <summary>One thing wrong with a request, by field; the message is rendered in the reader's language.</summary>
public sealed record FieldError(string Field, string Code, string MessageKey, object?[] Args)
{
    /// <summary>A catalogue error: template <c>catalog.error.{code}</c>, with the field as argument {0}.</summary>
    public static FieldError Of(string field, string code, params object?[] args) =>
        new(field, code, $"catalog.error.{code}", [field, .. args]);

    public string Message(string lang) => Messages.Format(MessageKey, lang, Args);
}

/// <summary>
/// A request the catalogue refuses, with nothing changed. The web host turns it into an RFC 9457 problem detail,
/// the CLI into one line and exit code 2.
/// </summary>
public sealed class CatalogException(Problem problem, string code, IReadOnlyList<FieldError>? errors = null, params object?[] args)
    : Exception(code)
{
    public Problem Problem { get; } = problem;
    /// <summary>Message key suffix: <c>catalog.problem.{Code}</c>.</summary>
    public string Code { get; } = code;
    public object?[] Args { get; } = args;
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];

    public string Title(string lang) => Messages.Format($"catalog.problem.{Code}", lang, Args);

    public static CatalogException NotFound(string what, string id) => new(Problem.NotFound, "not-found", null, what, id);
    public static CatalogException Forbidden(string action) => new(Problem.Forbidden, "forbidden", null, action);
    public static CatalogException Unauthorized() => new(Problem.Unauthorized, "unauthorized");
    public static CatalogException Invalid(IReadOnlyList<FieldError> errors) => new(Problem.Invalid, "invalid", errors);
    public static CatalogException Invalid(string field, string code, params object?[] args) => Invalid([FieldError.Of(field, code, args)]);
}
