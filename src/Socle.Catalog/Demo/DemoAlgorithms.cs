using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Services;

namespace Socle.Catalog.Demo;

/// <summary>
/// The demo's algorithm register (<c>Resources/demo/algorithms.json</c>): entries written by the demo's people through
/// <see cref="AlgorithmService"/>, as they would, then taken through the workflow and later edits.
/// </summary>
internal static class DemoAlgorithms
{
    /// <summary>The demo file: also what the test that keeps Socle's own entries true to the code reads.</summary>
    public static JsonArray Entries() => DemoResources.Json("algorithms.json")["algorithms"]!.AsArray();

    public static async Task<int> SeedAsync(IServiceProvider services, IReadOnlyDictionary<string, Actor> actors, string reviewer, CancellationToken ct)
    {
        var count = 0;
        foreach (var spec in Entries())
        {
            await using var scope = services.CreateAsyncScope();
            var algorithms = scope.ServiceProvider.GetRequiredService<AlgorithmService>();
            var author = actors[spec!["by"]!.GetValue<string>()];
            var body = (JsonObject)spec["body"]!.DeepClone();
            if (spec["datasets"] is JsonArray datasets) body["datasets"] = datasets.DeepClone();
            try
            {
                var a = await algorithms.CreateAsync(author, body, ct);
                if (spec["status"]!.GetValue<string>() == "published")
                {
                    var editor = author.Has(a.OrganizationId, Model.OrganizationRole.Editor) ? author : actors[reviewer];
                    if (editor != author) await algorithms.TransitionAsync(author, a.Slug, "propose", null, ct);
                    await algorithms.TransitionAsync(editor, a.Slug, "publish", null, ct);
                }
                foreach (var edit in spec["edits"]?.AsArray() ?? [])
                {
                    var patch = (JsonObject)edit!["patch"]!.DeepClone();
                    // A partial "fields" object completes the current one, as an editor changing one field would.
                    if (patch["fields"] is JsonObject changed)
                    {
                        var fields = (JsonObject)(await algorithms.GetAsync(a.Slug, author, ct)).Fields.DeepClone();
                        foreach (var (k, v) in changed) fields[k] = v?.DeepClone();
                        patch["fields"] = fields;
                    }
                    await algorithms.UpdateAsync(actors[edit["by"]!.GetValue<string>()], a.Slug, patch, null, ct);
                }
                count++;
            }
            catch (CatalogException e)
            {
                var why = string.Join("; ", e.Errors.Select(x => x.Message(Validation.Reporting.Messages.English)).DefaultIfEmpty(e.Title(Validation.Reporting.Messages.English)));
                throw new InvalidOperationException($"Demo algorithm \"{spec["key"]}\" refused: {why}", e);
            }
        }
        return count;
    }
}
