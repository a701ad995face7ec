namespace Socle.Portal.Pages.Admin.Schemas;

/// <summary>What <c>_SchemaFile.cshtml</c> draws: the file input of one of the registry's forms, with its error.</summary>
internal sealed record SchemaFileView(string Prefix, string Label, string Hint, string? Error);
