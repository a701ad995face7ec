using Socle.Catalog.Model;

namespace Socle.Catalog.Services;

/// <summary>
/// The publication workflow datasets and algorithm register entries share: draft → proposed → published or rejected,
/// with unpublish (back to draft) and reopen (a rejected one, to draft). Editors of the organisation publish, reject
/// and unpublish; the author and the organisation's contributors propose and reopen.
/// </summary>
public static class Workflow
{
    public static readonly string[] Actions = ["propose", "publish", "reject", "unpublish", "reopen"];

    /// <summary>Whether the action needs an editor (otherwise the author or a contributor may do it).</summary>
    public static bool NeedsEditor(string action) => action switch
    {
        "publish" or "reject" or "unpublish" => true,
        "propose" or "reopen" => false,
        _ => throw CatalogException.Invalid("action", "unknown-action", action),
    };

    /// <summary>
    /// Whether the actor may take the action on an item of that organisation and author: editors always; the author and
    /// the organisation's contributors for the moves that need no editor. Unknown actions are refused as invalid.
    /// </summary>
    public static bool May(string action, Guid? organizationId, Guid? ownerId, Actor actor)
    {
        var editor = actor.Has(organizationId, OrganizationRole.Editor);
        return NeedsEditor(action) ? editor : editor || ownerId == actor.AccountId || actor.Has(organizationId, OrganizationRole.Contributor);
    }

    /// <summary>The moves to offer from <paramref name="status"/>: possible there and allowed to the actor (the service still decides).</summary>
    public static IReadOnlyList<string> Offered(DatasetStatus status, Guid? organizationId, Guid? ownerId, Actor actor) =>
        [.. Actions.Where(action => Target(action, status) is not null && May(action, organizationId, ownerId, actor))];

    /// <summary>The state the action leads to from <paramref name="from"/>, or null when it is not possible there.</summary>
    public static DatasetStatus? Target(string action, DatasetStatus from) => (action, from) switch
    {
        ("propose", DatasetStatus.Draft) => DatasetStatus.Proposed,
        ("publish", DatasetStatus.Draft or DatasetStatus.Proposed) => DatasetStatus.Published,
        ("reject", DatasetStatus.Proposed) => DatasetStatus.Rejected,
        ("unpublish", DatasetStatus.Published) => DatasetStatus.Draft,
        ("reopen", DatasetStatus.Rejected) => DatasetStatus.Draft,
        _ => null,
    };
}
