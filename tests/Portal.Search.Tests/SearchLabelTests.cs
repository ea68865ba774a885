using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Search.Querying;
using Portal.Search.Resources;
using Portal.Search.Services;
using Portal.Search.ViewModels;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Search.Tests;

/// <summary>Facet values get their labels from the modules: in batches, cached briefly, with a fallback.</summary>
public sealed class SearchLabelTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Names categories like a module would read them from its database, and counts the calls.</summary>
    private sealed class CategoryLabels : ISearchLabelProvider
    {
        public List<(string Facet, string[] Values, string Culture)> Calls { get; } = [];

        public bool Fail { get; set; }

        public IReadOnlyCollection<string> Facets { get; } = ["category"];

        public IReadOnlyDictionary<string, string> GetDocumentTypeNames(string culture) =>
            new Dictionary<string, string> { ["kb-article"] = culture == "en" ? "Knowledge article" : "知識文章" };

        public Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(string facet, IReadOnlyCollection<string> values, string culture, CancellationToken cancellationToken = default)
        {
            Calls.Add((facet, [.. values], culture));
            if (Fail)
            {
                throw new InvalidOperationException("database unavailable");
            }

            var names = new Dictionary<string, (string Zh, string En)> { ["mutual-aid"] = ("互助實踐", "Mutual aid"), ["fundraising"] = ("籌款", "Fundraising") };
            IReadOnlyDictionary<string, string> found = values.Where(names.ContainsKey)
                .ToDictionary(v => v, v => culture == "en" ? names[v].En : names[v].Zh);
            return Task.FromResult(found);
        }
    }

    private static readonly IStringLocalizer<SearchStrings> Localizer = new StringLocalizer<SearchStrings>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private static SearchLabelResolver Resolver(CategoryLabels provider, FakeTimeProvider clock) =>
        new([provider], new SearchLabelCache(clock, Options.Create(new SearchOptions())), Localizer, NullLogger<SearchLabelResolver>.Instance);

    private static Dictionary<string, IReadOnlyCollection<string>> Values(params (string Facet, string[] Values)[] facets) =>
        facets.ToDictionary(f => f.Facet, f => (IReadOnlyCollection<string>)f.Values);

    [Fact]
    public async Task Values_are_named_in_the_readers_language_in_one_call_per_facet_and_unknown_values_fall_back()
    {
        var provider = new CategoryLabels();
        var resolver = Resolver(provider, Clock());

        var chinese = await resolver.ResolveAsync(
            Values(("category", ["mutual-aid", "fundraising", "self-care-tips"]), ("type", ["kb-article", "forum-post"]), ("culture", ["zh-HK", "en"])),
            "zh-HK",
            default);

        Assert.Equal("互助實踐", chinese.Label("category", "mutual-aid"));
        Assert.Equal("籌款", chinese.Label("category", "fundraising"));
        Assert.Equal("self care tips", chinese.Label("category", "self-care-tips"));
        Assert.Equal("知識文章", chinese.Label("type", "kb-article"));
        Assert.Equal("forum post", chinese.Label("type", "forum-post"));
        Assert.Equal("中文", chinese.Label("culture", "zh-HK"));
        Assert.Equal("英文", chinese.Label("culture", "en"));
        Assert.Equal("tag value", chinese.Label("tag", "tag-value"));
        var call = Assert.Single(provider.Calls);
        Assert.Equal(3, call.Values.Length);

        var english = await resolver.ResolveAsync(Values(("category", ["mutual-aid"]), ("culture", ["zh-HK"])), "en-GB", default);
        Assert.Equal("Mutual aid", english.Label("category", "mutual-aid"));
        Assert.Equal("Chinese", english.Label("culture", "zh-HK"));
        Assert.Equal("en", english.Culture);
    }

    [Fact]
    public async Task Answers_are_cached_briefly_even_for_unknown_values()
    {
        var provider = new CategoryLabels();
        var clock = Clock();
        var resolver = Resolver(provider, clock);

        await resolver.ResolveAsync(Values(("category", ["mutual-aid", "unknown"])), "zh-HK", default);
        await resolver.ResolveAsync(Values(("category", ["mutual-aid", "unknown"])), "zh-HK", default);
        Assert.Single(provider.Calls);

        // Only what is not cached is asked for.
        await resolver.ResolveAsync(Values(("category", ["mutual-aid", "fundraising"])), "zh-HK", default);
        Assert.Equal(["fundraising"], provider.Calls[^1].Values);

        clock.Advance(new SearchOptions().LabelCacheDuration + TimeSpan.FromSeconds(1));
        await resolver.ResolveAsync(Values(("category", ["mutual-aid"])), "zh-HK", default);
        Assert.Equal(3, provider.Calls.Count);
    }

    [Fact]
    public async Task A_failing_provider_leaves_the_values_as_written_and_is_asked_again_next_time()
    {
        var provider = new CategoryLabels { Fail = true };
        var resolver = Resolver(provider, Clock());

        var labels = await resolver.ResolveAsync(Values(("category", ["mutual-aid"])), "zh-HK", default);
        Assert.Equal("mutual aid", labels.Label("category", "mutual-aid"));

        provider.Fail = false;
        labels = await resolver.ResolveAsync(Values(("category", ["mutual-aid"])), "zh-HK", default);
        Assert.Equal("互助實踐", labels.Label("category", "mutual-aid"));
        Assert.Equal(2, provider.Calls.Count);
    }

    [Fact]
    public async Task Values_with_the_same_label_become_one_option_and_the_page_splits_them_again()
    {
        var provider = new CategoryLabels();
        var labels = await Resolver(provider, Clock()).ResolveAsync(Values(("category", ["mutual-aid", "fundraising"])), "zh-HK", default);
        var synonyms = new FacetLabels("zh-HK", new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["condition"] = new Dictionary<string, string> { ["dementia"] = "認知障礙症", ["認知障礙症"] = "認知障礙症" },
        });

        var options = FacetOption.Group("condition", [new FacetValue("中風", 3), new FacetValue("認知障礙症", 2), new FacetValue("dementia", 2)], synonyms);
        Assert.Equal(["認知障礙症", "中風"], options.Select(o => o.Label));
        Assert.Equal("認知障礙症,dementia", options[0].Value);
        Assert.Equal(4, options[0].Count);
        Assert.Equal("互助實踐", FacetOption.Group("category", [new FacetValue("mutual-aid", 1)], labels)[0].Label);

        var query = new SearchPageQuery { Condition = [options[0].Value, "中風"] };
        Assert.Equal(["認知障礙症", "dementia", "中風"], query.Filters()["condition"]);
    }
}
