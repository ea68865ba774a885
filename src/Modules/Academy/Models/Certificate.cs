using System.Globalization;
using System.Security.Cryptography;

namespace Portal.Academy.Models;

public enum HolderNameChoice
{
    Chinese = 0,
    English = 1,
    Both = 2,
}

public enum CertificateStatus
{
    Valid = 0,
    Revoked = 1,
    Expired = 2,
}

/// <summary>What the learner and the site supply when a certificate is issued.</summary>
public sealed record CertificateIssue(
    string? HolderNameZh,
    string? HolderNameEn,
    HolderNameChoice NameChoice,
    string IssuerZh,
    string IssuerEn);

/// <summary>
/// An issued certificate. Everything printed on it is copied at issue time and never changes afterwards;
/// only revocation (with a reason) and a pointer to a re-issued replacement are recorded later.
/// </summary>
public sealed class Certificate
{
    public const int MaxNameLength = 100;

    private Certificate()
    {
    }

    public long Id { get; private set; }
    public string Code { get; private set; } = "";
    public long EnrolmentId { get; private set; }
    public string UserId { get; private set; } = "";
    public long CourseId { get; private set; }
    public string HolderNameZh { get; private set; } = "";
    public string HolderNameEn { get; private set; } = "";
    public HolderNameChoice NameChoice { get; private set; }
    public string CourseTitleZh { get; private set; } = "";
    public string CourseTitleEn { get; private set; } = "";
    public decimal Hours { get; private set; }
    public DateOnly CompletedOn { get; private set; }
    public string IssuerZh { get; private set; } = "";
    public string IssuerEn { get; private set; } = "";
    public string WordingZh { get; private set; } = "";
    public string WordingEn { get; private set; } = "";
    public DateTimeOffset IssuedUtc { get; private set; }
    public DateOnly? ExpiresOn { get; private set; }
    public DateTimeOffset? RevokedUtc { get; private set; }
    public string? RevokedReason { get; private set; }
    public string? ReplacedByCode { get; private set; }

    public bool IsRevoked => RevokedUtc is not null;

    /// <summary>What <see cref="UserId"/> becomes when the holder erases their personal data: the certificate keeps
    /// verifying (course, date, status) but no longer names or points to anyone.</summary>
    public const string ErasedHolderUserId = "(erased)";

    /// <summary>The holder deleted their account: the name is gone and verification must say so.</summary>
    public bool HolderErased => UserId == ErasedHolderUserId;

    /// <summary>The holder's name as they chose to have it printed.</summary>
    public string HolderName => NameChoice switch
    {
        HolderNameChoice.Chinese => HolderNameZh,
        HolderNameChoice.English => HolderNameEn,
        _ => HolderNameZh + " " + HolderNameEn,
    };

    public string CourseTitle(bool english) => english ? CourseTitleEn : CourseTitleZh;

    public string FormattedCode => CertificateCode.Format(Code);

    public CertificateStatus StatusOn(DateOnly today) =>
        IsRevoked ? CertificateStatus.Revoked
        : ExpiresOn is { } expires && expires < today ? CertificateStatus.Expired
        : CertificateStatus.Valid;

    public static IReadOnlyList<string> ValidateNames(string? nameZh, string? nameEn, HolderNameChoice choice)
    {
        var problems = new List<string>();
        var zh = nameZh?.Trim() ?? "";
        var en = nameEn?.Trim() ?? "";
        if (choice is HolderNameChoice.Chinese or HolderNameChoice.Both && zh.Length == 0)
        {
            problems.Add("Enter your name in Chinese.");
        }

        if (choice is HolderNameChoice.English or HolderNameChoice.Both && en.Length == 0)
        {
            problems.Add("Enter your name in English.");
        }

        if (zh.Length > MaxNameLength || en.Length > MaxNameLength)
        {
            problems.Add("A name may have at most 100 characters.");
        }

        if ((zh + en).Any(char.IsControl))
        {
            problems.Add("A name cannot contain control characters.");
        }

        return problems;
    }

