namespace Portal.Forum.Models;

/// <summary>The forum's fixed lists, each value a stable slug with its English and Traditional Chinese label.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Conditions =
    [
        ("chronic-pain", "Chronic pain", "長期痛症"),
        ("stroke", "Stroke recovery", "中風康復"),
        ("parkinsons", "Parkinson's disease", "柏金遜症"),
        ("mental-health", "Mental health", "精神健康"),
        ("diabetes", "Diabetes", "糖尿病"),
        ("cancer", "Cancer recovery", "癌症康復"),
        ("rare-disease", "Rare diseases", "罕見疾病"),
        ("caring", "Caring for someone", "照顧者"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> AgeBands =
    [
        ("18-29", "18 to 29", "18 至 29 歲"),
        ("30-44", "30 to 44", "30 至 44 歲"),
        ("45-59", "45 to 59", "45 至 59 歲"),
        ("60-74", "60 to 74", "60 至 74 歲"),
        ("75+", "75 or over", "75 歲或以上"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Districts =
    [
        ("central-western", "Central and Western", "中西區"),
        ("wan-chai", "Wan Chai", "灣仔區"),
        ("eastern", "Eastern", "東區"),
        ("southern", "Southern", "南區"),
        ("yau-tsim-mong", "Yau Tsim Mong", "油尖旺區"),
        ("sham-shui-po", "Sham Shui Po", "深水埗區"),
        ("kowloon-city", "Kowloon City", "九龍城區"),
        ("wong-tai-sin", "Wong Tai Sin", "黃大仙區"),
        ("kwun-tong", "Kwun Tong", "觀塘區"),
        ("kwai-tsing", "Kwai Tsing", "葵青區"),
        ("tsuen-wan", "Tsuen Wan", "荃灣區"),
        ("tuen-mun", "Tuen Mun", "屯門區"),
        ("yuen-long", "Yuen Long", "元朗區"),
        ("north", "North", "北區"),
        ("tai-po", "Tai Po", "大埔區"),
        ("sha-tin", "Sha Tin", "沙田區"),
        ("sai-kung", "Sai Kung", "西貢區"),
        ("islands", "Islands", "離島區"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> CaringRoles =
    [
        ("none", "Not a carer", "不是照顧者"),
        ("parent", "Caring for a parent", "照顧父母"),
        ("partner", "Caring for a partner", "照顧配偶或伴侶"),
        ("child", "Caring for a child", "照顧子女"),
        ("other", "Caring for someone else", "照顧其他人"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> TopicTags =
    [
        ("daily-life", "Daily life", "日常生活"),
        ("treatment", "Treatment", "治療"),
        ("emotions", "Feelings", "情緒"),
        ("family", "Family and carers", "家人與照顧者"),
        ("work-money", "Work and money", "工作與經濟"),
        ("services", "Services and support", "服務與支援"),
        ("exercise", "Exercise", "運動"),
        ("food", "Food", "飲食"),
    ];

    public static string Label(IReadOnlyList<(string Slug, string En, string Zh)> list, string? slug, bool english)
    {
        foreach (var (s, en, zh) in list)
        {
            if (s == slug)
            {
                return english ? en : zh;
            }
        }

        return slug ?? "";
    }

    public static bool Has(IReadOnlyList<(string Slug, string En, string Zh)> list, string? slug) =>
        slug is not null && list.Any(i => i.Slug == slug);

    /// <summary>Index of an age band (for "similar age": the same band or the next one).</summary>
    public static int AgeIndex(string? band)
    {
        for (var i = 0; i < AgeBands.Count; i++)
        {
            if (AgeBands[i].Slug == band)
            {
                return i;
            }
        }

        return -1;
    }
}
