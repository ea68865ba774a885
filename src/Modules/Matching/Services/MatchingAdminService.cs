using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.People;

namespace Portal.Matching.Services;

public sealed record TypeCount(string Type, int Count, int? Target);

public sealed record StageCount(MatchStatus Status, int Count);

public sealed record ResponseBucket(string Key, int Count);

public sealed record MonthHours(string Month, int Hours);

public sealed record NetworkReport(
    IReadOnlyList<TypeCount> PartnersByType,
    int PartnersAvailable,
    int NeedsOpen,
    int NeedsMatched,
    int NeedsMet,
    int NeedsClosed,
    IReadOnlyList<StageCount> MatchesByStage,
    IReadOnlyList<ResponseBucket> ResponseTimes,
    double? MedianResponseDays,
    int HoursGiven,
    IReadOnlyList<MonthHours> HoursByMonth,
    int WaitingForIntroduction,
    IReadOnlyList<int> HolidayYears);

public sealed record AdminMatchRow(long Id, MatchStatus Status, string NeedTitle, string GroupZh, string GroupEn, string PartnerName, string PartnerType,
    DateTimeOffset CreatedUtc, DateTimeOffset RespondByUtc, DateTimeOffset? AnsweredUtc, DateTimeOffset? IntroducedUtc, DateTimeOffset? CompletedUtc, int Hours, int Score);

