using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Catalog.Tests.Catalog;

/// <summary>Who may do what to a dataset, and the history every change leaves — on SQLite and on PostgreSQL.</summary>
public abstract class WorkflowTests(Db kind) : IAsyncLifetime
{
    protected CatalogFixture F = null!;
    public async ValueTask InitializeAsync() => F = await CatalogFixture.CreateAsync(kind);
    public ValueTask DisposeAsync() => F.DisposeAsync();

    [Fact]
    public async Task A_member_creates_a_draft_an_outsider_proposes_and_an_editor_publishes_or_rejects()
    {
        var draft = await F.CreateAsync(F.Contributor, F.DatasetBody("Mesures de dioxyde d'azote"));
        Assert.Equal(DatasetStatus.Draft, draft.Status);
        Assert.Equal("mesures-de-dioxyde-d-azote", draft.Slug);

        var proposal = await F.CreateAsync(F.Outsider, F.DatasetBody("Pollens dans l'air de Toulouse"));
        Assert.Equal(DatasetStatus.Proposed, proposal.Status);

        // A contributor drafts, but only an editor publishes.
        var e = await Assert.ThrowsAsync<CatalogException>(() => F.Run<DatasetService, Dataset>(s => s.TransitionAsync(F.Contributor, draft.Slug, "publish", null)));
        Assert.Equal(Problem.Forbidden, e.Problem);
        var published = await F.Run<DatasetService, Dataset>(s => s.TransitionAsync(F.Editor, draft.Slug, "publish", null));
        Assert.Equal(DatasetStatus.Published, published.Status);

        var rejected = await F.Run<DatasetService, Dataset>(s => s.TransitionAsync(F.Editor, proposal.Slug, "reject", "Déjà publié par ailleurs"));
        Assert.Equal(DatasetStatus.Rejected, rejected.Status);
        Assert.Equal("Déjà publié par ailleurs", rejected.ReviewNote);

        // Publishing what is already published is a conflict, not a silent success.
        var again = await Assert.ThrowsAsync<CatalogException>(() => F.Run<DatasetService, Dataset>(s => s.TransitionAsync(F.Editor, draft.Slug, "publish", null)));
        Assert.Equal(Problem.Conflict, again.Problem);
    }

    [Fact]
    public async Task Drafts_are_invisible_to_the_public_and_to_outsiders()
    {
        var draft = await F.CreateAsync(F.Contributor, F.DatasetBody("Brouillon interne"));
        foreach (var who in new[] { Actor.Anonymous, F.Outsider })
        {
            var e = await Assert.ThrowsAsync<CatalogException>(() => F.Run<DatasetService, Dataset>(s => s.GetAsync(draft.Slug, who)));
            Assert.Equal(Problem.NotFound, e.Problem);
        }
        Assert.Equal(draft.Id, (await F.Run<DatasetService, Dataset>(s => s.GetAsync(draft.Slug, F.Editor))).Id);
    }

    [Fact]
    public async Task Every_change_is_a_revision_with_author_and_what_changed_and_two_revisions_compare()
    {
        var d = await F.CreateAsync(F.Editor, F.DatasetBody("Ozone estival"));
        await F.Run<DatasetService, Dataset>(s => s.UpdateAsync(F.Editor, d.Slug, new JsonObject
        {
            ["title"] = "Ozone estival en Occitanie",
            ["extras"] = new JsonObject { ["environment"] = new JsonArray("air"), ["nature"] = new JsonArray("mesures", "indicateur") },
        }));
        await F.Run<DatasetService, Dataset>(s => s.TransitionAsync(F.Editor, d.Slug, "publish", null));

        var revisions = await F.Run<DatasetService, List<DatasetRevision>>(s => s.RevisionsAsync(Actor.Anonymous, d.Slug));
        Assert.Equal([3, 2, 1], revisions.Select(r => r.Number));
        Assert.All(revisions, r => Assert.Equal("Éditrice", r.AuthorName));
        var fields = JsonNode.Parse(revisions[1].Changes)!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["title", "extras.nature"], fields);
        var status = JsonNode.Parse(revisions[0].Changes)!.AsArray().Single()!;
        Assert.Equal("status", status["field"]!.GetValue<string>());
        Assert.Equal("published", status["after"]!.GetValue<string>());

