using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Search;

namespace Portal.Benchmarks.Relevance;

/// <summary>
/// The documents of the relevance benchmark: the demo site's Knowledge articles and news (read from
/// <c>content-recipes/</c>, as the Knowledge and Content modules index them: title; summary and body as plain text;
/// the article's language) plus the articles below, which the judged set needs (a topic the demo lacks, a glossary
/// full of synonyms, an "annual members' meeting" that never says "annual meeting"…). Ids are
/// <c>{source}:{slug}.{zh|en}</c>, e.g. <c>kb:carer-stress.zh</c>.
/// </summary>
internal static partial class RelevanceCorpus
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.slnx")))
            {
                return dir.FullName;
            }
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Portal.slnx) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The synonym groups of <c>content-recipes/search.recipe.json</c> (the starter list every site loads).</summary>
    public static IReadOnlyList<string> Synonyms(string root)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "content-recipes", "search.recipe.json")));
        return [.. json.RootElement.GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("name").GetString() == "SearchSynonyms")
            .SelectMany(s => s.GetProperty("synonyms").EnumerateArray().Select(e => e.GetString()!))];
    }

    public static IReadOnlyList<SearchDocument> Documents(string root)
    {
        var documents = new List<SearchDocument>();
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "content-recipes", "knowledge.recipe.json"))))
        {
            foreach (var step in json.RootElement.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("name").GetString() == "KnowledgeArticles"))
            {
                foreach (var a in step.GetProperty("articles").EnumerateArray())
                {
                    var culture = a.GetProperty("culture").GetString()!;
                    var summary = a.GetProperty("summary").GetString() ?? "";
                    documents.Add(Doc(
                        "kb",
                        a.GetProperty("slug").GetString()!,
                        culture,
                        a.GetProperty("title").GetString()!,
                        summary + "\n\n" + PlainText(a.GetProperty("body").GetString() ?? ""),
                        a.GetProperty("visibility").GetString() == "public" ? SearchVisibility.Public : SearchVisibility.SignedIn,
                        a.GetProperty("category").GetString(),
                        Date(a, "published")));
                }
            }
        }

        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "content-recipes", "content.recipe.json"))))
        {
            foreach (var step in json.RootElement.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("name").GetString() == "News"))
            {
                foreach (var n in step.GetProperty("news").EnumerateArray())
                {
                    foreach (var culture in new[] { "zh-HK", "en" })
                    {
                        var summary = n.TryGetProperty("summary", out var s) ? s.GetProperty(culture).GetString() ?? "" : "";
                        documents.Add(Doc(
                            "news",
                            n.GetProperty("slug").GetString()!,
                            culture,
                            n.GetProperty("title").GetProperty(culture).GetString()!,
                            summary + "\n\n" + PlainText(Text(n.GetProperty("body").GetProperty(culture))),
                            SearchVisibility.Public,
                            null,
                            Date(n, "date")));
                    }
                }
            }
        }

        documents.AddRange(AddedArticles.Select(a => Doc("extra", a.Slug, a.Culture, a.Title, a.Body, SearchVisibility.Public, null)));
        return documents;
    }

    /// <summary>A recipe text: one string, or an array of lines.</summary>
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? string.Join('\n', value.EnumerateArray().Select(l => l.GetString()))
        : value.GetString() ?? "";

    private static DateTimeOffset Date(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : Added;

    /// <summary>When the benchmark's own articles were "published" (after the demo's).</summary>
    private static readonly DateTimeOffset Added = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static SearchDocument Doc(string source, string slug, string culture, string title, string body, SearchVisibility visibility, string? category, DateTimeOffset? updated = null) => new()
    {
        Id = source + ":" + slug + "." + (culture.StartsWith("zh", StringComparison.Ordinal) ? "zh" : "en"),
        Type = source,
        Culture = culture,
        Title = title,
        Body = body,
        Url = "/" + source + "/" + slug + "?culture=" + culture,
        UpdatedUtc = updated ?? Added,
        Visibility = visibility,
        Facets = category is null
            ? new Dictionary<string, IReadOnlyList<string>>()
            : new Dictionary<string, IReadOnlyList<string>> { ["category"] = [category] },
    };

    /// <summary>Markdown to plain text, roughly (emphasis, headings, list marks and table bars removed).</summary>
    private static string PlainText(string markdown) => MarkdownMarks().Replace(markdown, " ");

    [GeneratedRegex(@"[#*_>|`]+|^\s*[-+]\s+|\[|\]\([^)]*\)", RegexOptions.Multiline)]
    private static partial Regex MarkdownMarks();

    private sealed record AddedArticle(string Slug, string Culture, string Title, string Body);

    /// <summary>Articles a real site would have that the demo lacks, each written for one class of query.</summary>
    private static readonly AddedArticle[] AddedArticles =
    [
        // The "annual meeting" of the issue: the text says 周年會員大會 (annual members' meeting), never 周年大會.
        new("agm-checklist", "zh-HK", "周年會員大會籌備清單",
            "籌備周年會員大會要提早三個月開始。周年會員大會前要寄出通告、核對會員名單、準備財務報告及選舉執委。會員大會當日安排簽到及點票。"),
        new("agm-checklist", "en", "Annual general meeting checklist",
            "Start preparing the annual general meeting three months ahead. Send the notice, check the list of members, prepare the accounts and the committee election."),
        // A glossary that uses every synonym of 照顧者 but never the word itself: it must not beat the articles that use the typed word.
        new("carer-words", "zh-HK", "照料者、護老者、看護者：用語小詞典",
            "照料者、護老者、看護者、照料者、護老者：不同機構用不同的字。本文只解釋用語，不談支援。照料者、護老者。"),
        // A rare English synonym in an English article (respite, caregivers): it must not beat the Chinese articles for a Chinese query.
        new("caregiver-respite", "en", "Respite for caregivers",
            "Caregivers need respite. A caregiver who looks after a parent with dementia can book day respite care. Caregiver groups share where to find it."),
        // Topics the demo lacks: cancer, diabetes, hearing.
        new("cancer-group", "zh-HK", "癌症病友互助小組：確診之後",
            "確診癌症之後，很多病友都感到徬徨。癌症病友互助小組每月聚會，分享治療經驗、飲食和情緒支援。"),
        new("cancer-group", "en", "A cancer support group: after the diagnosis",
            "After a cancer diagnosis many patients feel lost. The cancer support group meets monthly to share treatment experience, diet and emotional support."),
        new("diabetes-diet", "zh-HK", "糖尿病飲食：病友的午餐盒",
            "糖尿病病友分享控制血糖的飲食方法：少糖、多菜、定時定量。午餐盒的份量和外出用膳的小貼士。"),
        new("diabetes-diet", "en", "Diabetes and diet: lunch boxes from members",
            "Members living with diabetes share how they eat to keep blood sugar steady: less sugar, more vegetables, regular meals."),
        new("hearing-aids", "zh-HK", "助聽器的保養與清潔",
            "聽障會員分享助聽器的日常保養：每晚清潔、放入乾燥盒、定期更換電池。聽力中心可以免費檢查助聽器。"),
        // Close spellings for the suggestions: "volunteering" and "volunteers" are in the demo; "voluntary" is here.
        new("voluntary-sector", "en", "The voluntary sector in Hong Kong",
            "Voluntary organisations, charities and self-help groups make up the voluntary sector."),
    ];
}
