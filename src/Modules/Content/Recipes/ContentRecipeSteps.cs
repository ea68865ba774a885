using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.Services;
using Portal.Recipes;
using Portal.Globalization;

namespace Portal.Content.Recipes;

/// <summary>Creates pages by slug. A slug that already exists is left as it is, so staff edits survive a re-run
/// and running the recipe twice creates nothing new.</summary>
internal sealed class PagesStep(ContentDbContext db, TimeProvider clock, ContentIndexNotifier notifier) : RecipeStepHandler<PagesStepModel>
{
    public override string StepName => "Pages";

    public override IEnumerable<string> Validate(PagesStepModel model, RecipeExecutionContext context)
    {
        if (model.Pages.Count == 0)
        {
            yield return "\"pages\" must list at least one page.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < model.Pages.Count; i++)
        {
            var page = model.Pages[i];
            var slug = ContentRules.NormalizeSlug(page.Slug);
            var where = $"pages[{i}] ('{slug}')";
            foreach (var error in ContentRules.ValidateSlug(slug))
            {
                yield return $"{where}: \"slug\": {error.Text}";
            }

            if (slug.Length > 0 && !seen.Add(slug))
            {
                yield return $"{where}: \"slug\": the slug appears twice in this step.";
            }

            var text = ToText(page).Cleaned();
            foreach (var error in text.Validate())
            {
                yield return $"{where}: \"{RecipeField(error.Field)}\": {error.Text}";
            }

            if (!RecipeStatus.TryParse(page.Status, out var published))
            {
                yield return $"{where}: \"status\" must be \"Published\" or \"Draft\", not '{page.Status}'.";
            }
            else if (published && !HasContent(text.TitleZh, text.BodyZh) && !HasContent(text.TitleEn, text.BodyEn))
            {
                yield return $"{where}: \"body\": a published page needs a title and body in at least one language.";
            }
        }
    }

    public override async Task ExecuteAsync(PagesStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var existing = (await db.Pages.Select(p => p.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var created = new List<Page>();
        foreach (var spec in model.Pages)
        {
            var slug = ContentRules.NormalizeSlug(spec.Slug);
            if (existing.Contains(slug))
            {
                continue;
            }

            var page = Page.Create(slug, ToText(spec), now);
            if (RecipeStatus.TryParse(spec.Status, out var published) && published)
            {
                page.Publish(now);
            }

            db.Pages.Add(page);
            created.Add(page);
        }

        await notifier.SavePagesAsync(db, () => created.Select(p => p.Id), cancellationToken);
    }

    private static PageText ToText(PagesStepModel.PageModel page) => new(page.Title?.ZhHK, page.Title?.En, page.Body?.ZhHK, page.Body?.En);

    private static bool HasContent(string? title, string? body) => !string.IsNullOrWhiteSpace(title) && !string.IsNullOrWhiteSpace(body);

    internal static string RecipeField(string field) => field switch
    {
        "titleZh" => "title.zh-HK",
        "titleEn" => "title.en",
        "bodyZh" => "body.zh-HK",
        "bodyEn" => "body.en",
        "summaryZh" => "summary.zh-HK",
        "summaryEn" => "summary.en",
        "textZh" => "text.zh-HK",
        "textEn" => "text.en",
        _ => field,
    };
}

/// <summary>Creates news items by slug; an existing slug is left as it is.</summary>
internal sealed class NewsStep(ContentDbContext db, TimeProvider clock, ContentIndexNotifier notifier) : RecipeStepHandler<NewsStepModel>
{
    public override string StepName => "News";

    public override IEnumerable<string> Validate(NewsStepModel model, RecipeExecutionContext context)
    {
        if (model.News.Count == 0)
        {
            yield return "\"news\" must list at least one news item.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < model.News.Count; i++)
        {
            var item = model.News[i];
            var slug = ContentRules.NormalizeSlug(item.Slug);
            var where = $"news[{i}] ('{slug}')";
            foreach (var error in ContentRules.ValidateSlug(slug))
            {
                yield return $"{where}: \"slug\": {error.Text}";
            }

            if (slug.Length > 0 && !seen.Add(slug))
            {
                yield return $"{where}: \"slug\": the slug appears twice in this step.";
            }

            if (item.Date is not null && !NewsEditor.TryParseDate(item.Date, out _))
            {
                yield return $"{where}: \"date\" must be a date written yyyy-MM-dd, not '{item.Date}'.";
            }

            var text = ToText(item).Cleaned();
            foreach (var error in text.Validate())
            {
                yield return $"{where}: \"{PagesStep.RecipeField(error.Field)}\": {error.Text}";
            }

            if (!RecipeStatus.TryParse(item.Status, out var published))
            {
                yield return $"{where}: \"status\" must be \"Published\" or \"Draft\", not '{item.Status}'.";
            }
            else if (published && !HasContent(text.TitleZh, text.SummaryZh, text.BodyZh) && !HasContent(text.TitleEn, text.SummaryEn, text.BodyEn))
            {
                yield return $"{where}: \"body\": a published news item needs a title and text in at least one language.";
            }
        }
    }

    public override async Task ExecuteAsync(NewsStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = PortalCultures.Today(clock);
        var existing = (await db.News.Select(n => n.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var created = new List<NewsItem>();
        foreach (var spec in model.News)
        {
            var slug = ContentRules.NormalizeSlug(spec.Slug);
            if (existing.Contains(slug))
            {
                continue;
            }

            var date = NewsEditor.TryParseDate(spec.Date, out var parsed) ? parsed : today;
            var item = NewsItem.Create(slug, ToText(spec), date, now);
            if (RecipeStatus.TryParse(spec.Status, out var published) && published)
            {
                item.Publish(now);
            }

            db.News.Add(item);
            created.Add(item);
        }

        await notifier.SaveNewsAsync(db, () => created.Select(n => n.Id), cancellationToken);
    }

    private static NewsText ToText(NewsStepModel.NewsModel item) =>
        new(item.Title?.ZhHK, item.Title?.En, item.Summary?.ZhHK, item.Summary?.En, item.Body?.ZhHK, item.Body?.En);

    private static bool HasContent(string? title, string? summary, string? body) =>
        !string.IsNullOrWhiteSpace(title) && (!string.IsNullOrWhiteSpace(summary) || !string.IsNullOrWhiteSpace(body));
}

/// <summary>Adds main-menu links in the order given. A link whose URL is already in the menu is left as it is.</summary>
internal sealed class MenuStep(ContentDbContext db, Portal.Content.Services.MainMenuCache cache) : RecipeStepHandler<MenuStepModel>
{
    public override string StepName => "Menu";

    public override IEnumerable<string> Validate(MenuStepModel model, RecipeExecutionContext context)
    {
        if (model.Items.Count == 0)
        {
            yield return "\"items\" must list at least one menu link.";
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < model.Items.Count; i++)
        {
            var item = model.Items[i];
            var where = $"items[{i}] ('{item.Url}')";
            foreach (var error in MenuItem.Validate(item.Text?.ZhHK, item.Text?.En, item.Url))
            {
                yield return $"{where}: \"{PagesStep.RecipeField(error.Field)}\": {error.Text}";
            }

            if (!string.IsNullOrWhiteSpace(item.Url) && !seen.Add(item.Url.Trim()))
            {
                yield return $"{where}: \"url\": the same address appears twice in this step.";
            }
        }
    }

    public override async Task ExecuteAsync(MenuStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var menu = new MainMenu(await db.MenuItems.ToListAsync(cancellationToken));
        foreach (var spec in model.Items)
        {
            if (!menu.Contains(spec.Url!))
            {
                db.MenuItems.Add(menu.Add(spec.Text!.ZhHK!, spec.Text.En!, spec.Url!));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await cache.ChangedAsync(cancellationToken);
    }
}
