namespace Portal.Matching.Models;

public sealed record PartnerDetails
{
    public string? Type { get; init; }
    public string? DisplayName { get; init; }
    public string? About { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];
    public IReadOnlyList<string> Districts { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> Causes { get; init; } = [];
    public int? HoursPerMonth { get; init; }
    public bool OnSite { get; init; }
    public bool Remote { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
}

/// <summary>A professional volunteer, company or CSR team, trustee candidate, venue provider or community group
/// offering help. One profile per person; its contacts show only to a group both sides said yes to.</summary>
public sealed class Partner
{
    public const int MaxName = 200;
    public const int MaxAbout = 1000;

    private Partner()
    {
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Type { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string? About { get; private set; }
    public string Skills { get; private set; } = "";
    public string Districts { get; private set; } = "";
    public string Languages { get; private set; } = "";
    public string Causes { get; private set; } = "";
    public int HoursPerMonth { get; private set; }
    public bool OnSite { get; private set; }
    public bool Remote { get; private set; }
    public string? ContactName { get; private set; }
    public string? ContactEmail { get; private set; }
    public string? ContactPhone { get; private set; }

    /// <summary>False while the partner takes a break: not suggested to groups.</summary>
    public bool Available { get; private set; } = true;
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<string> SkillList => Vocabulary.Split(Skills);
    public IReadOnlyList<string> DistrictList => Vocabulary.Split(Districts);
    public IReadOnlyList<string> LanguageList => Vocabulary.Split(Languages);
    public IReadOnlyList<string> CauseList => Vocabulary.Split(Causes);

    public static Partner Register(string userId, PartnerDetails details, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var partner = new Partner { UserId = userId, CreatedUtc = now };
        partner.Apply(details, now);
        return partner;
    }

    public void Update(PartnerDetails details, bool available, DateTimeOffset now)
    {
        Apply(details, now);
        Available = available;
        Version++;
    }

    private void Apply(PartnerDetails d, DateTimeOffset now)
    {
        if (!Vocabulary.Contains(Vocabulary.PartnerTypes, d.Type))
        {
            throw new MatchingRuleException("Choose what kind of partner you are.");
        }

        var name = d.DisplayName?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new MatchingRuleException("Enter your name, or your company's or group's name.");
        }

        if (name.Length > MaxName)
        {
            throw new MatchingRuleException("Please keep each name under 200 characters.");
        }

        if ((d.About?.Length ?? 0) > MaxAbout)
        {
            throw new MatchingRuleException("Please keep the introduction under 1,000 characters.");
        }

        var skills = Vocabulary.Clean(Vocabulary.Areas, d.Skills);
        if (skills.Count == 0)
        {
            throw new MatchingRuleException("Choose at least one kind of help you can give.");
        }

        var languages = Vocabulary.Clean(Vocabulary.Languages, d.Languages);
        if (languages.Count == 0)
        {
            throw new MatchingRuleException("Choose at least one language.");
        }

        if (d.HoursPerMonth is not { } hours || hours is < 1 or > 200)
        {
            throw new MatchingRuleException("Give your time as 1 to 200 hours a month.");
        }

        if (!d.OnSite && !d.Remote)
        {
            throw new MatchingRuleException("Say whether you can help on site, remotely, or both.");
        }

        var email = Contact.Email(d.ContactEmail);
        var phone = Contact.Text(d.ContactPhone);
        if (email is null && phone is null)
        {
            throw new MatchingRuleException("Give an e-mail address or a phone number, so a group can reach you.");
        }

        Type = d.Type!;
        DisplayName = name;
        About = string.IsNullOrWhiteSpace(d.About) ? null : d.About.Trim();
        Skills = Vocabulary.Join(skills);
        Districts = Vocabulary.Join(Vocabulary.Clean(Vocabulary.Districts, d.Districts));
        Languages = Vocabulary.Join(languages);
        Causes = Vocabulary.Join(Vocabulary.Clean(Vocabulary.Causes, d.Causes));
        HoursPerMonth = hours;
        OnSite = d.OnSite;
        Remote = d.Remote;
        ContactName = Contact.Text(d.ContactName);
        ContactEmail = email;
        ContactPhone = phone;
        UpdatedUtc = now;
    }
}
