using Portal.Knowledge.Models;

namespace Portal.Knowledge.Services;

/// <summary>What staff (or a recipe) enter for an article.</summary>
public sealed record ArticleInput
{
    public required string Slug { get; init; }

    public required string Culture { get; init; }

    public string? TranslationKey { get; init; }

    public required ArticleContent Content { get; init; }
}
