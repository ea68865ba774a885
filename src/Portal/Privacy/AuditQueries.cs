using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;
using Portal.Privacy;
using Portal.Resources;

namespace Portal.Hosting.Privacy;

/// <summary>What <c>/admin/audit</c> was asked for (as typed: shown again in the form).</summary>
public sealed record AuditFilter(string? Person, string? Actor, string? Area, string? From, string? To)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Person) && string.IsNullOrWhiteSpace(Actor) && string.IsNullOrWhiteSpace(Area)
        && string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To);

    /// <summary>The filter as a query string (without <c>?</c>), for paging and the CSV link.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
            }
        }

        Add("person", Person);
        Add("actor", Actor);
        Add("area", Area);
        Add("from", From);
        Add("to", To);
        return string.Join("&", parts);
    }
}

/// <summary>One entry as shown: names looked up now (a deleted account shows as such), area in the reader's language.</summary>
public sealed record AuditRow(
    long Id,
    DateTimeOffset OccurredUtc,
    string ActorUserId,
    string ActorName,
    string SubjectUserId,
    string SubjectName,
    string Area,
    string AreaTitle,
    PersonalDataAction Action,
    string? Reason,
    string? Item);

public sealed record AuditPage(
    AuditFilter Filter,
    IReadOnlyList<AuditRow> Rows,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<AuditedArea> Areas,
    IReadOnlyList<(string Field, string Message)> Problems)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the audit trail for administrators (<c>/admin/audit</c>, CSV) and for the person it is about.</summary>
public sealed class AuditQueries(HostDbContext db, AuditedAreaCatalog areas, IStringLocalizer<PrivacyStrings> T)
{
    public const int PageSize = 50;

    /// <summary>At most this many rows in one CSV file (the filter narrows a larger trail).</summary>
    public const int CsvMaxRows = 100_000;

    private const int MaxPeopleMatched = 500;

    public async Task<AuditPage> SearchAsync(AuditFilter filter, int page, CancellationToken cancellationToken)
    {
        var (query, problems) = await FilterAsync(filter, cancellationToken);
        if (problems.Count > 0 || query is null)
        {
            return new AuditPage(filter, [], 0, 1, PageSize, areas.All(), problems);
        }

        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var entries = await query.OrderByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new AuditPage(filter, await ToRowsAsync(entries, cancellationToken), total, page, PageSize, areas.All(), problems);
    }

    /// <summary>The CSV file of the filtered trail (newest first), or the problems with the filter.</summary>
    public async Task<(byte[]? File, IReadOnlyList<(string Field, string Message)> Problems)> CsvAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var (query, problems) = await FilterAsync(filter, cancellationToken);
        if (problems.Count > 0 || query is null)
        {
            return (null, problems);
        }

