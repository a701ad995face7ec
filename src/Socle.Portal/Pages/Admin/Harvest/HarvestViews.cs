using System.Globalization;
using Socle.Catalog.Harvest;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Harvest;

/// <summary>How the harvest pages draw a run's status and an item's outcome (names for texts, DSFR badge colours), and instants.</summary>
internal static class HarvestViews
{
    public static readonly string[] Outcomes = [HarvestItem.Created, HarvestItem.Updated, HarvestItem.Unchanged, HarvestItem.Archived, HarvestItem.Failed];

    /// <summary>As the API names it: queued, running, succeeded, failed.</summary>
    public static string StatusName(HarvestRunStatus s) => s.ToString().ToLowerInvariant();

    public static string StatusBadge(HarvestRunStatus s) => s switch
    {
        HarvestRunStatus.Succeeded => "fr-badge--success",
        HarvestRunStatus.Failed => "fr-badge--error",
        HarvestRunStatus.Running => "fr-badge--info",
        _ => "fr-badge--new",
    };

    public static string OutcomeBadge(string outcome) => outcome switch
    {
        HarvestItem.Created => "fr-badge--success",
        HarvestItem.Updated => "fr-badge--info",
        HarvestItem.Archived => "fr-badge--warning",
        HarvestItem.Failed => "fr-badge--error",
        _ => "",
    };

    public static bool Finished(HarvestRun r) => r.Status is HarvestRunStatus.Succeeded or HarvestRunStatus.Failed;

    /// <summary>A date and its time (UTC): several runs may happen the same day.</summary>
    public static string When(PortalContext p, DateTimeOffset? d) =>
        d is { } v ? p.Date(v) + " " + v.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";
}