/// <summary>Staff work: the network page (figures in the database, not row by row), the CSV, introductions and
/// brokering a match by hand.</summary>
public sealed class MatchingAdminService(
    MatchingDbContext db,
    MatchingService matching,
    TimeProvider clock,
    IOptions<MatchingOptions> options,
    IPersonDirectory directory)
{
    public static readonly string[] ResponseKeys = ["same-day", "1-2", "3-5", "over-5", "expired"];

    public async Task<NetworkReport> NetworkAsync(CancellationToken ct)
    {
        var o = options.Value;
        var byType = await db.Partners.AsNoTracking().GroupBy(p => p.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var available = await db.Partners.AsNoTracking().CountAsync(p => p.Available, ct);
        var needs = await db.Needs.AsNoTracking().GroupBy(n => n.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var stages = await db.Matches.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var answered = await db.Matches.AsNoTracking().Where(m => m.AnsweredUtc != null)
            .Select(m => new { m.CreatedUtc, m.AnsweredUtc }).ToListAsync(ct);
        var expired = stages.GetValueOrDefault(MatchStatus.Expired);
        var days = answered.Select(a => (a.AnsweredUtc!.Value - a.CreatedUtc).TotalDays).Order().ToList();
        var buckets = new List<ResponseBucket>
        {
            new("same-day", days.Count(d => d < 1)),
            new("1-2", days.Count(d => d is >= 1 and < 3)),
            new("3-5", days.Count(d => d is >= 3 and <= 5)),
            new("over-5", days.Count(d => d > 5)),
            new("expired", expired),
        };

        var today = PortalCultures.Today(clock);
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var done = await db.Matches.AsNoTracking().Where(m => m.Status == MatchStatus.Completed)
            .Select(m => new { m.CompletedUtc, m.PartnerHours, m.GroupHours }).ToListAsync(ct);
        int Hours(int? partner, int? group) => partner ?? group ?? 0;
        var months = Enumerable.Range(0, 12).Select(i => firstMonth.AddMonths(i)).Select(m => new MonthHours(
            m.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            done.Where(d => d.CompletedUtc is { } c && c >= PortalCultures.StartOfDayUtc(m) && c < PortalCultures.StartOfDayUtc(m.AddMonths(1))).Sum(d => Hours(d.PartnerHours, d.GroupHours)))).ToList();

        return new NetworkReport(
            [.. Vocabulary.PartnerTypes.Select(t => new TypeCount(t.Slug, byType.GetValueOrDefault(t.Slug),
                t.Slug == "company" ? o.CompanyTarget : t.Slug == "professional-volunteer" ? o.ProfessionalVolunteerTarget : null))],
            available,
            needs.GetValueOrDefault(NeedStatus.Open),
            needs.GetValueOrDefault(NeedStatus.Matched),
            needs.GetValueOrDefault(NeedStatus.Met),
            needs.GetValueOrDefault(NeedStatus.Closed),
            [.. Enum.GetValues<MatchStatus>().Select(s => new StageCount(s, stages.GetValueOrDefault(s)))],
            buckets,
            days.Count == 0 ? null : Math.Round(days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2, 1),
            done.Sum(d => Hours(d.PartnerHours, d.GroupHours)),
            months,
            stages.GetValueOrDefault(MatchStatus.Accepted),
            WorkingDays.HongKong.Years);
    }

    /// <summary>Matches for the staff list (newest first), optionally of one stage.</summary>
    public async Task<List<AdminMatchRow>> MatchesAsync(MatchStatus? status, CancellationToken ct, int take = 500)
    {
        var query = db.Matches.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(m => m.Status == s);
        }

        var rows = await (from m in query
                          join n in db.Needs.AsNoTracking() on m.NeedId equals n.Id
                          join g in db.Organisations.AsNoTracking() on m.OrganisationId equals g.Id
                          join p in db.Partners.AsNoTracking() on m.PartnerId equals p.Id into ps
                          from p in ps.DefaultIfEmpty()
                          orderby m.CreatedUtc descending
                          select new { m, n.Title, g.NameZh, g.NameEn, PartnerName = p == null ? "" : p.DisplayName, PartnerType = p == null ? "" : p.Type })
            .Take(take).ToListAsync(ct);
        return [.. rows.Select(r => new AdminMatchRow(r.m.Id, r.m.Status, r.Title, r.NameZh, r.NameEn, r.PartnerName, r.PartnerType,
            r.m.CreatedUtc, r.m.RespondByUtc, r.m.AnsweredUtc, r.m.IntroducedUtc, r.m.CompletedUtc, r.m.HoursGiven, r.m.Score))];
    }

    /// <summary>Every match as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the Chinese). No contacts.</summary>
    public async Task<byte[]> MatchesCsvAsync(Func<string, string> label, bool english, CancellationToken ct)
    {
        var rows = await MatchesAsync(null, ct, int.MaxValue);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "Match", "Stage", "Need", "Group", "Partner", "Partner type", "Offered", "Answered", "Introduced", "Completed", "Hours given", "Score" })
            {
                csv.WriteField(label(header));
            }

            csv.NextRecord();
            foreach (var r in rows)
            {
                csv.WriteField(r.Id);
                csv.WriteField(label(Display.Stage(r.Status)));
                csv.WriteField(r.NeedTitle);
                csv.WriteField(english ? (r.GroupEn.Length > 0 ? r.GroupEn : r.GroupZh) : (r.GroupZh.Length > 0 ? r.GroupZh : r.GroupEn));
                csv.WriteField(r.PartnerName);
                csv.WriteField(Vocabulary.Label(Vocabulary.PartnerTypes, r.PartnerType, english));
                csv.WriteField(Date(r.CreatedUtc));
                csv.WriteField(Date(r.AnsweredUtc));
                csv.WriteField(Date(r.IntroducedUtc));
                csv.WriteField(Date(r.CompletedUtc));
                csv.WriteField(r.Hours);
                csv.WriteField(r.Score);
                csv.NextRecord();
            }
        }

        return stream.ToArray();

        static string Date(DateTimeOffset? utc) => utc is { } u ? PortalCultures.DateInHongKong(u).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>Staff introduce both sides by e-mail (a real e-mail through the notification contract, with both sides' contacts).</summary>
    public async Task IntroduceAsync(Viewer staff, long matchId, int? expectedVersion, CancellationToken ct)
    {
        var (match, organisation, _) = await matching.RequireMatchAsync(staff, matchId, ct);
        MatchingService.CheckVersion(match.Version, expectedVersion, MatchingService.AnsweredMeanwhileMessage);
        match.Introduce(staff.UserId, clock.GetUtcNow());
        var need = await db.Needs.AsNoTracking().FirstAsync(n => n.Id == match.NeedId, ct);
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == match.PartnerId, ct)
            ?? throw new MatchingRuleException("This partner has left the scheme.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new MatchingRuleException(MatchingService.AnsweredMeanwhileMessage, ex);
        }

        var staffName = (await directory.FindAsync(staff.UserId, ct))?.DisplayName ?? "";
        var leader = await directory.FindAsync(organisation.LeaderUserId, ct);
        var leaderEnglish = PortalCultures.Normalize(leader?.Culture) == PortalCultures.English;
        var partnerPerson = await directory.FindAsync(match.PartnerUserId, ct);
        var partnerEnglish = PortalCultures.Normalize(partnerPerson?.Culture) == PortalCultures.English;
        await matching.NotifyAsync(MatchingNotifications.Introduction, organisation.LeaderUserId, new()
        {
            ["other"] = partner.DisplayName,
            ["need"] = need.Title,
            ["contacts"] = Contacts(partner.ContactName ?? partner.DisplayName, partner.ContactEmail, partner.ContactPhone, leaderEnglish),
            ["staff"] = staffName,
        }, $"matching.introduction:{match.Id}:group", $"/partners/matches/{match.Id}", tx, ct);
        await matching.NotifyAsync(MatchingNotifications.Introduction, match.PartnerUserId, new()
        {
            ["other"] = organisation.Name(partnerEnglish),
            ["need"] = need.Title,
            ["contacts"] = Contacts(organisation.ContactName ?? organisation.Name(partnerEnglish), organisation.ContactEmail, organisation.ContactPhone, partnerEnglish),
            ["staff"] = staffName,
        }, $"matching.introduction:{match.Id}:partner", $"/partners/matches/{match.Id}", tx, ct);
        await tx.CommitAsync(ct);
    }

    private static string Contacts(string name, string? email, string? phone, bool english)
    {
        var lines = new List<string> { name };
        if (email is not null)
        {
            lines.Add((english ? "E-mail: " : "電郵：") + email);
        }

        if (phone is not null)
        {
            lines.Add((english ? "Phone: " : "電話：") + phone);
        }

        return string.Join('\n', lines);
    }

    /// <summary>Staff broker a match by hand (after talking with the partner): the group answers it as any offer.</summary>
    public async Task<Match> BrokerAsync(Viewer staff, long needId, long partnerId, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct)
            ?? throw new MatchingRuleException("Choose a partner from the list.");
        return await matching.CreateMatchAsync(needId, partner, null, staff.UserId, ct);
    }

    public Task<List<Need>> OpenNeedsAsync(CancellationToken ct) =>
        db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Open).OrderBy(n => n.Deadline).Take(500).ToListAsync(ct);

    public Task<List<Partner>> PartnersAsync(CancellationToken ct) =>
        db.Partners.AsNoTracking().OrderBy(p => p.Type).ThenBy(p => p.DisplayName).Take(2000).ToListAsync(ct);
}

/// <summary>English texts (also the localization keys) for the scheme's states.</summary>
public static class Display
{
    public static string Stage(MatchStatus status) => status switch
    {
        MatchStatus.Interested => "Waiting for the group's answer",
        MatchStatus.Accepted => "Both said yes: to introduce",
        MatchStatus.Declined => "Declined",
        MatchStatus.Expired => "Expired",
        MatchStatus.Introduced => "Introduced",
        MatchStatus.Active => "Working together",
        MatchStatus.Completed => "Completed",
        _ => "Withdrawn",
    };

    public static string NeedStatusText(NeedStatus status) => status switch
    {
        NeedStatus.Open => "Open",
        NeedStatus.Matched => "Partner found",
        NeedStatus.Met => "Met",
        _ => "Closed",
    };

    public static string ModeText(WorkMode mode) => mode switch
    {
        WorkMode.OnSite => "On site",
        WorkMode.Remote => "Remote",
        _ => "On site or remote",
    };

    public static string ResponseBucket(string key) => key switch
    {
        "same-day" => "Within a day",
        "1-2" => "1 to 2 days",
        "3-5" => "3 to 5 days",
        "over-5" => "Over 5 days",
        _ => "Not answered in time",
    };
}
