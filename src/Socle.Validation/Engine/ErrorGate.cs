using System.Collections.Concurrent;
using Socle.Validation.Reporting;

namespace Socle.Validation.Engine;

/// <summary>
/// Tells the row checks whether errors are still being listed. Once the report holds limitErrors errors, checks
/// only count: they hand back one shared token per code instead of a full error with the row's cells.
/// </summary>
internal sealed class ErrorGate
{
    private volatile bool _listing = true;
    private static readonly ConcurrentDictionary<(string, bool), ValidationError> Tokens = new();

    public bool Listing => _listing;
    public void Close() => _listing = false;

    /// <summary>A shared, count-only error of a code.</summary>
    public static ValidationError Token(string code, bool hasField = true) =>
        Tokens.GetOrAdd((code, hasField), k => new ValidationError { Type = k.Item1, FieldNumber = k.Item2 ? 0 : null });
}
