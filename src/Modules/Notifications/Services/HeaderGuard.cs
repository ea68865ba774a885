using System.Text;
using MimeKit;

namespace Portal.Notifications.Services;

/// <summary>Keeps values that end up in mail headers on one line, so nobody can add headers or recipients.</summary>
internal static class HeaderGuard
{
    public const int MaxSubjectLength = 400;

    /// <summary>Subject lines and display names: every control character (CR, LF, TAB, …) becomes a space.</summary>
    public static string CleanText(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var c in value)
        {
            var space = char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029';
            if (space)
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
            }
            else
            {
                builder.Append(c);
                lastWasSpace = false;
            }
        }

        var text = builder.ToString().Trim();
        return text.Length > MaxSubjectLength ? text[..MaxSubjectLength] : text;
    }

    /// <summary>One plain address (no display name, no list, no line break), or null.</summary>
    public static string? ValidAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 320 || address.Any(c => char.IsControl(c) || c is ',' or ';' or '<' or '>' || char.IsWhiteSpace(c)))
        {
            return null;
        }

        return MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address == address && address.Contains('@', StringComparison.Ordinal)
            ? address
            : null;
    }

    /// <summary>A From value such as <c>Portal &lt;noreply@example.org&gt;</c>, or null when it is not one mailbox.</summary>
    public static MailboxAddress? ParseFrom(string? from)
    {
        if (string.IsNullOrWhiteSpace(from) || from.Any(char.IsControl))
        {
            return null;
        }

        return MailboxAddress.TryParse(from, out var mailbox) && ValidAddress(mailbox.Address) is not null ? mailbox : null;
    }
}
