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
    public const string PasswordChangedKind = "account.password-changed";
    public const string EmailChangedKind = "account.email-changed";
    public const string TwoFactorOnKind = "account.two-factor-on";
    public const string TwoFactorOffKind = "account.two-factor-off";
    public const string RecoveryCodesKind = "account.recovery-codes";
    public const string RegistrationAttemptKind = "account.registration-attempt";

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

    /// <summary>A security notice after a change to the account (password, two-factor, recovery codes), with a link
    /// to reset the password in case it was not the owner. <paramref name="kind"/> is one of the <c>*Kind</c> constants.</summary>
    public Task SendSecurityNoticeAsync(PortalUser user, string kind, CancellationToken cancellationToken) =>
        PublishAsync(kind, user, links.Absolute("/account/forgot-password", new Dictionary<string, string?>()), overrideEmail: null, cancellationToken);

    /// <summary>Tells the old address that the account's e-mail address changed (the new one is partly hidden).</summary>
    public Task SendEmailChangedNoticeAsync(PortalUser user, string oldEmail, string newEmail, CancellationToken cancellationToken) =>
        PublishAsync(EmailChangedKind, user, links.Absolute("/account/forgot-password", new Dictionary<string, string?>()), oldEmail, cancellationToken,
            new Dictionary<string, string> { ["newEmail"] = MaskEmail(newEmail) });

    /// <summary>Registration with an address that already has an account: the owner is told (the form says the same
    /// as for a new address, so it never reveals who has an account).</summary>
    public Task SendRegistrationAttemptAsync(PortalUser existing, CancellationToken cancellationToken) =>
        PublishAsync(RegistrationAttemptKind, existing, links.Absolute("/account/forgot-password", new Dictionary<string, string?>()), overrideEmail: null, cancellationToken);

    /// <summary><c>ch****@example.hk</c>: enough for the owner to recognise, not a full address in an old mailbox.</summary>
    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return "****";
        }

        var local = email[..at];
        return local[..Math.Min(2, local.Length)] + "****" + email[at..];
    }

    private Task PublishAsync(string kind, PortalUser user, string link, string? overrideEmail, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extra = null)
    {
        var data = new Dictionary<string, string>
        {
            ["displayName"] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? string.Empty : user.DisplayName,
            ["link"] = link,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        // Each request is its own event (a resend must go out again), so the key is new every time.
        return publisher.PublishAsync(
            new NotificationRequest(kind, user.Id, data, $"{kind}:{user.Id}:{Guid.NewGuid():N}") { OverrideEmail = overrideEmail },
            cancellationToken: cancellationToken);
    }
}
