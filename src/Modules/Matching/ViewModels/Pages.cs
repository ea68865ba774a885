using Microsoft.AspNetCore.Mvc.Razor;
using Portal.Globalization;
using Portal.Matching.Models;
using Portal.Matching.Services;

namespace Portal.Matching.ViewModels;

/// <summary>Base of the module's views: <see cref="En"/> picks the English side of bilingual labels.</summary>
public abstract class MatchingPage<TModel> : RazorPage<TModel>
{
    protected static bool En => PortalCultures.IsEnglish;

    /// <summary>What the person typed (kept after a binding error), else the model's value.</summary>
    protected string? Typed(string key, string? value) =>
        ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) && entry.AttemptedValue is not null ? entry.AttemptedValue : value;

    protected static string? Invariant(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static string Label(IReadOnlyList<(string Slug, string En, string Zh)> list, string slug) => Vocabulary.Label(list, slug, En);

    protected static string Labels(IReadOnlyList<(string Slug, string En, string Zh)> list, IEnumerable<string> slugs) =>
        string.Join(En ? ", " : "、", slugs.Select(s => Vocabulary.Label(list, s, En)));

    protected static string GroupName(Organisation organisation) => organisation.Name(En);
}

public sealed class HomePage
{
    public Organisation? Organisation { get; init; }
    public CapacityAssessment? Assessment { get; init; }
    public IReadOnlyList<Need> Needs { get; init; } = [];
    public IReadOnlyDictionary<long, int> WaitingOffers { get; init; } = new Dictionary<long, int>();
    public Partner? Partner { get; init; }
    public IReadOnlyList<MatchDetails> Matches { get; init; } = [];
    public bool CanLeadGroup { get; init; }
    public bool CanOfferHelp { get; init; }
    public bool IsStaff { get; init; }
}

public sealed class OrganisationForm
{
    public long? Id { get; set; }
    public string? NameZh { get; set; }
    public string? NameEn { get; set; }
    public List<string> Conditions { get; set; } = [];
    public string? District { get; set; }
    public int? Size { get; set; }
    public int? YearFounded { get; set; }
    public string? Committee { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public int? Version { get; set; }

    public OrganisationDetails ToDetails() => new()
    {
        NameZh = NameZh, NameEn = NameEn, Conditions = Conditions, District = District, Size = Size, YearFounded = YearFounded,
        Committee = Committee, ContactName = ContactName, ContactEmail = ContactEmail, ContactPhone = ContactPhone,
    };

    public static OrganisationForm From(Organisation o) => new()
    {
        Id = o.Id, NameZh = o.NameZh, NameEn = o.NameEn, Conditions = [.. o.ConditionList], District = o.District, Size = o.Size,
        YearFounded = o.YearFounded, Committee = o.Committee, ContactName = o.ContactName, ContactEmail = o.ContactEmail,
        ContactPhone = o.ContactPhone, Version = o.Version,
    };
}

public sealed class AssessmentForm
{
    public int? Governance { get; set; }
    public int? Finance { get; set; }
    public int? Volunteers { get; set; }
    public int? Succession { get; set; }
    public int? Online { get; set; }

    public int? ScoreOf(string area) => area switch
    {
        "governance" => Governance,
        "finance" => Finance,
        "volunteers" => Volunteers,
        "succession" => Succession,
        _ => Online,
    };

    public Dictionary<string, int?> ToScores() => new()
    {
        ["governance"] = Governance, ["finance"] = Finance, ["volunteers"] = Volunteers, ["succession"] = Succession, ["online"] = Online,
    };

