using Portal.Knowledge.Models;
using Portal.Knowledge.Services;

namespace Portal.Knowledge.ViewModels;

public sealed record TermCount(string Term, int Count);

public sealed class KnowledgeIndexViewModel
{
    public required string Culture { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    public required IReadOnlyList<Article> Articles { get; init; }
    public required IReadOnlyDictionary<long, Category> CategoriesById { get; init; }
    public required ArticleFilter Filter { get; init; }
    public Category? Category { get; init; }
    public IReadOnlyList<TermCount> Tags { get; init; } = [];
    public IReadOnlyList<TermCount> Conditions { get; init; } = [];
    public IReadOnlyList<TermCount> Audiences { get; init; } = [];
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Filter.Tag) || !string.IsNullOrWhiteSpace(Filter.Condition) || !string.IsNullOrWhiteSpace(Filter.Audience);
}

public sealed class ArticleViewModel
{
    public required Article Article { get; init; }
    public required string BodyHtml { get; init; }
    public Category? Category { get; init; }
    public Article? Translation { get; init; }
    public required IReadOnlyList<Attachment> Attachments { get; init; }
}

/// <summary>The staff form. Every field is nullable so MVC adds no English-only "required" messages; the
/// domain's rules produce localized ones.</summary>
public sealed class ArticleFormModel
{
    public string? Slug { get; set; }
    public string? Culture { get; set; }
    public string? TranslationKey { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Body { get; set; }
    public long? CategoryId { get; set; }
    public string? Tags { get; set; }
    public string? Conditions { get; set; }
    public string? Audiences { get; set; }

    /// <summary>The audiences ticked in the editor's list (added to any typed in <see cref="Audiences"/>).</summary>
    public List<string> AudienceChoices { get; set; } = [];
    public bool MembersOnly { get; set; }

    /// <summary>What changed, kept with the revision.</summary>
    public string? Note { get; set; }

    /// <summary>The form for an article, filled with the text being edited (its pending draft when it has one).</summary>
    public static ArticleFormModel From(Article article, ArticleRevision? draft = null)
    {
        ArgumentNullException.ThrowIfNull(article);
        var content = article.EditingContent(draft);
        return new()
        {
            Slug = article.Slug,
            Culture = article.Culture,
            TranslationKey = article.TranslationKey,
            Title = content.Title,
            Summary = content.Summary,
            Body = content.Body,
            CategoryId = content.CategoryId,
            Tags = string.Join(", ", content.Tags),
            Conditions = string.Join(", ", content.Conditions),
            AudienceChoices = [.. content.Audiences],
            MembersOnly = content.Visibility == ArticleVisibility.MembersOnly,
        };
    }

    public ArticleInput ToInput() => new()
    {
        Slug = (Slug ?? string.Empty).Trim().ToLowerInvariant(),
        Culture = Culture ?? string.Empty,
        TranslationKey = TranslationKey,
        Content = new ArticleContent
        {
            Title = Title ?? string.Empty,
            Summary = Summary ?? string.Empty,
            Body = Body ?? string.Empty,
            CategoryId = CategoryId,
            Tags = ArticleContent.SplitTerms(Tags),
            Conditions = ArticleContent.SplitTerms(Conditions),
            Audiences = ArticleContent.SplitTerms(string.Join(", ", AudienceChoices.Prepend(Audiences ?? string.Empty))),
            Visibility = MembersOnly ? ArticleVisibility.MembersOnly : ArticleVisibility.Public,
        },
    };
}

public sealed class ArticleEditViewModel
{
    public long? Id { get; init; }
    public required ArticleFormModel Form { get; init; }
    public Article? Article { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    public bool CanPublish { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
}

public sealed class AdminArticleListViewModel
{
    public required IReadOnlyList<Article> Articles { get; init; }
    public ArticleStatus? Status { get; init; }
    public string? Culture { get; init; }
    public required IReadOnlyDictionary<ArticleStatus, int> Counts { get; init; }
}

public sealed class RevisionsViewModel
{
    public required Article Article { get; init; }
    public required IReadOnlyList<ArticleRevision> Revisions { get; init; }
}

public sealed class RevisionViewModel
{
    public required Article Article { get; init; }
    public required ArticleRevision Revision { get; init; }
    public required string BodyHtml { get; init; }
}
