using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Search;

namespace Portal.IntegrationTests;

/// <summary>The knowledge base on the real host, on SQLite and on PostgreSQL: the sample recipe loads (twice, without
/// duplicates), public pages answer, drafts and members-only articles stay hidden, and the search feed is right.</summary>
public abstract class KnowledgeTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : PortalSite
{
    protected TSite Site { get; } = site;

    private async Task LoadSampleAsync()
    {
        var executor = Site.Services.GetRequiredService<RecipeExecutor>();
        var file = Path.Combine(AppContext.BaseDirectory, "content-recipes", "knowledge.recipe.json");
        await executor.ExecuteAsync(file);
        await executor.ExecuteAsync(file);
    }

    [Fact]
    public async Task The_sample_recipe_loads_once_however_often_it_runs()
    {
        await LoadSampleAsync();

        using var scope = Site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KnowledgeDbContext>();
        var sample = await db.Articles.Where(a => a.Slug == "carer-stress").ToListAsync();
        Assert.Equal(["en", "zh-HK"], sample.Select(a => a.Culture).Order());
        Assert.All(sample, a => Assert.Equal(1, a.CurrentRevision));
        Assert.Contains("照顧者", sample.Single(a => a.Culture == "zh-HK").Tags);
        Assert.Equal(9, await db.Categories.CountAsync());
    }

    [Fact]
    public async Task Public_pages_answer_in_both_languages()
    {
        await LoadSampleAsync();
        using var client = Site.CreateBrowser();

        var home = await client.GetStringAsync("/kb");
        Assert.Contains("照顧者壓力：照顧別人，也要照顧自己", home, StringComparison.Ordinal);
        var filtered = await client.GetStringAsync("/kb?condition=" + Uri.EscapeDataString("中風"));
        Assert.Contains("中風後的復康路", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("照顧者壓力：照顧別人", filtered, StringComparison.Ordinal);
        var article = await client.GetStringAsync("/kb/articles/carer-stress?culture=en");
        Assert.Contains("<h1>Carer stress: caring for others, and for yourself</h1>", article, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"zh-HK\"", article, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/kb/no-such-topic")).StatusCode);
    }

    [Fact]
    public async Task Members_only_and_draft_articles_stay_hidden_from_anonymous_readers_and_search()
    {
        await LoadSampleAsync();
        long draftId;
        using (var scope = Site.Services.CreateScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ArticleEditor>();
            var created = await editor.CreateAsync(new ArticleInput
            {
                Slug = "draft-" + Guid.NewGuid().ToString("N")[..8],
                Culture = "en",
                Content = new ArticleContent { Title = "Unfinished draft", Body = "Not ready yet." },
            }, "staff", CancellationToken.None);
            draftId = created.Id!.Value;
        }

        using var client = Site.CreateBrowser();
        using var draftSlugScope = Site.Services.CreateScope();
        var draft = await draftSlugScope.ServiceProvider.GetRequiredService<KnowledgeDbContext>().Articles.SingleAsync(a => a.Id == draftId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/kb/articles/{draft.Slug}")).StatusCode);
        var membersOnly = await client.GetAsync("/kb/articles/leader-self-assessment");
        Assert.Equal(HttpStatusCode.Redirect, membersOnly.StatusCode);
        Assert.Contains("/account/sign-in", membersOnly.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var scope2 = Site.Services.CreateScope();
        var source = scope2.ServiceProvider.GetServices<ISearchDocumentSource>().Single(s => s.Source == "kb-article");
        Assert.Null(await source.GetAsync(draftId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var documents = new List<SearchDocument>();
        await foreach (var document in source.GetAllAsync())
        {
            documents.Add(document);
        }

        Assert.DoesNotContain(documents, d => d.Id == $"kb-article:{draftId}");
        Assert.All(documents.Where(d => d.Url.StartsWith("/kb/articles/leader-self-assessment", StringComparison.Ordinal)),
            d => Assert.Equal([SearchVisibility.AuthenticatedAudience], d.Visibility.Audiences));
        var carer = documents.Single(d => d.Url == "/kb/articles/carer-stress?culture=zh-HK");
        Assert.Equal(SearchVisibility.Public.Audiences, carer.Visibility.Audiences);
        Assert.Contains("護老者", carer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("**", carer.Body, StringComparison.Ordinal);
        Assert.Equal(["conditions"], carer.Facets["category"]);
    }
}

public sealed class SqliteKnowledgeTests(PortalSite site) : KnowledgeTests<PortalSite>(site);

[Collection(PostgresCollection.Name)]
public sealed class PostgresKnowledgeTests(PostgresPortalSite site) : KnowledgeTests<PostgresPortalSite>(site);
