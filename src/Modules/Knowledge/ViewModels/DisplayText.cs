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
