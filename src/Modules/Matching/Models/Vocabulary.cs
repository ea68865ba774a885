namespace Portal.Matching.Models;

/// <summary>The fixed lists people choose from (stored as slugs, shown in both languages).</summary>
public static class Vocabulary
{
    /// <summary>What a group needs and what a partner offers: one list, so a need's area and a partner's skill meet.</summary>
    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Areas =
    [
        ("accounts", "Accounts and bookkeeping", "會計及簿記"),
        ("governance", "Governance and constitution", "管治及會章"),
        ("fundraising", "Fundraising and grant applications", "籌款及申請資助"),
        ("legal", "Legal advice", "法律意見"),
        ("it", "IT and online services", "資訊科技及網上服務"),
        ("design", "Design and publicity", "設計及宣傳"),
        ("translation", "Translation", "翻譯"),
        ("trustee", "Committee member or trustee", "委員會成員或董事"),
        ("volunteers", "Volunteers for activities", "活動義工"),
        ("venue", "Venue for meetings or activities", "會議或活動場地"),
        ("training", "Training and coaching", "培訓及輔導"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> PartnerTypes =
    [
        ("professional-volunteer", "Professional volunteer", "專業義工"),
        ("company", "Company or CSR team", "企業或企業社會責任團隊"),
        ("trustee-candidate", "Trustee candidate", "董事／委員候選人"),
        ("venue-provider", "Venue provider", "場地提供者"),
        ("community-group", "Community group", "社區團體"),
    ];

    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Languages =
    [
        ("yue", "Cantonese", "廣東話"),
        ("en", "English", "英語"),
        ("cmn", "Putonghua", "普通話"),
    ];

    /// <summary>Hong Kong's 18 districts, each with its region (a partner in the same region is "nearby").</summary>
    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Districts =
    [
        ("central-western", "Central and Western", "中西區"),
        ("wan-chai", "Wan Chai", "灣仔"),
        ("eastern", "Eastern", "東區"),
        ("southern", "Southern", "南區"),
        ("yau-tsim-mong", "Yau Tsim Mong", "油尖旺"),
        ("sham-shui-po", "Sham Shui Po", "深水埗"),
        ("kowloon-city", "Kowloon City", "九龍城"),
        ("wong-tai-sin", "Wong Tai Sin", "黃大仙"),
        ("kwun-tong", "Kwun Tong", "觀塘"),
        ("kwai-tsing", "Kwai Tsing", "葵青"),
        ("tsuen-wan", "Tsuen Wan", "荃灣"),
        ("tuen-mun", "Tuen Mun", "屯門"),
        ("yuen-long", "Yuen Long", "元朗"),
        ("north", "North", "北區"),
        ("tai-po", "Tai Po", "大埔"),
        ("sha-tin", "Sha Tin", "沙田"),
        ("sai-kung", "Sai Kung", "西貢"),
        ("islands", "Islands", "離島"),
    ];

    public static readonly IReadOnlyDictionary<string, string> Regions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["central-western"] = "hk-island", ["wan-chai"] = "hk-island", ["eastern"] = "hk-island", ["southern"] = "hk-island",
        ["yau-tsim-mong"] = "kowloon", ["sham-shui-po"] = "kowloon", ["kowloon-city"] = "kowloon", ["wong-tai-sin"] = "kowloon", ["kwun-tong"] = "kowloon",
        ["kwai-tsing"] = "nt-west", ["tsuen-wan"] = "nt-west", ["tuen-mun"] = "nt-west", ["yuen-long"] = "nt-west", ["islands"] = "nt-west",
        ["north"] = "nt-east", ["tai-po"] = "nt-east", ["sha-tin"] = "nt-east", ["sai-kung"] = "nt-east",
    };

    /// <summary>Conditions a group serves, and causes a partner cares about: one list, so they meet.</summary>
    public static readonly IReadOnlyList<(string Slug, string En, string Zh)> Causes =
    [
        ("cancer", "Cancer", "癌症"),
        ("chronic-illness", "Chronic illness", "慢性疾病"),
        ("mental-health", "Mental health", "精神健康"),
        ("dementia", "Dementia", "認知障礙症"),
        ("rare-disease", "Rare diseases", "罕見疾病"),
        ("disability", "Disability", "殘疾"),
        ("stroke", "Stroke", "中風"),
        ("carers", "Carers", "照顧者"),
        ("children", "Children's health", "兒童健康"),
        ("elderly", "Older people", "長者"),
    ];

    /// <summary>The capacity self-assessment's five areas, and the need area a weak score suggests.</summary>
    public static readonly IReadOnlyList<(string Slug, string En, string Zh, string SuggestsArea)> CapacityAreas =
    [
        ("governance", "Governance: constitution, committee, minutes", "管治：會章、委員會、會議紀錄", "governance"),
        ("finance", "Finance: accounts, budget, audit", "財務：賬目、預算、核數", "accounts"),
        ("volunteers", "Volunteers: enough hands for activities", "義工：活動人手足夠", "volunteers"),
        ("succession", "Succession: new leaders ready to take over", "承傳：有新領袖準備接棒", "trustee"),
        ("online", "Online service: website, social media, online meetings", "網上服務：網站、社交媒體、網上會議", "it"),
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

    public static bool Contains(IReadOnlyList<(string Slug, string En, string Zh)> list, string? slug) =>
        slug is not null && list.Any(i => i.Slug == slug);

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
