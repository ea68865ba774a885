namespace Portal.Mentoring.Models;

/// <summary>The fixed lists people choose from when they apply (stored as slugs, shown in both languages).</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Areas =
    [
        ("succession", "Leadership succession", "領袖承續"),
        ("volunteers", "Recruiting and keeping volunteers", "招募及挽留義工"),
        ("fundraising", "Funding and grant applications", "籌款及申請資助"),
        ("meetings", "Running meetings and committees", "主持會議及委員會"),
        ("peer-support", "Peer support skills", "朋輩支援技巧"),
        ("advocacy", "Advocacy and policy", "倡議及政策"),
        ("publicity", "Publicity and social media", "宣傳及社交媒體"),
        ("finance", "Accounts and governance", "財務及管治"),
        ("self-care", "Self-care and avoiding burnout", "自我照顧及避免耗盡"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Languages =
    [
        ("yue", "Cantonese", "廣東話"),
        ("en", "English", "英語"),
        ("cmn", "Putonghua", "普通話"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Districts =
    [
        ("hk-island", "Hong Kong Island", "港島"),
        ("kowloon", "Kowloon", "九龍"),
        ("nt-east", "New Territories East", "新界東"),
        ("nt-west", "New Territories West", "新界西"),
        ("islands", "Outlying islands", "離島"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Availability =
    [
        ("weekday-day", "Weekday daytime", "平日日間"),
        ("weekday-evening", "Weekday evening", "平日晚上"),
        ("weekend", "Weekend", "週末"),
    ];

    public static string Label(IReadOnlyList<(string Slug, string En, string Zh)> list, string slug, bool english)
    {
        foreach (var (s, en, zh) in list)
        {
            if (s == slug)
            {
                return english ? en : zh;
            }
        }

        return slug;
    }

    /// <summary>Keeps only known slugs, once each, in list order.</summary>
    public static List<string> Clean(IReadOnlyList<(string Slug, string En, string Zh)> list, IEnumerable<string>? chosen)
    {
        var set = new HashSet<string>(chosen ?? [], StringComparer.Ordinal);
        return [.. list.Select(i => i.Slug).Where(set.Contains)];
    }

    public static string Join(IEnumerable<string> slugs) => string.Join(',', slugs);

    public static List<string> Split(string? stored) =>
        [.. (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
