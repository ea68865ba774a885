using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.BackgroundTasks;
using Portal.Globalization;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;
using Portal.Notifications;
using Portal.Security;

namespace Portal.Hosting.Privacy;

/// <summary>
/// How long the host keeps what it records about people (<c>Portal:Privacy:Retention</c>; see docs/privacy.md). A
/// period of zero switches that rule off. The indexing log and the e-mail log have their own settings in the Search and
/// Notifications modules (<c>Portal:Search:LogRetention</c>, <c>Portal:Notifications:KeepSentEmailsFor</c>…).
/// </summary>
public sealed class PrivacyRetentionOptions
{
    public const string Section = "Portal:Privacy:Retention";

    /// <summary>Audit-trail entries (who among staff opened whose data): 2 years, long enough to answer a complaint
    /// or an audit about the previous year.</summary>
    public TimeSpan KeepAuditEntriesFor { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Sign-in records (server sessions) after they ended: 30 days.</summary>
    public TimeSpan KeepEndedSignInsFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Accounts whose e-mail address was never confirmed and that never signed in: deleted after 30 days.</summary>
    public TimeSpan DeleteUnconfirmedAccountsAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Accounts nobody signed in to for 3 years are deleted (with every module's data), after a warning e-mail.</summary>
    public TimeSpan DeleteInactiveAccountsAfter { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>How long before the deletion the warning goes out (signing in once keeps the account).</summary>
    public TimeSpan WarnInactiveAccountsBefore { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the task runs (one node at a time).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>What one retention run did: counts only (safe to log).</summary>
public sealed record RetentionReport(int AuditEntries, int EndedSignIns, int UnconfirmedAccounts, int InactiveWarned, int InactiveAccounts, int Failed);

/// <summary>
/// Deletes or anonymises what is past its time: audit entries, ended sign-in records, never-confirmed accounts, and
/// accounts unused for years (warned by e-mail first through the Notifications contract; signing in clears the
/// warning). Accounts are deleted the same way a person deletes their own: every module's erasure first, then the
/// account. Administrators and demo accounts are never deleted for inactivity. Logs counts only.
/// </summary>
public sealed class PrivacyRetentionJob(
    HostDbContext db,
    UserManager<PortalUser> users,
    PersonalDataService personalData,
    INotificationPublisher notifications,
    IOptions<PrivacyRetentionOptions> options,
    TimeProvider clock,
    ILogger<PrivacyRetentionJob> logger)
{
    public const string InactiveWarningKind = "account.inactive-warning";

    private const int Batch = 200;

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var failed = 0;

        var audit = 0;
        if (settings.KeepAuditEntriesFor > TimeSpan.Zero)
        {
            var before = now - settings.KeepAuditEntriesFor;
            audit = await db.AuditEntries.Where(a => a.OccurredUtc < before).ExecuteDeleteAsync(cancellationToken);
        }

        var sessions = 0;
        if (settings.KeepEndedSignInsFor > TimeSpan.Zero)
        {
            var before = now - settings.KeepEndedSignInsFor;
            var rows = await db.UserTokens.AsNoTracking().Where(t => t.LoginProvider == ServerSessions.LoginProvider).Select(t => new { t.UserId, t.Name, t.Value }).ToListAsync(cancellationToken);
            var ended = rows.Where(r => !DateTimeOffset.TryParse(r.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var end) || end < before).ToList();
            foreach (var row in ended)
            {
                sessions += await db.UserTokens.Where(t => t.LoginProvider == ServerSessions.LoginProvider && t.UserId == row.UserId && t.Name == row.Name).ExecuteDeleteAsync(cancellationToken);
            }
        }

        var unconfirmed = 0;
        if (settings.DeleteUnconfirmedAccountsAfter > TimeSpan.Zero)
        {
            var before = now - settings.DeleteUnconfirmedAccountsAfter;
            var ids = await db.Users.AsNoTracking()
                .Where(u => !u.EmailConfirmed && !u.IsDemo && u.LastSignInUtc == null && u.CreatedUtc < before)
                .OrderBy(u => u.CreatedUtc).Select(u => u.Id).Take(Batch).ToListAsync(cancellationToken);
            foreach (var id in ids)
            {
                if (await DeleteAsync(id))
                {
                    unconfirmed++;
                }
                else
                {
                    failed++;
                }
            }
        }

        var warned = 0;
        var inactive = 0;
        if (settings.DeleteInactiveAccountsAfter > TimeSpan.Zero)
        {
            var admins = (await users.GetUsersInRoleAsync(PortalRoles.Administrator)).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
            var warnFrom = now - settings.DeleteInactiveAccountsAfter + settings.WarnInactiveAccountsBefore;
            var candidates = await db.Users.AsNoTracking()
                .Where(u => !u.IsDemo && u.EmailConfirmed && (u.LastSignInUtc ?? u.CreatedUtc) < warnFrom)
                .OrderBy(u => u.CreatedUtc).Take(Batch)
                .Select(u => new { u.Id, u.InactivityWarningUtc })
                .ToListAsync(cancellationToken);
            foreach (var candidate in candidates.Where(c => !admins.Contains(c.Id)))
            {
                if (candidate.InactivityWarningUtc is null)
                {
                    await WarnAsync(candidate.Id, now, cancellationToken);
                    warned++;
                }
                else if (candidate.InactivityWarningUtc.Value + settings.WarnInactiveAccountsBefore <= now)
                {
                    if (await DeleteAsync(candidate.Id))
                    {
                        inactive++;
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
        }

        var report = new RetentionReport(audit, sessions, unconfirmed, warned, inactive, failed);
        logger.LogInformation(
            "Retention: {AuditEntries} audit entries and {EndedSignIns} ended sign-in records deleted; {UnconfirmedAccounts} unconfirmed accounts deleted; {InactiveWarned} inactive accounts warned, {InactiveAccounts} deleted; {Failed} could not be deleted",
            report.AuditEntries, report.EndedSignIns, report.UnconfirmedAccounts, report.InactiveWarned, report.InactiveAccounts, report.Failed);
        return report;
    }

    private async Task WarnAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return;
        }

        var deleteOn = PortalCultures.DateInHongKong(now + options.Value.WarnInactiveAccountsBefore).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await notifications.PublishAsync(
            new NotificationRequest(InactiveWarningKind, user.Id, new Dictionary<string, string>
            {
                ["displayName"] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? string.Empty : user.DisplayName,
                ["date"] = deleteOn,
            }, $"{InactiveWarningKind}:{user.Id}:{now.UtcTicks}") { Url = "/account" },
            cancellationToken: cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.InactivityWarningUtc, (DateTimeOffset?)now), cancellationToken);
    }

    /// <summary>Erases every module's part, then the account (as when a person deletes their own).</summary>
    private async Task<bool> DeleteAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return false;
        }

        try
        {
            await personalData.EraseModulesAsync(user);
            var result = await users.DeleteAsync(user);
            if (result.Succeeded)
            {
                return true;
            }

            await personalData.MarkIncompleteAsync(user);
            logger.LogWarning("Retention could not delete user {UserId}: {Codes}", userId, string.Join(",", result.Errors.Select(e => e.Code)));
        }
        catch (PersonalDataUnavailableException)
        {
            // Logged by the personal-data service (section and user id); the account is kept and marked for a retry.
        }

        return false;
    }
}

/// <summary>The background task <c>privacy.retention</c> (one node at a time).</summary>
internal sealed class PrivacyRetentionTask(PrivacyRetentionJob job) : IBackgroundTask
{
    public const string Name = "privacy.retention";

    public async Task RunAsync(CancellationToken cancellationToken) => await job.RunAsync(cancellationToken);
}

/// <summary>The warning before an unused account is deleted (wording in both languages).</summary>
internal sealed class PrivacyNotificationKinds : INotificationKindProvider
{
    public IEnumerable<NotificationKind> GetKinds() =>
    [
        new(PrivacyRetentionJob.InactiveWarningKind, Portal.Hosting.Modules.HostFeature.Id, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的帳戶將因長期未使用而刪除",
                """
                {{displayName}}，你好：

                你已經很久沒有登入這個網站的帳戶。為了不保留不再需要的個人資料，我們會在 {{date}} 刪除這個帳戶及其中的資料。

                如果你想保留帳戶，只要在該日期前登入一次便可以。如果你不再需要它，你不用做任何事。

                如有疑問，請聯絡網站的職員。
                """),
            new(PortalCultures.English, "Your account will be deleted because it has not been used",
                """
                Dear {{displayName}},

                You have not signed in to your account on this site for a long time. So that we do not keep personal data that is no longer needed, we will delete the account and its data on {{date}}.

                To keep your account, simply sign in once before that date. If you no longer need it, you do not have to do anything.

                If you have questions, please contact the site's staff.
                """),
        ]) { DisplayNameZh = "不活躍帳戶刪除通知", DisplayNameEn = "Unused account to be deleted" },
    ];
}