        var diff = await F.Run<DatasetService, JsonArray>(s => s.CompareAsync(Actor.Anonymous, d.Slug, 1, 3));
        Assert.Equal(["title", "extras.nature", "status"], diff.Select(c => c!["field"]!.GetValue<string>()));
        Assert.Equal("Ozone estival", diff[0]!["before"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_metadata_is_refused_field_by_field_and_nothing_changes()
    {
        var d = await F.CreateAsync(F.Editor, F.DatasetBody("Nitrates dans les nappes", "eau"));
        var before = await F.Db(db => db.Revisions.CountAsync());
        var bad = new JsonObject
        {
            ["title"] = "",
            ["colour"] = "bleu",
            ["license"] = "wtfpl",
            ["spatial"] = new JsonObject { ["zones"] = new JsonArray("Paris") },
            ["extras"] = new JsonObject { ["environment"] = new JsonArray("espace"), ["nature"] = new JsonArray("mesures") },
        };
        var e = await Assert.ThrowsAsync<CatalogException>(() => F.Run<DatasetService, Dataset>(s => s.UpdateAsync(F.Editor, d.Slug, bad)));
        Assert.Equal(Problem.Invalid, e.Problem);
        Assert.Equal(["colour", "title", "license", "spatial.zones", "extras.environment"], e.Errors.Select(x => x.Field));
        Assert.Contains("espace", e.Errors[^1].Message("fr"));
        Assert.Contains("colour", e.Errors[0].Message("en"));

        var after = await F.Run<DatasetService, Dataset>(s => s.GetAsync(d.Slug, F.Editor));
        Assert.Equal("Nitrates dans les nappes", after.Title);
        Assert.Equal(before, await F.Db(db => db.Revisions.CountAsync()));
    }

    [Fact]
    public async Task A_profile_required_field_is_required_and_vocabulary_synonyms_are_normalised()
    {
        var body = F.DatasetBody("Sans milieu");
        body["extras"] = new JsonObject { ["nature"] = new JsonArray("mesures") };
        var e = await Assert.ThrowsAsync<CatalogException>(() => F.CreateAsync(F.Editor, body));
        Assert.Equal("extras.environment", Assert.Single(e.Errors).Field);

        var synonym = F.DatasetBody("Avec synonyme");
        synonym["extras"] = new JsonObject { ["environment"] = new JsonArray("pollution atmosphérique"), ["nature"] = new JsonArray("Mesures") };
        var d = await F.CreateAsync(F.Editor, synonym);
        Assert.Equal("air", d.Extras["environment"]![0]!.GetValue<string>());
        Assert.Equal(0, await F.Db(db => db.Datasets.CountAsync(x => x.Title == "Sans milieu")));
    }

    [Fact]
    public async Task A_stale_version_is_refused_so_no_update_is_lost()
    {
        var d = await F.CreateAsync(F.Editor, F.DatasetBody("Version"));
        await F.Run<DatasetService, Dataset>(s => s.UpdateAsync(F.Editor, d.Slug, new JsonObject { ["title"] = "Version 2" }, d.Version));
        var e = await Assert.ThrowsAsync<CatalogException>(() =>
            F.Run<DatasetService, Dataset>(s => s.UpdateAsync(F.Editor, d.Slug, new JsonObject { ["title"] = "Version 3" }, d.Version)));
        Assert.Equal(Problem.PreconditionFailed, e.Problem);
    }

    [Fact]
    public async Task Comments_need_an_account_and_are_listed_in_order()
    {
        var d = await F.PublishedAsync("Commentable");
        await Assert.ThrowsAsync<CatalogException>(() => F.Run<DatasetService, Comment>(s => s.CommentAsync(Actor.Anonymous, d.Slug, "Bonjour")));
        await F.Run<DatasetService, Comment>(s => s.CommentAsync(F.Outsider, d.Slug, "Les données de 2023 manquent ?"));
        await F.Run<DatasetService, Comment>(s => s.CommentAsync(F.Editor, d.Slug, "Ajoutées ce matin."));
        var list = await F.Run<DatasetService, List<Comment>>(s => s.CommentsAsync(Actor.Anonymous, d.Slug));
        Assert.Equal(["Citoyenne", "Éditrice"], list.Select(c => c.Author!.DisplayName));
    }

    [Fact]
    public async Task The_last_admin_of_an_organisation_cannot_leave_it_orphaned()
    {
        var members = await F.Run<OrganizationService, List<Membership>>(o => o.MembersAsync(F.Org.Slug));
        Assert.Equal(2, members.Count);
        var e = await Assert.ThrowsAsync<CatalogException>(() =>
            F.Run<OrganizationService, Membership>(o => o.SetMemberAsync(F.Editor, F.Org.Slug, "contrib@example.org", "owner")));
        Assert.Equal(Problem.Invalid, e.Problem);
        var f = await Assert.ThrowsAsync<CatalogException>(() =>
            F.Run<OrganizationService, Membership>(o => o.SetMemberAsync(F.Contributor, F.Org.Slug, "citizen@example.org", "editor")));
        Assert.Equal(Problem.Forbidden, f.Problem);
        var g = await Assert.ThrowsAsync<CatalogException>(() =>
            F.Run<OrganizationService, Membership>(o => o.SetMemberAsync(F.Editor, F.Org.Slug, "editor@example.org", "editor")));
        Assert.Equal(Problem.Conflict, g.Problem);
        await F.Run<OrganizationService, Membership>(o => o.SetMemberAsync(F.Editor, F.Org.Slug, "contrib@example.org", "admin"));
        await F.Run<OrganizationService, Membership>(o => o.SetMemberAsync(F.Editor, F.Org.Slug, "editor@example.org", "editor"));
    }
}

public sealed class WorkflowTestsSqlite() : WorkflowTests(Db.Sqlite);
public sealed class WorkflowTestsPostgres() : WorkflowTests(Db.Postgres);
