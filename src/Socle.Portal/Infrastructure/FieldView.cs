namespace Socle.Portal.Infrastructure;

/// <summary>What the shared <c>_Field</c> partial draws: one labelled input, its hint, and its error if any.</summary>
public sealed record FieldView(string Id, string Name, string Label, string? Value, string? Error, string Type = "text",
    bool Required = false, string? Hint = null, string? Autocomplete = null);
