using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Services;

namespace Socle.Portal.Pages.Algorithms;

/// <summary>
/// The crosswalk of the register's fields to the Dutch and UK standards (<see cref="AlgorithmExports.Mapping"/>), as a
/// table with its JSON and CSV twins, so that an entry can be carried over to either register.
/// </summary>
public sealed class MappingModel(CatalogSettings settings) : PageModel
{
    internal IReadOnlyList<MappingRow> Rows { get; private set; } = [];

    /// <summary>Section key → its label in the profile, for the table's section column.</summary>
    internal IReadOnlyDictionary<string, Socle.Catalog.Profiles.LocalizedText> Sections { get; private set; } = new Dictionary<string, Socle.Catalog.Profiles.LocalizedText>();

    public void OnGet()
    {
        var profile = settings.AlgorithmProfile;
        Rows = [.. AlgorithmExports.Mapping(profile)];
        Sections = profile.Sections.ToDictionary(s => s.Key, s => s.Label);
    }
}
