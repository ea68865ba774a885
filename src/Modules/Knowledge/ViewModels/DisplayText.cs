using Portal.Knowledge.Models;

namespace Portal.Knowledge.ViewModels;

/// <summary>English texts (localization keys) for enum values shown on pages.</summary>
public static class DisplayText
{
    public static string Status(ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "Draft",
        ArticleStatus.InReview => "In review",
        ArticleStatus.Published => "Published",
        ArticleStatus.Unpublished => "Unpublished",
        _ => status.ToString(),
    };

    public static string Language(string culture) => culture == Portal.Globalization.PortalCultures.English ? "English" : "Chinese";

    /// <summary>Known audience codes have a display text; other values are shown as written.</summary>
    /// <summary>The audiences an article can be written for, in the order the editor offers them.</summary>
    public static IReadOnlyList<string> KnownAudiences { get; } = ["leaders", "successors", "members", "carers", "volunteers", "partners", "managers", "staff"];

    public static string Audience(string audience) => audience switch
    {
        "leaders" => "Group leaders",
        "successors" => "Successors",
        "members" => "Members",
        "carers" => "Carers",
        "volunteers" => "Volunteers",
        "partners" => "Partners",
        "staff" => "Staff",
        "managers" => "Managers",
        _ => audience,
    };

}
