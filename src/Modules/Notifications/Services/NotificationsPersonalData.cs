using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Caching;
using Portal.Notifications.Data;
using Portal.Notifications.Resources;
using Portal.Privacy;

namespace Portal.Notifications.Services;

/// <summary>
/// The notifications module's part of a person's data export and erasure (PDPO). Everything here is about one
/// recipient, so erasure deletes it all, in one transaction: in-app notifications, delivery preferences, digest
/// entries and every outbox e-mail addressed to the person (queued or failed ones are never sent; sent ones are
/// kept only as a delivery record, which has no purpose once the account is gone). E-mail bodies are not
/// exported: account e-mails carry one-time sign-in links, and the subject says what each e-mail was.
/// E-mail templates a staff member saved keep their wording but lose the link to the person.
/// </summary>
internal sealed class NotificationsPersonalData(NotificationsDbContext db, IStringLocalizer<NotificationsStrings> t, Portal.People.IPersonDirectory people, PersonCache<UnreadCount> unread) : IPersonalDataProvider
{
    public string Section => "notifications";

    public string Title => t["Notifications"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var inApp = await db.InAppNotifications.AsNoTracking().Where(n => n.UserId == userId).OrderBy(n => n.CreatedUtc).ToListAsync(cancellationToken);
        var preferences = await db.Preferences.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.Kind).ToListAsync(cancellationToken);
        var digests = await db.DigestItems.AsNoTracking().Where(d => d.UserId == userId).OrderBy(d => d.CreatedUtc).ToListAsync(cancellationToken);
        var emails = await db.OutboxMessages.AsNoTracking().Where(m => m.RecipientUserId == userId).OrderBy(m => m.CreatedUtc).ToListAsync(cancellationToken);
        var editors = await EditorKeysAsync(userId, cancellationToken);
        var templates = await db.Templates.AsNoTracking().Where(x => editors.Contains(x.UpdatedBy)).OrderBy(x => x.Kind).ThenBy(x => x.Culture).ToListAsync(cancellationToken);
        return new PersonalDataSection(Section, Title,
        [
            new PersonalDataTable("inApp", t["Notifications on the site"], [.. inApp.Select(n => PersonalDataRow.Of(
                ("kind", n.Kind), ("title", n.Title), ("url", n.Url), ("createdUtc", n.CreatedUtc), ("readUtc", n.ReadUtc)))]),
            new PersonalDataTable("preferences", t["How you want to be told"], [.. preferences.Select(p => PersonalDataRow.Of(
                ("kind", p.Kind), ("delivery", p.Preference), ("updatedUtc", p.UpdatedUtc)))]),
            new PersonalDataTable("digestItems", t["Waiting for your digest"], [.. digests.Select(d => PersonalDataRow.Of(
                ("kind", d.Kind), ("title", d.Title), ("url", d.Url), ("frequency", d.Frequency), ("dueUtc", d.DueUtc), ("sent", d.OutboxMessageId is not null)))]),
            new PersonalDataTable("emails", t["E-mails to you"], [.. emails.Select(m => PersonalDataRow.Of(
                ("kind", m.Kind), ("to", m.RecipientEmail), ("name", m.RecipientName), ("language", m.Culture), ("subject", m.Subject),
                ("status", m.Status), ("createdUtc", m.CreatedUtc), ("sentUtc", m.SentUtc)))]),
            new PersonalDataTable("templates", t["E-mail wording you saved"], [.. templates.Select(x => PersonalDataRow.Of(
                ("kind", x.Kind), ("language", x.Culture), ("updatedUtc", x.UpdatedUtc)))]),
        ]);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.InAppNotifications.Where(n => n.UserId == userId).ExecuteDeleteAsync(cancellationToken)
            + await db.Preferences.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken)
            + await db.DigestItems.Where(d => d.UserId == userId).ExecuteDeleteAsync(cancellationToken)
            + await db.OutboxMessages.Where(m => m.RecipientUserId == userId).ExecuteDeleteAsync(cancellationToken);
        var editors = await EditorKeysAsync(userId, cancellationToken);
        var anonymised = await db.Templates.Where(x => editors.Contains(x.UpdatedBy)).ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedBy, ""), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await unread.ForgetAsync(userId, cancellationToken);
        return new PersonalDataErasure(deleted, anonymised);
    }

    /// <summary>What a template row may hold for this person: the user id, or (rows saved before ids were kept) the user name.</summary>
    private async Task<List<string>> EditorKeysAsync(string userId, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(userId, cancellationToken);
        return [.. new[] { userId, person?.UserName }.OfType<string>().Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
