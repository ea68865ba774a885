using MimeKit;
using Portal.Notifications.Models;

namespace Portal.Notifications.Services;

/// <summary>Builds the MIME message for an outbox row: multipart/alternative (text + HTML), UTF-8,
/// Message-Id derived from the outbox id, List-Unsubscribe for non-essential mail.</summary>
internal static class EmailComposer
{
    public static string MessageIdFor(string outboxId, MailboxAddress from)
    {
        var at = from.Address.LastIndexOf('@');
        var domain = at >= 0 && at < from.Address.Length - 1 ? from.Address[(at + 1)..] : "portal.local";
        return outboxId + "@" + domain;
    }

    public static MimeMessage Compose(OutboxMessage message, SmtpSettings settings, DateTimeOffset date)
    {
        var from = HeaderGuard.ParseFrom(settings.From)
            ?? throw new InvalidOperationException("The SMTP sender (From) is not a valid address.");
        var to = HeaderGuard.ValidAddress(message.RecipientEmail)
            ?? throw new InvalidOperationException("The recipient address is not valid.");
        return Compose(from, new MailboxAddress(HeaderGuard.CleanText(message.RecipientName), to), message.Subject, message.TextBody, message.HtmlBody, MessageIdFor(message.Id, from), message.UnsubscribeUrl, date);
    }

    public static MimeMessage Compose(MailboxAddress from, MailboxAddress to, string subject, string text, string html, string messageId, string? unsubscribeUrl, DateTimeOffset date)
    {
        var mime = new MimeMessage();
        mime.From.Add(from);
        mime.To.Add(to);
        mime.Subject = HeaderGuard.CleanText(subject);
        mime.MessageId = messageId;
        mime.Date = date;
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        if (unsubscribeUrl is not null && Uri.TryCreate(unsubscribeUrl, UriKind.Absolute, out var uri) && !unsubscribeUrl.Any(char.IsControl))
        {
            mime.Headers.Add("List-Unsubscribe", "<" + uri.AbsoluteUri + ">");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var alternative = new MultipartAlternative
        {
            Utf8Part(text, "plain"),
            Utf8Part(html, "html"),
        };
        mime.Body = alternative;
        return mime;
    }

    private static TextPart Utf8Part(string content, string subtype)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText(System.Text.Encoding.UTF8, content);
        return part;
    }
}
