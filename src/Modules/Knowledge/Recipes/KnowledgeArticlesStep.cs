using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Recipes;

namespace Portal.Knowledge.Recipes;

public sealed class KnowledgeArticlesStepModel
{
    public List<KnowledgeArticleModel> Articles { get; set; } = [];
}

public sealed class KnowledgeArticleModel
{
    public string? Slug { get; set; }

    /// <summary><c>zh-HK</c> or <c>en</c>.</summary>
    public string? Culture { get; set; }

    /// <summary>Shared by the zh-HK and en versions of the same article.</summary>
    public string? TranslationKey { get; set; }

    public string? Title { get; set; }
    public string? Summary { get; set; }

    /// <summary>Markdown.</summary>
    public string? Body { get; set; }

    /// <summary>Slug of a category (created by a <c>KnowledgeCategories</c> step).</summary>
    public string? Category { get; set; }

    public List<string> Tags { get; set; } = [];
    public List<string> Conditions { get; set; } = [];
    public List<string> Audiences { get; set; } = [];

    /// <summary><c>public</c> (default) or <c>members</c>.</summary>
    public string? Visibility { get; set; }

    /// <summary><c>published</c> (default), <c>draft</c>, <c>inreview</c> or <c>unpublished</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Publication date, <c>yyyy-MM-dd</c> (Hong Kong date).</summary>
    public string? Published { get; set; }
}

/// <summary><c>KnowledgeArticles</c>: creates or updates articles, matched by slug + culture. Running it again
/// changes nothing (no new revision when the content is the same).</summary>
internal sealed class KnowledgeArticlesStep(KnowledgeDbContext db, KnowledgeIndexNotifier indexNotifier, TimeProvider clock)
    : RecipeStepHandler<KnowledgeArticlesStepModel>
{
    public const string Name = "KnowledgeArticles";

    public override string StepName => Name;

    public override IEnumerable<string> Validate(KnowledgeArticlesStepModel model, RecipeExecutionContext context)
    {
        if (model.Articles.Count == 0)
        {
            yield return "KnowledgeArticles: the step has no \"articles\".";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < model.Articles.Count; i++)
        {
            var a = model.Articles[i];
            var where = $"KnowledgeArticles: article #{i + 1}" + (string.IsNullOrWhiteSpace(a.Slug) ? string.Empty : $" (\"{a.Slug}\", {a.Culture})");
            if (!Slugs.IsValid(a.Slug))
            {
                yield return $"{where}: \"slug\" is missing or not a valid web address (lower-case letters a-z, digits and hyphens).";
            }

            if (!Slugs.IsCulture(a.Culture))
            {
                yield return $"{where}: \"culture\" must be \"zh-HK\" or \"en\".";
            }
            else if (Slugs.IsValid(a.Slug) && !seen.Add(a.Slug + "|" + a.Culture))
            {
                yield return $"{where}: the same slug and culture appear more than once.";
            }

            if (string.IsNullOrWhiteSpace(a.Title))
            {
                yield return $"{where}: \"title\" is required.";
            }
            else if (a.Title.Length > ArticleContent.MaxTitleLength)
            {
                yield return $"{where}: \"title\" is longer than {ArticleContent.MaxTitleLength} characters.";
            }

            if (string.IsNullOrWhiteSpace(a.Body))
            {
                yield return $"{where}: \"body\" (the Markdown text) is required.";
            }

            if (ParseVisibility(a.Visibility) is null)
            {
                yield return $"{where}: \"visibility\" must be \"public\" or \"members\".";
            }

            if (ParseStatus(a.Status) is null)
            {
                yield return $"{where}: \"status\" must be \"published\", \"draft\", \"inreview\" or \"unpublished\".";
            }

            if (a.Published is not null && !DateOnly.TryParseExact(a.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                yield return $"{where}: \"published\" must be a date written as yyyy-MM-dd.";
            }
        }
    }

    public override async Task ExecuteAsync(KnowledgeArticlesStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, c => c.Id, cancellationToken);
        var slugs = model.Articles.Select(a => a.Slug!).Distinct().ToList();
        var existing = await db.Articles.Where(a => slugs.Contains(a.Slug)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var touched = new List<Article>();

        foreach (var item in model.Articles)
        {
            long? categoryId = null;
            if (!string.IsNullOrWhiteSpace(item.Category))
            {
                if (!categories.TryGetValue(item.Category.Trim(), out var id))
                {
                    throw new InvalidOperationException(
                        $"KnowledgeArticles: article \"{item.Slug}\" ({item.Culture}) names the category \"{item.Category}\", which does not exist. Add it in a KnowledgeCategories step before this step.");
                }

                categoryId = id;
            }

            var content = new ArticleContent
            {
                Title = item.Title!,
                Summary = item.Summary ?? string.Empty,
                Body = item.Body!,
                CategoryId = categoryId,
                Tags = item.Tags,
                Conditions = item.Conditions,
                Audiences = item.Audiences,
                Visibility = ParseVisibility(item.Visibility)!.Value,
            }.Normalised();

            var publishedUtc = item.Published is null
                ? now
                : HongKongMorningUtc(DateOnly.ParseExact(item.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture));

            var article = existing.SingleOrDefault(a => a.Slug == item.Slug && a.Culture == item.Culture);
            var changed = false;
            if (article is null)
            {
                article = Article.Create(item.Slug!, item.Culture!, item.TranslationKey, content, null, publishedUtc);
                db.Articles.Add(article);
                existing.Add(article);
                changed = true;
            }
            else
            {
                if (!string.IsNullOrWhiteSpace(item.TranslationKey) && article.TranslationKey != item.TranslationKey.Trim())
                {
                    article.LinkTranslation(item.TranslationKey);
                    changed = true;
                }

                if (!article.ToContent().SameAs(content))
                {
                    db.Revisions.Add(article.ReviseLive(content, null, now, "Updated by recipe"));
                    changed = true;
                }
            }

            changed |= MoveTo(article, ParseStatus(item.Status)!.Value, publishedUtc);
            if (changed)
            {
                touched.Add(article);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await indexNotifier.ArticlesChangedAsync(touched.Select(a => a.Id), transaction.GetDbTransaction(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static bool MoveTo(Article article, ArticleStatus target, DateTimeOffset nowUtc)
    {
        if (article.Status == target)
        {
            return false;
        }

        switch (target)
        {
            case ArticleStatus.Published:
                article.Publish(nowUtc);
                break;
            case ArticleStatus.Unpublished when article.Status == ArticleStatus.Published:
                article.Unpublish(nowUtc);
                break;
            case ArticleStatus.InReview when article.Status is ArticleStatus.Draft or ArticleStatus.Unpublished:
                article.SubmitForReview(nowUtc);
                break;
            case ArticleStatus.Draft when article.Status == ArticleStatus.InReview:
                article.ReturnToDraft(nowUtc);
                break;
            default:
                // A published article is never silently pulled back to draft by a recipe.
                return false;
        }

        return true;
    }

    private static DateTimeOffset HongKongMorningUtc(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(9, 0)), Portal.Globalization.PortalCultures.HongKong));

    internal static ArticleVisibility? ParseVisibility(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "public" => ArticleVisibility.Public,
        "members" or "membersonly" or "members-only" => ArticleVisibility.MembersOnly,
        _ => null,
    };

    internal static ArticleStatus? ParseStatus(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "published" => ArticleStatus.Published,
        "draft" => ArticleStatus.Draft,
        "inreview" or "in-review" or "review" => ArticleStatus.InReview,
        "unpublished" => ArticleStatus.Unpublished,
        _ => null,
    };

}
