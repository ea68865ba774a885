using Microsoft.AspNetCore.Mvc.Razor;
using Portal.Forum.Models;
using Portal.Forum.Services;
using Portal.Globalization;

namespace Portal.Forum.ViewModels;

/// <summary>Base of the module's views: <see cref="En"/> picks the English side of bilingual labels.</summary>
public abstract class ForumPage<TModel> : RazorPage<TModel>
{
    protected static bool En => PortalCultures.IsEnglish;

    protected static string Label(IReadOnlyList<(string Slug, string En, string Zh)> list, string? slug) => Vocabulary.Label(list, slug, En);

    protected static string Labels(IReadOnlyList<(string Slug, string En, string Zh)> list, IEnumerable<string> slugs) =>
        string.Join(En ? ", " : "、", slugs.Select(s => Vocabulary.Label(list, s, En)));

    protected static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class IndexPage
{
    public required IReadOnlyList<Community> Communities { get; init; }
    public required IReadOnlyDictionary<long, int> MemberCounts { get; init; }
    public required ForumViewer Viewer { get; init; }
    public required IReadOnlyList<TopicListItem> Latest { get; init; }
    public required bool HasProfile { get; init; }
}

public sealed class CommunityPageModel
{
    public required CommunityPage Page { get; init; }
    public required ForumViewer Viewer { get; init; }
    public required bool HasProfile { get; init; }
    public string? DisplayName { get; set; }
}

public sealed class TopicForm
{
    public TopicKind Kind { get; set; }
    public string? Title { get; set; }
    public string? Text { get; set; }
    public TopicVisibility Visibility { get; set; }
    public bool Anonymous { get; set; }
    public List<string> Conditions { get; set; } = [];
    public List<string> Topics { get; set; } = [];
    public string Key { get; set; } = Guid.NewGuid().ToString("N");
}

public sealed class NewTopicPage
{
    public required Community Community { get; init; }
    public required TopicForm Form { get; init; }
}

public sealed class ReplyForm
{
    public string? Text { get; set; }
    public bool Anonymous { get; set; }
    public string Key { get; set; } = Guid.NewGuid().ToString("N");
}

public sealed class ThreadPageModel
{
    public required ThreadView Thread { get; init; }
    public required ForumViewer Viewer { get; init; }
    public required IReadOnlyDictionary<long, string> Html { get; init; }
    public ReplyForm Reply { get; set; } = new();
}

public sealed class EditForm
{
    public string? Title { get; set; }
    public string? Text { get; set; }
    public List<string> Conditions { get; set; } = [];
    public List<string> Topics { get; set; } = [];
    public TopicVisibility Visibility { get; set; }
}

public sealed class EditPage
{
    public required Post Post { get; init; }
    public required Topic Topic { get; init; }
    public required EditForm Form { get; init; }
}

public sealed class HistoryPage
{
    public required Post Post { get; init; }
    public required Topic Topic { get; init; }
    public required string CurrentHtml { get; init; }
    public required IReadOnlyList<(PostRevision Revision, string Html)> Revisions { get; init; }
}

public sealed class ProfileForm
{
    public string? DisplayName { get; set; }
    public List<string> Conditions { get; set; } = [];
    public Dictionary<string, int?> Since { get; set; } = [];
    public FieldVisibility ConditionsVisibility { get; set; }
    public string? AgeBand { get; set; }
    public FieldVisibility AgeBandVisibility { get; set; }
    public string? District { get; set; }
    public FieldVisibility DistrictVisibility { get; set; }
    public string? CaringRole { get; set; }
    public FieldVisibility CaringRoleVisibility { get; set; }
    public bool Findable { get; set; }
    public ErasureChoice OnErasure { get; set; }
    public bool RatingsInStatistics { get; set; }

    public static ProfileForm From(MemberProfile p) => new()
    {
        DisplayName = p.DisplayName,
        Conditions = [.. p.Conditions.Select(c => c.Condition)],
        Since = p.Conditions.ToDictionary(c => c.Condition, c => c.SinceYear),
        ConditionsVisibility = p.ConditionsVisibility,
        AgeBand = p.AgeBand,
        AgeBandVisibility = p.AgeBandVisibility,
        District = p.District,
        DistrictVisibility = p.DistrictVisibility,
        CaringRole = p.CaringRole,
        CaringRoleVisibility = p.CaringRoleVisibility,
        Findable = p.Findable,
        OnErasure = p.OnErasure,
        RatingsInStatistics = p.RatingsInStatistics,
    };

    public ProfileInput ToInput() => new(
        DisplayName ?? "",
        [.. Conditions.Distinct().Select(c => (c, Since.GetValueOrDefault(c)))],
        ConditionsVisibility, AgeBand, AgeBandVisibility, District, DistrictVisibility, CaringRole, CaringRoleVisibility, Findable, OnErasure, RatingsInStatistics);
}

public sealed class ProfilePage
{
    public required ProfileForm Form { get; init; }
    public required bool Exists { get; init; }
    public string? PublicId { get; init; }
    public IReadOnlyList<Topic> Bookmarks { get; init; } = [];
}

public sealed class MemberPage
{
    public required ProfileView Profile { get; init; }
    public required bool CanModerate { get; init; }
}

public sealed class RatingsPage
{
    public required string Condition { get; init; }
    public required IReadOnlyList<TreatmentSummary> Summaries { get; init; }
    public required IReadOnlyList<TreatmentRating> Mine { get; init; }
}

public sealed class RatingForm
{
    public string? Condition { get; set; }
    public string? Treatment { get; set; }
    public TreatmentKind Kind { get; set; }
    public int? Effectiveness { get; set; }
    public int? SideEffects { get; set; }
    public int? Burden { get; set; }
    public RatingDuration Duration { get; set; } = RatingDuration.OneToSixMonths;
    public bool StillUsing { get; set; } = true;
    public StopReason WhyStopped { get; set; }
}

public sealed class LikeMePage
{
    public required bool HasConditions { get; init; }
    public required bool Findable { get; init; }
    public required IReadOnlyList<LikeMeMatch> Matches { get; init; }
    public string? Message { get; set; }
}

public sealed class ContactsPage
{
    public required IReadOnlyList<(ContactRequest Request, string Name)> Received { get; init; }
    public required IReadOnlyList<(ContactRequest Request, string Name)> Sent { get; init; }
}

public sealed class ModerationPage
{
    public required ModerationQueue Queue { get; init; }
    public required IReadOnlyDictionary<long, string> Html { get; init; }
}

public sealed class AdminPage
{
    public required ForumSettings Settings { get; init; }
    public required IReadOnlyList<Community> Communities { get; init; }
    public string? NoticeZh { get; set; }
    public string? NoticeEn { get; set; }
    public string? WordFilter { get; set; }
    public CommunityForm NewCommunity { get; set; } = new();
}

public sealed class CommunityForm
{
    public string? Slug { get; set; }
    public string? Condition { get; set; }
    public string? NameZh { get; set; }
    public string? NameEn { get; set; }
    public string? DescriptionZh { get; set; }
    public string? DescriptionEn { get; set; }
    public string? GuidelinesZh { get; set; }
    public string? GuidelinesEn { get; set; }
}
