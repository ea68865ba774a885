using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Globalization;
using Portal.Notifications.Data;
using Portal.Notifications.Models;

namespace Portal.Notifications.Services;

internal sealed record OutboxRow(string Id, string Kind, string KindLabel, string Subject, string Culture, OutboxStatus Status, int Attempts, DateTimeOffset CreatedUtc, DateTimeOffset NextAttemptUtc, DateTimeOffset? SentUtc, string? LastError);

internal sealed record OutboxCounts(int Queued, int Sending, int Sent, int Failed);

internal sealed record TemplateEditorRow(string Kind, string KindLabel, string Module, bool Essential, string Culture, string Subject, string Body, bool Edited, IReadOnlyList<string> Placeholders);

/// <summary>Staff work: the outbox, templates and the test e-mail.</summary>
internal sealed class NotificationsAdmin
{
    private readonly NotificationsDbContext db;
    private readonly NotificationKindRegistry kinds;
    private readonly EmailRenderer emails;
    private readonly SmtpSettingsProvider smtp;
    private readonly IMailTransport transport;
    private readonly Portal.BackgroundTasks.IBackgroundTaskTrigger trigger;
    private readonly TimeProvider time;

    public NotificationsAdmin(NotificationsDbContext db, NotificationKindRegistry kinds, EmailRenderer emails, SmtpSettingsProvider smtp, IMailTransport transport, Portal.BackgroundTasks.IBackgroundTaskTrigger trigger, TimeProvider time)
    {
        this.db = db;
        this.kinds = kinds;
        this.emails = emails;
        this.smtp = smtp;
        this.transport = transport;
        this.trigger = trigger;
        this.time = time;
    }

    internal async Task<OutboxCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var counts = await db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(OutboxStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new OutboxCounts(Of(OutboxStatus.Queued), Of(OutboxStatus.Sending), Of(OutboxStatus.Sent), Of(OutboxStatus.Failed));
    }

    /// <summary>Recipients' addresses are deliberately left out: staff see what was sent and its state.</summary>
    internal async Task<IReadOnlyList<OutboxRow>> OutboxAsync(OutboxStatus? status, int take, CancellationToken cancellationToken)
    {
        var query = db.OutboxMessages.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(m => m.Status == status);
        }

        var rows = await query.OrderByDescending(m => m.CreatedUtc).Take(take).ToListAsync(cancellationToken);
        return [.. rows.Select(m => new OutboxRow(m.Id, m.Kind, kinds.LabelOf(m.Kind, System.Globalization.CultureInfo.CurrentUICulture.Name), m.Subject, m.Culture, m.Status, m.Attempts, m.CreatedUtc, m.NextAttemptUtc, m.SentUtc, m.LastError))];
    }

    internal async Task<bool> ResendAsync(string id, CancellationToken cancellationToken)
    {
        var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null || !message.Requeue(time.GetUtcNow()))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        trigger.Trigger(NotificationTasks.Outbox);
        return true;
    }

    /// <summary>Staff send every parked message again (after a site-wide fault such as a wrong SMTP password): each
    /// gets a fresh set of attempts. Returns how many.</summary>
    internal async Task<int> ResendAllFailedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var count = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Queued)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptUtc, now), cancellationToken);
        if (count > 0)
        {
            trigger.Trigger(NotificationTasks.Outbox);
        }

        return count;
    }

    internal async Task<IReadOnlyList<TemplateEditorRow>> TemplatesAsync(CancellationToken cancellationToken)
    {
        var edited = await db.Templates.AsNoTracking().ToListAsync(cancellationToken);
        var rows = new List<TemplateEditorRow>();
        foreach (var kind in kinds.All.OrderBy(k => k.Module).ThenBy(k => k.Name))
        {
            foreach (var culture in PortalCultures.All)
            {
                var own = edited.FirstOrDefault(t => t.Kind == kind.Name && t.Culture == culture);
                var template = own is not null ? new NotificationTemplate(culture, own.Subject, own.Body) : NotificationKindRegistry.DefaultTemplate(kind, culture);
                if (template is null)
                {
                    continue;
                }

                rows.Add(new TemplateEditorRow(kind.Name, NotificationKindRegistry.Label(kind, System.Globalization.CultureInfo.CurrentUICulture.Name), kind.Module, kind.Essential, culture, template.Subject, template.Body, own is not null,
                    TemplateRenderer.PlaceholdersOf(template.Subject + "\n" + template.Body)));
            }
        }

        return rows;
    }

    internal async Task<TemplateEditorRow?> TemplateAsync(string kindName, string culture, CancellationToken cancellationToken) =>
        (await TemplatesAsync(cancellationToken)).FirstOrDefault(r => r.Kind == kindName && r.Culture == PortalCultures.Normalize(culture));

    internal async Task<bool> SaveTemplateAsync(string kindName, string culture, string subject, string body, string updatedBy, CancellationToken cancellationToken)
    {
        if (kinds.Find(kindName) is null)
        {
            return false;
        }

        culture = PortalCultures.Normalize(culture);
        for (var attempt = 1; ; attempt++)
        {
            var row = await db.Templates.FirstOrDefaultAsync(t => t.Kind == kindName && t.Culture == culture, cancellationToken);
            if (row is null)
            {
                db.Templates.Add(new TemplateOverride(kindName, culture, subject, body, updatedBy, time.GetUtcNow()));
            }
            else
            {
                row.Update(subject, body, updatedBy, time.GetUtcNow());
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException) when (row is null && attempt == 1)
            {
                // Two people saved the first wording of this template at once and the other one's row came first
                // (unique kind and language): save over it, as a second save would.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Goes back to the module's default wording.</summary>
    internal async Task ResetTemplateAsync(string kindName, string culture, CancellationToken cancellationToken)
    {
        culture = PortalCultures.Normalize(culture);
        await db.Templates.Where(t => t.Kind == kindName && t.Culture == culture).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Renders unsaved wording with sample values (each placeholder shows its own name).</summary>
    internal RenderedEmail Preview(string kindName, string culture, string subject, string body)
    {
        var kind = kinds.Find(kindName);
        var data = TemplateRenderer.PlaceholdersOf(subject + "\n" + body).ToDictionary(p => p, p => p == "link" ? "https://example.org/sample-link" : "[" + p + "]");
        var unsubscribe = kind is { Essential: false } ? "https://example.org/unsubscribe/sample" : null;
        return emails.Render(new NotificationTemplate(culture, subject, body), culture, data, unsubscribe);
    }

    /// <summary>Sends a test e-mail straight away (not through the outbox) so staff see the server's answer at once.
    /// Returns null on success, else an error without personal data.</summary>
    internal async Task<string?> SendTestAsync(string address, string culture, string subject, string text, CancellationToken cancellationToken)
    {
        var settings = await smtp.GetAsync(cancellationToken);
        if (settings is null)
        {
            return "not-configured";
        }

        var from = HeaderGuard.ParseFrom(settings.From);
        var to = HeaderGuard.ValidAddress(address);
        if (from is null || to is null)
        {
            return "bad-address";
        }

        var html = TemplateRenderer.HtmlDocument(culture, subject, "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>", null);
        var message = EmailComposer.Compose(from, new MailboxAddress("", to), subject, text, html, EmailComposer.MessageIdFor(Guid.NewGuid().ToString("N"), from), null, time.GetUtcNow());
        try
        {
            await using var connection = await transport.ConnectAsync(settings, cancellationToken);
            await connection.SendAsync(message, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorText.Describe(ex);
        }
    }
}