    internal static Certificate Issue(Enrolment enrolment, Course course, CertificateIssue issue, DateTimeOffset now)
    {
        var problems = ValidateNames(issue.HolderNameZh, issue.HolderNameEn, issue.NameChoice);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        return Build(course, issue, enrolment.CompletedUtc ?? now, now, enrolment.Id, enrolment.UserId);
    }

    /// <summary>A certificate as it would be issued for <paramref name="course"/>, for staff to preview; never saved.</summary>
    internal static Certificate Preview(Course course, CertificateIssue issue, DateTimeOffset now)
    {
        var problems = ValidateNames(issue.HolderNameZh, issue.HolderNameEn, issue.NameChoice);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        return Build(course, issue, now, now, 0, "");
    }

    private static Certificate Build(Course course, CertificateIssue issue, DateTimeOffset completedUtc, DateTimeOffset now, long enrolmentId, string userId)
    {
        var completedOn = Globalization.PortalCultures.DateInHongKong(completedUtc);
        var certificate = new Certificate
        {
            Code = CertificateCode.New(),
            EnrolmentId = enrolmentId,
            UserId = userId,
            CourseId = course.Id,
            HolderNameZh = issue.HolderNameZh?.Trim() ?? "",
            HolderNameEn = issue.HolderNameEn?.Trim() ?? "",
            NameChoice = issue.NameChoice,
            CourseTitleZh = course.TitleZh,
            CourseTitleEn = course.TitleEn,
            Hours = course.Hours,
            CompletedOn = completedOn,
            IssuerZh = issue.IssuerZh,
            IssuerEn = issue.IssuerEn,
            IssuedUtc = now,
            ExpiresOn = course.CertificateExpiryMonths is { } months ? completedOn.AddMonths(months) : null,
        };
        certificate.WordingZh = Course.FillWording(
            course.CertificateWordingZh.Length > 0 ? course.CertificateWordingZh : DefaultWordingZh,
            certificate.WordingValues(english: false));
        certificate.WordingEn = Course.FillWording(
            course.CertificateWordingEn.Length > 0 ? course.CertificateWordingEn : DefaultWordingEn,
            certificate.WordingValues(english: true));
        return certificate;
    }

    public const string DefaultWordingZh = "茲證明 {{name}} 已完成「{{course}}」課程，共 {{hours}} 小時。";
    public const string DefaultWordingEn = "This is to certify that {{name}} has completed the course \"{{course}}\" ({{hours}} hours).";

    private Dictionary<string, string> WordingValues(bool english) => new()
    {
        ["name"] = HolderName,
        ["course"] = english ? CourseTitleEn : CourseTitleZh,
        ["hours"] = Hours.ToString("0.#", CultureInfo.InvariantCulture),
        ["date"] = english ? CompletedOn.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : CompletedOn.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
        ["issuer"] = english ? IssuerEn : IssuerZh,
    };

    public void Revoke(string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new AcademyRuleException("Give the reason for revoking the certificate.");
        }

        if (reason.Trim().Length > 500)
        {
            throw new AcademyRuleException("The reason may have at most 500 characters.");
        }

        if (IsRevoked)
        {
            throw new AcademyRuleException("This certificate is already revoked.");
        }

        RevokedUtc = now;
        RevokedReason = reason.Trim();
    }

    internal void MarkReplacedBy(string code) => ReplacedByCode = code;
}

/// <summary>Verification codes: 16 Crockford base-32 characters (80 bits) from a cryptographic random source.</summary>
public static class CertificateCode
{
    public const int Length = 16;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[Length];
        ulong buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(int)((buffer >> bits) & 31)];
            }
        }

        return new string(chars);
    }

    /// <summary>Reads a code as a person may type it: any case, with hyphens or spaces, O for 0, I or L for 1.
    /// Returns null when it cannot be a code.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return null;
        }

        var chars = new List<char>(Length);
        foreach (var raw in input.ToUpperInvariant())
        {
            if (raw is '-' or ' ')
            {
                continue;
            }

            var c = raw switch { 'O' => '0', 'I' or 'L' => '1', _ => raw };
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            chars.Add(c);
        }

        return chars.Count == Length ? new string([.. chars]) : null;
    }

    public static string Format(string code) =>
        code.Length == Length ? string.Join('-', code.Chunk(4).Select(c => new string(c))) : code;
}
