using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Validate;
using Socle.Validation.Reporting;

namespace Socle.Portal.Pages.Datasets;

/// <summary>
/// The validation report the catalogue stored for a resource (what <c>/api/1/datasets/{slug}/resources/{id}/validation/</c>
/// returns): its status, when, against which schema, and the report itself.
/// </summary>
public sealed class ValidationModel(ResourceService resources, SchemaRegistry schemas, PortalContext p) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;
    public Resource Resource { get; private set; } = null!;
    /// <summary>valid, invalid, failed or not-validated, as the API says it.</summary>
    public string Status { get; private set; } = "";
    public ReportView? Report { get; private set; }
    /// <summary>A report is stored but about content that has since been replaced (a new validation is queued).</summary>
    public bool Stale { get; private set; }

    public string ApiUrl => $"/api/1/datasets/{Uri.EscapeDataString(Dataset.Slug)}/resources/{Resource.Id}/validation/";
    public string DatasetUrl => $"/datasets/{Uri.EscapeDataString(Dataset.Slug)}/";
    public string ResourceUrl => $"/datasets/{Uri.EscapeDataString(Dataset.Slug)}/resources/{Resource.Id}/";

    public async Task<IActionResult> OnGetAsync(string slug, Guid id)
    {
        (Dataset, Resource) = await resources.GetAsync(p.Actor, slug, id, HttpContext.RequestAborted);
        Status = ResourceStatus.Name(Resource);
        Stale = Resource.ValidationReport is not null && Status == "not-validated";
        if (Resource.ValidationReport is { } json)
        {
            // Registered schemas are described from the registry (cached); a schema URL is named, not fetched.
            var registered = Resource.Schema is { } s ? ValidationRun.Registered(schemas).FirstOrDefault(x => x.Name == s) : null;
            var schema = Resource.Schema is null ? null : new ReportView.SchemaInfo(null, registered?.Title, registered?.Version, Resource.Schema);
            // The validation job writes its reports in French (see ResourceValidationJob).
            Report = ReportView.FromJson(json, p.Lang, Messages.French, Resource.FileName ?? Resource.Url ?? Resource.Title, schema);
        }
        return Page();
    }
}