    public static AssessmentForm From(CapacityAssessment? a) => a is null ? new() : new()
    {
        Governance = a.Governance, Finance = a.Finance, Volunteers = a.Volunteers, Succession = a.Succession, Online = a.Online,
    };
}

public sealed class AssessmentPage
{
    public required Organisation Organisation { get; init; }
    public required AssessmentForm Form { get; init; }
    public CapacityAssessment? Latest { get; init; }
}

public sealed class NeedForm
{
    public long? Id { get; set; }
    public string? Area { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public int? HoursPerMonth { get; set; } = 4;
    public int? Months { get; set; } = 3;
    public DateOnly? Deadline { get; set; }
    public WorkMode Mode { get; set; } = WorkMode.Either;
    public string? Language { get; set; } = "yue";
    public int? Version { get; set; }

    public NeedDetails ToDetails() => new()
    {
        Area = Area, Title = Title, Description = Description, HoursPerMonth = HoursPerMonth, Months = Months,
        Deadline = Deadline, Mode = Mode, Language = Language,
    };

    public static NeedForm From(Need n) => new()
    {
        Id = n.Id, Area = n.Area, Title = n.Title, Description = n.Description, HoursPerMonth = n.HoursPerMonth, Months = n.Months,
        Deadline = n.Deadline, Mode = n.Mode, Language = n.Language, Version = n.Version,
    };
}

public sealed class NeedFormPage
{
    public required Organisation Organisation { get; init; }
    public required NeedForm Form { get; init; }
    public DateOnly Today { get; init; }
}

public sealed class NeedPage
{
    public required NeedView View { get; init; }
    public bool CanEdit { get; init; }
    public Partner? MyPartner { get; init; }
    public Match? MyOffer { get; init; }
    public ScoredMatch? MyScore { get; init; }
    public IReadOnlyList<PartnerSuggestion> Suggestions { get; init; } = [];
    public IReadOnlyList<MatchDetails> Offers { get; init; } = [];
    public SuggestionFilter Filter { get; init; } = new();
    public string? Message { get; set; }
    public bool SignedIn { get; init; }
    public bool CanOfferHelp { get; init; }
}

public sealed class PartnerForm
{
    public string? Type { get; set; }
    public string? DisplayName { get; set; }
    public string? About { get; set; }
    public List<string> Skills { get; set; } = [];
    public List<string> Districts { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> Causes { get; set; } = [];
    public int? HoursPerMonth { get; set; } = 4;
    public bool OnSite { get; set; } = true;
    public bool Remote { get; set; } = true;
    public bool Available { get; set; } = true;
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public int? Version { get; set; }
    public bool Registered { get; set; }

    public PartnerDetails ToDetails() => new()
    {
        Type = Type, DisplayName = DisplayName, About = About, Skills = Skills, Districts = Districts, Languages = Languages,
        Causes = Causes, HoursPerMonth = HoursPerMonth, OnSite = OnSite, Remote = Remote,
        ContactName = ContactName, ContactEmail = ContactEmail, ContactPhone = ContactPhone,
    };

    public static PartnerForm From(Partner p) => new()
    {
        Type = p.Type, DisplayName = p.DisplayName, About = p.About, Skills = [.. p.SkillList], Districts = [.. p.DistrictList],
        Languages = [.. p.LanguageList], Causes = [.. p.CauseList], HoursPerMonth = p.HoursPerMonth, OnSite = p.OnSite, Remote = p.Remote,
        Available = p.Available, ContactName = p.ContactName, ContactEmail = p.ContactEmail, ContactPhone = p.ContactPhone,
        Version = p.Version, Registered = true,
    };
}

public sealed class SuggestionsPage
{
    public Partner? Partner { get; init; }
    public IReadOnlyList<NeedSuggestion> Suggestions { get; init; } = [];
    public SuggestionFilter Filter { get; init; } = new();
}

public sealed class MatchPage
{
    public required MatchDetails Details { get; init; }
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
    public string? FormWithErrors { get; set; }
    public string? Reason { get; set; }
    public string? Outcome { get; set; }
    public int? Rating { get; set; }
    public int? Hours { get; set; }
    public DateTimeOffset Now { get; init; }
}

/// <summary>A bar chart drawn on the server (SVG with title and description) with its numbers as a table.</summary>
public sealed record BarChart(string Id, string Title, string Description, IReadOnlyList<(string Label, decimal Value, decimal? Target)> Bars, string LabelHeader, string ValueHeader);

public sealed class NetworkPage
{
    public required NetworkReport Report { get; init; }
    public int ThisYear { get; init; }
}

public sealed class AdminMatchesPage
{
    public required IReadOnlyList<AdminMatchRow> Rows { get; init; }
    public MatchStatus? Stage { get; init; }
}

public sealed class BrokerPage
{
    public required IReadOnlyList<Need> Needs { get; init; }
    public IReadOnlyDictionary<long, Organisation> Organisations { get; init; } = new Dictionary<long, Organisation>();
    public NeedView? Need { get; init; }
    public IReadOnlyList<PartnerSuggestion> Suggestions { get; init; } = [];
    public IReadOnlyList<Partner> Partners { get; init; } = [];
}
