using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Navigation;
using Portal.Notifications;

namespace Portal.Hosting.Identity;

/// <summary>Builds absolute links for account e-mails through <see cref="ISiteLinks"/> (the configured public
/// address outside Development), so a forged Host header can never end up in a password-reset e-mail.</summary>
public sealed class AccountLinks(ISiteLinks siteLinks)
{
    public string Absolute(string path, IReadOnlyDictionary<string, string?> query) =>
        QueryHelpers.AddQueryString(siteLinks.Absolute(path), query);

    public static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>Null when the code is not valid Base64Url (a mangled link): callers treat it as an invalid token.</summary>
    public static string? DecodeToken(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The account e-mails. Kinds are declared (with their wording) by the Notifications module; this only publishes.</summary>
public sealed class AccountNotifier(INotificationPublisher publisher, UserManager<PortalUser> users, AccountLinks links)
{
    public const string ConfirmEmailKind = "account.confirm-email";
    public const string ResetPasswordKind = "account.reset-password";

    public async Task SendEmailConfirmationAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = links.Absolute("/account/confirm-email", new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = AccountLinks.EncodeToken(token) });
        await PublishAsync(ConfirmEmailKind, user, link, overrideEmail: null, cancellationToken);
    }

    public async Task SendEmailChangeConfirmationAsync(PortalUser user, string newEmail, CancellationToken cancellationToken)
    {
        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        var link = links.Absolute("/account/confirm-email-change", new Dictionary<string, string?>
        {
            ["userId"] = user.Id,
            ["email"] = newEmail,
            ["code"] = AccountLinks.EncodeToken(token),
        });
        await PublishAsync(ConfirmEmailKind, user, link, newEmail, cancellationToken);
    }

    public async Task SendPasswordResetAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = links.Absolute("/account/reset-password", new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = AccountLinks.EncodeToken(token) });
        await PublishAsync(ResetPasswordKind, user, link, overrideEmail: null, cancellationToken);
    }

    private Task PublishAsync(string kind, PortalUser user, string link, string? overrideEmail, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>
        {
            ["displayName"] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? string.Empty : user.DisplayName,
            ["link"] = link,
        };

        // Each request is its own event (a resend must go out again), so the key is new every time.
        return publisher.PublishAsync(
            new NotificationRequest(kind, user.Id, data, $"{kind}:{user.Id}:{Guid.NewGuid():N}") { OverrideEmail = overrideEmail },
            cancellationToken: cancellationToken);
    }
}
