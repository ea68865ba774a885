using System.Text.RegularExpressions;
using MailKit.Net.Smtp;

namespace Portal.Notifications.Services;

/// <summary>Describes a delivery error for the outbox without personal data (addresses are removed).</summary>
internal static partial class ErrorText
{
    [GeneratedRegex(@"[^\s<>""'(),;:]+@[^\s<>""'(),;:]+")]
    private static partial Regex Address();

    public static string Describe(Exception exception)
    {
        var text = exception switch
        {
            SmtpCommandException smtp => $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode}): {smtp.Message}",
            SmtpProtocolException protocol => "SMTP protocol error: " + protocol.Message,
            MailKit.Security.AuthenticationException => "SMTP authentication failed.",
            _ => exception.GetType().Name + ": " + exception.Message,
        };
        return Redact(text);
    }

    public static string Redact(string text) => Address().Replace(text.ReplaceLineEndings(" "), "[address]");
}
