using System.Text.RegularExpressions;
using Portal.Globalization;

namespace Portal.Knowledge.Models;

/// <summary>The editable content of an article: what a revision keeps.</summary>
public sealed record ArticleContent
{
    public required string Title { get; init; }

    public string Summary { get; init; } = string.Empty;

    /// <summary>Markdown.</summary>
    public required string Body { get; init; }

    public long? CategoryId { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Conditions { get; init; } = [];

    public IReadOnlyList<string> Audiences { get; init; } = [];

    public ArticleVisibility Visibility { get; init; } = ArticleVisibility.Public;

    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 1000;
    public const int MaxBodyLength = 200_000;

    /// <summary>Trims text and normalises the lists (lower-case, no blanks, no duplicates).</summary>
    public ArticleContent Normalised() => this with
    {
        Title = Title.Trim(),
        Summary = (Summary ?? string.Empty).Trim(),
        Body = Body ?? string.Empty,
        Tags = NormaliseTerms(Tags),
        Conditions = NormaliseTerms(Conditions),
        Audiences = NormaliseTerms(Audiences),
    };

    /// <summary>Problems with the content as English texts (localization keys); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add("Enter a title.");
        }
        else if (Title.Length > MaxTitleLength)
        {
            problems.Add("The title is too long (at most 200 characters).");
        }

        if (Summary.Length > MaxSummaryLength)
        {
            problems.Add("The summary is too long (at most 1000 characters).");
        }

        if (string.IsNullOrWhiteSpace(Body))
        {
            problems.Add("Enter the article text.");
        }
        else if (Body.Length > MaxBodyLength)
        {
            problems.Add("The article text is too long.");
        }

        if (Tags.Concat(Conditions).Concat(Audiences).Any(t => t.Length > 60))
        {
            problems.Add("A tag, condition or audience is too long (at most 60 characters).");
        }

        return problems;
    }

    public static IReadOnlyList<string> NormaliseTerms(IEnumerable<string>? terms) =>
        terms is null
            ? []
            : [.. terms.Select(t => (t ?? string.Empty).Trim().ToLowerInvariant())
                .Where(t => t.Length > 0)
                .Distinct(StringComparer.Ordinal)];

    /// <summary>Whether two (normalised) contents are the same, so saving would change nothing.</summary>
    public bool SameAs(ArticleContent other) =>
        other is not null && Title == other.Title && Summary == other.Summary && Body == other.Body
        && CategoryId == other.CategoryId && Visibility == other.Visibility && Tags.SequenceEqual(other.Tags)
        && Conditions.SequenceEqual(other.Conditions) && Audiences.SequenceEqual(other.Audiences);

    /// <summary>Splits a comma-separated list as typed in a form (half- or full-width commas).</summary>
    public static IReadOnlyList<string> SplitTerms(string? text) =>
        NormaliseTerms((text ?? string.Empty).Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries));
}

public static partial class Slugs
{
    /// <summary>Lower-case ASCII letters, digits and single hyphens, 2–100 characters.</summary>
    public static bool IsValid(string? slug) =>
        slug is { Length: >= 2 and <= 100 } && SlugPattern().IsMatch(slug);

    public static bool IsCulture(string? culture) =>
        culture is not null && PortalCultures.All.Contains(culture, StringComparer.Ordinal);

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
