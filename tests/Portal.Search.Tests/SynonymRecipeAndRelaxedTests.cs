using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Recipes;
using Portal.Search.Data;
using Portal.Search.Recipes;
using Portal.Search.Services;
using static Portal.Search.Tests.FakeSource;

namespace Portal.Search.Tests;

public sealed class SynonymRecipeAndRelaxedTests
{
    private static readonly RecipeExecutionContext Context = new() { RecipeFile = "search.recipe.json", BaseDirectory = ".", StepIndex = 0 };

    [Fact]
    public async Task The_synonym_step_adds_groups_once_and_they_apply_at_once()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("carer", "Carer support", "Help for family carers.", culture: "en"),
            Doc("zh", "護老者休息", "給護老者的建議。"));
        Assert.Equal(0, (await corpus.Host.SearchAsync("照顧者")).Total);
        var model = new SearchSynonymsStepModel { Synonyms = ["照顧者, 護老者, carer, caregiver", "義工, volunteer"] };

        for (var run = 0; run < 2; run++)
        {
            await corpus.Host.WithScopeAsync(async sp =>
            {
                var step = new SearchSynonymsStep(sp.GetRequiredService<SearchDbContext>(), sp.GetRequiredService<SynonymCache>(), TimeProvider.System);
                Assert.Empty(step.Validate(model, Context));
                await step.ExecuteAsync(model, Context, CancellationToken.None);
                return 0;
            });
        }

        // The same group in another order and case is not added again either.
        await corpus.Host.WithScopeAsync(async sp =>
        {
            var step = new SearchSynonymsStep(sp.GetRequiredService<SearchDbContext>(), sp.GetRequiredService<SynonymCache>(), TimeProvider.System);
            await step.ExecuteAsync(new SearchSynonymsStepModel { Synonyms = ["Volunteer, 義工"] }, Context, CancellationToken.None);
            Assert.Equal(2, await sp.GetRequiredService<SearchDbContext>().Synonyms.CountAsync());
            return 0;
        });

        Assert.Equal(2, (await corpus.Host.SearchAsync("照顧者")).Total);
    }

    [Fact]
    public void The_synonym_step_names_every_bad_line()
    {
        var step = new SearchSynonymsStep(null!, null!, TimeProvider.System);

        var problems = step.Validate(new SearchSynonymsStepModel { Synonyms = ["照顧者, 護老者", "只有一個詞", " , "] }, Context).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains("Synonyms[1]", problems[0], StringComparison.Ordinal);
        Assert.Contains("Synonyms[2]", problems[1], StringComparison.Ordinal);
        Assert.NotEmpty(step.Validate(new SearchSynonymsStepModel(), Context));
    }

    [Fact]
    public async Task Relaxed_results_of_several_words_mark_whole_words_not_their_bigrams()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("1", "照顧家人的照顧者", "照顧者也要照顧自己。"));

        var result = await corpus.Host.SearchAsync("照顧者 stress");

        Assert.True(result.Relaxed);
        var hit = Assert.Single(result.Hits);
        Assert.Equal("照顧家人的<mark>照顧者</mark>", hit.TitleHtml);
        Assert.Equal("<mark>照顧者</mark>也要照顧自己。", hit.Snippet);
    }

    [Fact]
    public async Task A_long_chinese_run_relaxed_to_bigrams_marks_the_bigrams()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("1", "照顧者的支援", "內容"));

        var result = await corpus.Host.SearchAsync("照顧者支援網絡");

        Assert.True(result.Relaxed);
        Assert.Contains("<mark>支援</mark>", Assert.Single(result.Hits).TitleHtml, StringComparison.Ordinal);
    }
}
