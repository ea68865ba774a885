namespace Portal.Impact.Services;

/// <summary>
/// Metric keys of the centre's five-year plan that no module may report yet (so a target for them can still be
/// named, showing "no data yet"). Keys follow <c>{module}.{figure}</c>; a module that starts reporting one of these
/// keys fills the target in with no change here. Labels are English resource keys.
/// </summary>
public static class KnownMetrics
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["academy.participants-improved-share"] = "Participants who improved their leadership and management skills",
        ["groups.supported"] = "Self-help groups supported",
        ["service.online-share"] = "Share of service delivered online",
        ["partners.companies"] = "Partner companies in the network",
        ["partners.professional-volunteers"] = "Professional volunteers in the network",
        ["mentoring.pairs-active"] = "Mentoring pairs",
        ["mentoring.hours"] = "Mentoring hours",
        ["forum.posts"] = "Forum posts",
    };
}
