using Microsoft.AspNetCore.Mvc.Razor;
using Portal.Globalization;
using Portal.Mentoring.Models;
using Portal.Mentoring.Services;
using Portal.People;

namespace Portal.Mentoring.ViewModels;

/// <summary>Base of the module's views: <see cref="En"/> picks the English side of bilingual labels.</summary>
public abstract class MentoringPage<TModel> : RazorPage<TModel>
{
    protected static bool En => PortalCultures.IsEnglish;

    /// <summary>What the person typed (kept after a binding error), else the model's value.</summary>
    protected string? Typed(string key, string? value) =>
        ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) && entry.AttemptedValue is not null ? entry.AttemptedValue : value;

    protected static string? Local(DateTime? value) => value?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    protected static string? Invariant(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static string Label(IReadOnlyList<(string Slug, string En, string Zh)> list, string slug) => Vocabulary.Label(list, slug, En);

    protected static string Labels(IReadOnlyList<(string Slug, string En, string Zh)> list, IEnumerable<string> slugs) =>
        string.Join(En ? ", " : "、", slugs.Select(s => Vocabulary.Label(list, s, En)));
}

public sealed class HomePage
{
    public required IReadOnlyList<Application> Applications { get; init; }
    public required IReadOnlyList<Pair> Pairs { get; init; }
    public required IReadOnlyDictionary<string, string> Names { get; init; }
    public required string UserId { get; init; }
}

public sealed class ApplyForm
{
    public ApplicationRole Role { get; set; }
    public string? Organisation { get; set; }
    public List<string> Areas { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> Districts { get; set; } = [];
    public List<string> Availability { get; set; } = [];
    public int Capacity { get; set; } = 2;
    public string? About { get; set; }
    public string? Preferences { get; set; }
    public int? Version { get; set; }
    public ApplicationStatus? Status { get; set; }
    public string? DecisionReason { get; set; }

    public ApplicationDetails ToDetails() => new()
    {
        Organisation = Organisation, Areas = Areas, Languages = Languages, Districts = Districts,
        Availability = Availability, Capacity = Capacity, About = About, Preferences = Preferences,
    };

    public static ApplyForm From(Application a) => new()
    {
        Role = a.Role, Organisation = a.Organisation, Areas = [.. a.AreaList], Languages = [.. a.LanguageList],
        Districts = [.. a.DistrictList], Availability = [.. a.AvailabilityList], Capacity = Math.Max(1, a.Capacity),
        About = a.About, Preferences = a.Preferences, Version = a.Version, Status = a.Status, DecisionReason = a.DecisionReason,
    };
}

public sealed class MentorsPage
{
    public required bool Approved { get; init; }
    public bool AlreadyPaired { get; init; }
    public required IReadOnlyList<MatchSuggestion> Suggestions { get; init; }
    public required IReadOnlyDictionary<string, string> Names { get; init; }
    public required IReadOnlyDictionary<string, string?> Bios { get; init; }
    public string? Message { get; set; }
}

public sealed class MeetingForm
{
    public DateTime? Held { get; set; }
    public int? Minutes { get; set; } = 60;
    public MeetingMode Mode { get; set; }
    public string? Topics { get; set; }
    public string? SharedNotes { get; set; }
    public string? PrivateNote { get; set; }
    public string? Action1 { get; set; }
    public string? Action2 { get; set; }
    public string? Action3 { get; set; }
    public DateOnly? ActionsDue { get; set; }
}

public sealed class GoalForm
{
    public long? Id { get; set; }
    public string? Title { get; set; }
    public string? Specific { get; set; }
    public string? Measure { get; set; }
    public string? Relevance { get; set; }
    public DateOnly? TargetDate { get; set; }
    public GoalStatus Status { get; set; }
    public int? Progress { get; set; }
    public int? Version { get; set; }

    public GoalDetails ToDetails() => new()
    {
        Title = Title ?? "", Specific = Specific, Measure = Measure, Relevance = Relevance, TargetDate = TargetDate,
        Status = Status, Progress = Progress ?? 0,
    };

    public static GoalForm From(Goal g) => new()
    {
        Id = g.Id, Title = g.Title, Specific = g.Specific, Measure = g.Measure, Relevance = g.Relevance,
        TargetDate = g.TargetDate, Status = g.Status, Progress = g.Progress, Version = g.Version,
    };
}

public sealed class NextMeetingForm
{
    public DateTime? When { get; set; }
    public int? Minutes { get; set; } = 60;
    public MeetingMode Mode { get; set; }
    public string? Place { get; set; }
}

public sealed class EndForm
{
    public bool Completed { get; set; }
    public string? Reason { get; set; }
}

public sealed class WithdrawForm
{
    public string? Reason { get; set; }

    /// <summary>The "yes, withdraw" box: the confirmation step (no script needed).</summary>
    public bool Confirm { get; set; }
}

public sealed class RepairForm
{
    public string? MentorId { get; set; }
    public string? Reason { get; set; }
    public bool Confirm { get; set; }
    public bool SameOrganisation { get; set; }
    public int Version { get; set; }
}

public sealed class RepairPage
{
    public required PairRow Current { get; init; }
    public required IReadOnlyList<MatchSuggestion> Suggestions { get; init; }
    public required IReadOnlyDictionary<string, PersonInfo> People { get; init; }
    public required RepairForm Form { get; init; }
}

public sealed class PairPage
{
    public required PairDetails Details { get; init; }
    public required string UserId { get; init; }
    public required int StallAfterDays { get; init; }
    public required DateTimeOffset Now { get; init; }
    public MeetingForm Meeting { get; set; } = new();
    public GoalForm Goal { get; set; } = new();
    public NextMeetingForm Next { get; set; } = new();
    public EndForm End { get; set; } = new();
    public WithdrawForm Withdraw { get; set; } = new();

    /// <summary>Which form the errors belong to (so the summary sits beside it).</summary>
    public string? FormWithErrors { get; set; }

    public Pair Pair => Details.Pair;
    public PairRole Role => Details.Role;
    public string MentorName => Details.NameOf(Pair.MentorUserId);
    public string MenteeName => Pair.MenteeErased ? "" : Details.NameOf(Pair.MenteeUserId);
}

public sealed class GoalPage
{
    public required Pair Pair { get; init; }
    public required GoalForm Goal { get; init; }
}

public sealed class DecideForm
{
    public bool Approve { get; set; }
    public string? Reason { get; set; }
    public int Version { get; set; }
}

public sealed class ApplicationPage
{
    public required ApplicationRow Row { get; init; }
    public DecideForm Decide { get; set; } = new();
}

public sealed class MatchPage
{
    public required ApplicationRow Mentee { get; init; }
    public required IReadOnlyList<MatchSuggestion> Suggestions { get; init; }
    public required IReadOnlyDictionary<string, Portal.People.PersonInfo> People { get; init; }
    public required bool AllowSameOrganisation { get; init; }
}

/// <summary>One server-drawn bar chart: a title, a description and the numbers (also shown as a table).</summary>
public sealed record BarChart(string Id, string Title, string Description, IReadOnlyList<(string Label, decimal Value)> Bars, string ValueHeader);
