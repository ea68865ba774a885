using System.Net.Mail;

namespace Portal.Matching.Models;

/// <summary>What a group leader types about their group.</summary>
public sealed record OrganisationDetails
{
    public string? NameZh { get; init; }
    public string? NameEn { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
    public string? District { get; init; }
    public int? Size { get; init; }
    public int? YearFounded { get; init; }
    public string? Committee { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
}

/// <summary>A self-help group in the scheme. Its contacts are private: they show only to a partner both sides said
/// yes to, and to staff. Everything else is the group's public profile.</summary>
public sealed class Organisation
{
    public const int MaxName = 200;
    public const int MaxCommittee = 1000;
    public const int MaxContact = 200;

    private Organisation()
    {
    }

    public long Id { get; private set; }

    /// <summary>The group leader who keeps the profile (empty once they deleted their account).</summary>
    public string LeaderUserId { get; private set; } = "";
    public string NameZh { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public string Conditions { get; private set; } = "";
    public string District { get; private set; } = "";
    public int? Size { get; private set; }
    public int? YearFounded { get; private set; }
    public string? Committee { get; private set; }
    public string? ContactName { get; private set; }
    public string? ContactEmail { get; private set; }
    public string? ContactPhone { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<string> ConditionList => Vocabulary.Split(Conditions);

    public string Name(bool english) => english
        ? (NameEn.Length > 0 ? NameEn : NameZh)
        : (NameZh.Length > 0 ? NameZh : NameEn);

    public static Organisation Register(string leaderUserId, OrganisationDetails details, int thisYear, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaderUserId);
        var organisation = new Organisation { LeaderUserId = leaderUserId, CreatedUtc = now };
        organisation.Apply(details, thisYear, now);
        return organisation;
    }

    public void Update(OrganisationDetails details, int thisYear, DateTimeOffset now)
    {
        Apply(details, thisYear, now);
        Version++;
    }

    private void Apply(OrganisationDetails d, int thisYear, DateTimeOffset now)
    {
        var zh = d.NameZh?.Trim() ?? "";
        var en = d.NameEn?.Trim() ?? "";
        if (zh.Length == 0 && en.Length == 0)
        {
            throw new MatchingRuleException("Enter the group's name in Chinese or English.");
        }

        if (zh.Length > MaxName || en.Length > MaxName)
        {
            throw new MatchingRuleException("Please keep each name under 200 characters.");
        }

        if (!Vocabulary.Contains(Vocabulary.Districts, d.District))
        {
            throw new MatchingRuleException("Choose the district where the group mostly meets.");
        }

        if (d.Size is { } size && size is < 1 or > 1_000_000)
        {
            throw new MatchingRuleException("Please check the number of members.");
        }

        if (d.YearFounded is { } year && (year < 1900 || year > thisYear))
        {
            throw new MatchingRuleException("Please check the year the group was founded.");
        }

        if ((d.Committee?.Length ?? 0) > MaxCommittee)
        {
            throw new MatchingRuleException("Please keep the committee under 1,000 characters.");
        }

        var email = Contact.Email(d.ContactEmail);
        var phone = Contact.Text(d.ContactPhone);
        if (email is null && phone is null)
        {
            throw new MatchingRuleException("Give an e-mail address or a phone number, so a partner can reach the group.");
        }

        NameZh = zh;
        NameEn = en;
        Conditions = Vocabulary.Join(Vocabulary.Clean(Vocabulary.Causes, d.Conditions));
        District = d.District!;
        Size = d.Size;
        YearFounded = d.YearFounded;
        Committee = string.IsNullOrWhiteSpace(d.Committee) ? null : d.Committee.Trim();
        ContactName = Contact.Text(d.ContactName);
        ContactEmail = email;
        ContactPhone = phone;
        UpdatedUtc = now;
    }

    /// <summary>The leader deleted their account: the group's profile stays (it is the group's), without the
    /// leader's id and without the contact details they typed.</summary>
    internal void EraseLeader()
    {
        LeaderUserId = "";
        ContactName = null;
        ContactEmail = null;
        ContactPhone = null;
        Version++;
    }

    /// <summary>Staff hand the profile to another leader.</summary>
    public void HandOver(string leaderUserId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaderUserId);
        LeaderUserId = leaderUserId;
        Version++;
    }
}

/// <summary>Checks on contact fields shared by groups and partners.</summary>
internal static class Contact
{
    public static string? Text(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > Organisation.MaxContact)
        {
            throw new MatchingRuleException("Please keep contact details under 200 characters.");
        }

        return trimmed;
    }

    public static string? Email(string? value)
    {
        var text = Text(value);
        if (text is null)
        {
            return null;
        }

        if (!MailAddress.TryCreate(text, out var address) || address.Address != text || !text.Contains('.', StringComparison.Ordinal))
        {
            throw new MatchingRuleException("Please check the e-mail address.");
        }

        return text;
    }
}
