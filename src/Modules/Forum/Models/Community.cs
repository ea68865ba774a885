namespace Portal.Forum.Models;

/// <summary>A condition community: bilingual name, description and guidelines a member agrees to on joining.</summary>
public sealed class Community
{
    public const int MaxName = 100;
    public const int MaxText = 4000;

    private Community()
    {
    }

    public long Id { get; private set; }
    public string Slug { get; private set; } = "";

    /// <summary>The condition the community is about (a <see cref="Vocabulary.Conditions"/> slug).</summary>
    public string Condition { get; private set; } = "";
    public string NameZh { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public string DescriptionZh { get; private set; } = "";
    public string DescriptionEn { get; private set; } = "";
    public string GuidelinesZh { get; private set; } = "";
    public string GuidelinesEn { get; private set; } = "";
    public int SortOrder { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }

    /// <summary>Addresses the forum's own pages use under <c>/community/</c>.</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        "threads", "posts", "profile", "members", "ratings", "like-me", "contacts", "moderation", "new",
    };

    public static Community Create(string slug, string condition, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(slug) || slug.Length > 60 || !slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ForumRuleException("A community's address uses small letters, digits and dashes only.");
        }

        if (ReservedSlugs.Contains(slug))
        {
            throw new ForumRuleException("This address is used by the forum's own pages. Choose another.");
        }

        return new Community { Slug = slug, Condition = condition, CreatedUtc = now };
    }

    public void Describe(string nameZh, string nameEn, string descriptionZh, string descriptionEn, string guidelinesZh, string guidelinesEn, int sortOrder)
    {
        if (string.IsNullOrWhiteSpace(nameZh) || string.IsNullOrWhiteSpace(nameEn))
        {
            throw new ForumRuleException("A community needs a name in Chinese and in English.");
        }

        NameZh = Clip(nameZh, MaxName);
        NameEn = Clip(nameEn, MaxName);
        DescriptionZh = Clip(descriptionZh, MaxText);
        DescriptionEn = Clip(descriptionEn, MaxText);
        GuidelinesZh = Clip(guidelinesZh, MaxText);
        GuidelinesEn = Clip(guidelinesEn, MaxText);
        SortOrder = sortOrder;
    }

    public string Name(bool english) => english ? NameEn : NameZh;
    public string Description(bool english) => english ? DescriptionEn : DescriptionZh;
    public string Guidelines(bool english) => english ? GuidelinesEn : GuidelinesZh;

    internal static string Clip(string? text, int max)
    {
        var trimmed = (text ?? "").Trim();
        return trimmed.Length <= max ? trimmed : trimmed[..max];
    }
}

/// <summary>A person's membership of a community.</summary>
public sealed class Membership
{
    private Membership()
    {
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTimeOffset JoinedUtc { get; private set; }

    public static Membership Join(long communityId, string userId, DateTimeOffset now) =>
        new() { CommunityId = communityId, UserId = userId, JoinedUtc = now };
}