        var entries = await query.OrderByDescending(a => a.Id).Take(CsvMaxRows).ToListAsync(cancellationToken);
        var rows = await ToRowsAsync(entries, cancellationToken);
        IEnumerable<string?[]> Lines()
        {
            yield return ["time", "actor", "actorUserId", "person", "personUserId", "area", "action", "reason", "item"];
            foreach (var r in rows)
            {
                yield return [r.OccurredUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), r.ActorName, r.ActorUserId, r.SubjectName, r.SubjectUserId, r.AreaTitle, ActionText(r.Action), r.Reason, r.Item];
            }
        }

        return (CsvText.Write(Lines()), []);
    }

    /// <summary>The newest entries about <paramref name="userId"/> (their account page).</summary>
    public async Task<IReadOnlyList<AuditRow>> AboutAsync(string userId, int take, CancellationToken cancellationToken) =>
        await ToRowsAsync(await NewestAbout.ToListAsync(db, userId, take, cancellationToken), cancellationToken);

    /// <summary>The account page shows these on every view (compiled: see <see cref="Portal.Data.CompiledQuery{TContext, TParameter, TResult}"/>).</summary>
    private static readonly Portal.Data.CompiledListQuery<HostDbContext, string, int, AuditEntry> NewestAbout =
        new((db, userId, take) => db.AuditEntries.AsNoTracking().Where(a => a.SubjectUserId == userId).OrderByDescending(a => a.Id).Take(take));

    public Task<int> CountAboutAsync(string userId, CancellationToken cancellationToken) =>
        db.AuditEntries.CountAsync(a => a.SubjectUserId == userId, cancellationToken);

    public string ActionText(PersonalDataAction action) => action switch
    {
        PersonalDataAction.Exported => T["Exported"].Value,
        PersonalDataAction.Changed => T["Changed"].Value,
        _ => T["Viewed"].Value,
    };

    private async Task<(IQueryable<AuditEntry>? Query, List<(string, string)> Problems)> FilterAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var problems = new List<(string, string)>();
        var from = ParseDate(filter.From, nameof(AuditFilter.From), problems);
        var to = ParseDate(filter.To, nameof(AuditFilter.To), problems);
        if (from is { } f && to is { } t && f > t)
        {
            problems.Add((nameof(AuditFilter.To), T["The end date is before the start date."].Value));
        }

        var area = filter.Area?.Trim();
        if (!string.IsNullOrEmpty(area) && areas.Find(area) is null)
        {
            problems.Add((nameof(AuditFilter.Area), T["Choose an area from the list."].Value));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var ids = await MatchPeopleAsync(filter.Person, cancellationToken);
            query = query.Where(a => ids.Contains(a.SubjectUserId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var ids = await MatchPeopleAsync(filter.Actor, cancellationToken);
            query = query.Where(a => ids.Contains(a.ActorUserId));
        }

        if (!string.IsNullOrEmpty(area))
        {
            query = query.Where(a => a.Area == area);
        }

        if (from is { } start)
        {
            var startUtc = PortalCultures.StartOfDayUtc(start);
            query = query.Where(a => a.OccurredUtc >= startUtc);
        }

        if (to is { } end)
        {
            var endUtc = PortalCultures.StartOfDayUtc(end.AddDays(1));
            query = query.Where(a => a.OccurredUtc < endUtc);
        }

        return (query, problems);
    }

    /// <summary>User ids whose name, user name or e-mail contains the text, or the exact user id typed.</summary>
    private async Task<List<string>> MatchPeopleAsync(string text, CancellationToken cancellationToken)
    {
        var term = text.Trim();
        var upper = term.ToUpperInvariant();
        var ids = await db.Users.AsNoTracking()
            .Where(u => u.Id == term || u.DisplayName.Contains(term) || u.NormalizedUserName!.Contains(upper) || u.NormalizedEmail!.Contains(upper))
            .Select(u => u.Id)
            .Take(MaxPeopleMatched)
            .ToListAsync(cancellationToken);
        ids.Add(term); // the id of a deleted account still finds its entries
        return ids;
    }

    private DateOnly? ParseDate(string? value, string field, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add((field, T["Enter the date as year-month-day, for example 2026-12-06."].Value));
        return null;
    }

    private async Task<IReadOnlyList<AuditRow>> ToRowsAsync(List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return []; // most people's account page: nobody looked at their data, so no names to look up
        }

        var ids = entries.SelectMany(e => new[] { e.ActorUserId, e.SubjectUserId }).Distinct(StringComparer.Ordinal).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.UserName })
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName ?? string.Empty : u.DisplayName, cancellationToken);
        var deleted = T["(deleted account)"].Value;
        return [.. entries.Select(e => new AuditRow(
            e.Id,
            e.OccurredUtc,
            e.ActorUserId,
            names.GetValueOrDefault(e.ActorUserId) ?? deleted,
            e.SubjectUserId,
            names.GetValueOrDefault(e.SubjectUserId) ?? deleted,
            e.Area,
            areas.TitleOf(e.Area),
            e.Action,
            e.Reason,
            e.Item))];
    }
}

/// <summary>The host's own audited areas (accounts seen and changed by administrators, data exports).</summary>
internal sealed class HostAuditedAreas(IStringLocalizer<PrivacyStrings> T) : IAuditedAreaProvider
{
    public const string Accounts = "account.profile";

    public IEnumerable<AuditedArea> GetAreas() =>
    [
        new(Accounts, T["Account details"]),
    ];
}

/// <summary>The entries about the person: part of their data export (who opened their data, when and why). Kept on
/// erasure until their retention period ends: the trail is the organisation's record of staff access and holds user
/// ids only, no name.</summary>
internal sealed class AuditTrailPersonalData(AuditQueries queries, IStringLocalizer<PrivacyStrings> T) : IPersonalDataProvider
{
    public string Section => "accessLog";

    public string Title => T["Who opened your data"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var rows = await queries.AboutAsync(userId, int.MaxValue, cancellationToken);
        return new PersonalDataSection(Section, Title, rows.Count == 0 ? [] :
        [
            new PersonalDataTable("entries", T["Staff access to your data"], [.. rows.Select(r => PersonalDataRow.Of(
                ("time", r.OccurredUtc),
                ("staff", r.ActorName),
                ("area", r.AreaTitle),
                ("action", r.Action),
                ("reason", r.Reason),
                ("item", r.Item)))]),
        ]);
    }

    public Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(PersonalDataErasure.None);
}
