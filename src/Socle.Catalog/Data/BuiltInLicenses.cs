using Socle.Catalog.Model;

namespace Socle.Catalog.Data;

/// <summary>The licences every catalogue starts with: those data.gouv.fr offers, under udata's ids.</summary>
public static class BuiltInLicenses
{
    public const string NotSpecified = "notspecified";

    public static readonly License[] All =
    [
        new() { Id = "lov2", Title = "Licence Ouverte / Open Licence version 2.0", Url = "https://www.etalab.gouv.fr/licence-ouverte-open-licence", IsOpen = true,
                Aliases = ["etalab-2.0", "licence ouverte 2.0", "licence ouverte v2.0", "open licence 2.0"] },
        new() { Id = "fr-lo", Title = "Licence Ouverte / Open Licence", Url = "https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf", IsOpen = true,
                Aliases = ["etalab-1.0", "licence ouverte", "licence ouverte v1.0"] },
        new() { Id = "odc-odbl", Title = "Open Data Commons Open Database License (ODbL)", Url = "https://opendatacommons.org/licenses/odbl/summary/", IsOpen = true,
                Aliases = ["odbl", "odbl-1.0"] },
        new() { Id = "odc-by", Title = "Open Data Commons Attribution License", Url = "https://opendatacommons.org/licenses/by/summary/", IsOpen = true, Aliases = ["odc-by-1.0"] },
        new() { Id = "odc-pddl", Title = "Open Data Commons Public Domain Dedication and Licence (PDDL)", Url = "https://opendatacommons.org/licenses/pddl/summary/", IsOpen = true, Aliases = ["pddl"] },
        new() { Id = "cc-by", Title = "Creative Commons Attribution", Url = "https://creativecommons.org/licenses/by/4.0/", IsOpen = true, Aliases = ["cc-by-4.0", "cc by"] },
        new() { Id = "cc-by-sa", Title = "Creative Commons Attribution Share-Alike", Url = "https://creativecommons.org/licenses/by-sa/4.0/", IsOpen = true, Aliases = ["cc-by-sa-4.0", "cc by-sa"] },
        new() { Id = "cc-zero", Title = "Creative Commons CC0", Url = "https://creativecommons.org/publicdomain/zero/1.0/", IsOpen = true, Aliases = ["cc0", "cc0-1.0"] },
        new() { Id = "mit", Title = "MIT License", Url = "https://opensource.org/licenses/MIT", IsOpen = true },
        new() { Id = "apache-2.0", Title = "Apache License 2.0", Url = "https://www.apache.org/licenses/LICENSE-2.0", IsOpen = true },
        new() { Id = "other-open", Title = "Autre licence ouverte / Other open licence", IsOpen = true },
        new() { Id = "other-closed", Title = "Licence non ouverte / Closed licence", IsOpen = false },
        new() { Id = NotSpecified, Title = "Licence non spécifiée / License not specified", IsOpen = false },
    ];
}
