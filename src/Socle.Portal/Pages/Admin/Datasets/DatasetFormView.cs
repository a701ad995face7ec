namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>What the <c>_DatasetForm</c> partial draws: the sections, the errors, the version the form was read at.</summary>
internal sealed record DatasetFormView(IReadOnlyList<FormSection> Sections, FormErrors Errors, int? Version, string Submit, string? Cancel);
