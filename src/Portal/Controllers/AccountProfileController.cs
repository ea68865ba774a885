using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Hosting.Identity;
using Portal.Resources;
using Portal.Security;
using Portal.Themes;

namespace Portal.Hosting.Controllers;

public sealed record ProfilePage(PortalUser User, IReadOnlyList<string> Roles, ProfileForm Form);

public sealed record AuthenticatorPage(bool Enabled, int RecoveryCodesLeft, AuthenticatorSetupInfo? Setup, bool Required, IReadOnlyList<string>? NewRecoveryCodes, ConfirmWithPasswordForm Form);

/// <summary>A signed-in person's own account: details and preferences, e-mail, password, authenticator app, data export, deletion.
/// Every sensitive change asks for the current password again.</summary>
[Authorize]
public sealed class AccountProfileController(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signInManager,
    AccountNotifier notifier,
    ServerSessions sessions,
    PersonalDataService personalData,
    AccountPolicy policy,
    IShellContext shell,
    TimeProvider clock,
    IStringLocalizer<AccountStrings> t,
    ILogger<AccountProfileController> logger) : Controller
{
    [HttpGet("/account")]
    public async Task<IActionResult> Index()
    {
        var user = await CurrentAsync();
        return user is null ? SignedOut() : await ProfileViewAsync(user, new ProfileForm
        {
            DisplayName = user.DisplayName,
            Culture = user.PreferredCulture,
            TextSize = user.TextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            HighContrast = user.HighContrast,
        });
    }

    [HttpPost("/account")]
    public async Task<IActionResult> Index(ProfileForm form)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        ModelState.Clear();
        form.Validate(ModelState, t);
        if (!ModelState.IsValid)
        {
            return await ProfileViewAsync(user, form);
        }

        user.DisplayName = form.DisplayName!.Trim();
        var previousCulture = PortalCultures.Normalize(user.PreferredCulture);
        user.PreferredCulture = AccountPreferences.ParseCulture(form.Culture)!;
        user.TextSize = AccountPreferences.ParseTextSize(form.TextSize)!.Value;
        user.HighContrast = form.HighContrast;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            FormChecks.AddIdentityErrors(ModelState, result, nameof(form.DisplayName));
            return await ProfileViewAsync(user, form);
        }

        await signInManager.RefreshSignInAsync(user);
        var chosenCulture = PortalCultures.Normalize(user.PreferredCulture);
        if (!string.Equals(chosenCulture, previousCulture, StringComparison.Ordinal))
        {
            // The person chose another language: the site switches to it, and says so in it.
            AccountPreferences.Restore(HttpContext, user);
            using (new CultureSwitch(chosenCulture))
            {
                TempData["Status"] = t["Your details are saved."].Value;
            }
        }
        else
        {
            // Other details saved: the page stays in the language being read.
            AccountPreferences.RestoreKeepingLanguage(HttpContext, user, TempData);
            TempData["Status"] = t["Your details are saved."].Value;
        }

        return Redirect("/account");
    }

    [HttpPost("/account/resend-confirmation")]
    public async Task<IActionResult> ResendConfirmation(CancellationToken cancellationToken)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        if (!user.EmailConfirmed)
        {
            await notifier.SendEmailConfirmationAsync(user, cancellationToken);
        }

        TempData["Status"] = t["We have sent you a new confirmation e-mail."].Value;
        return Redirect("/account");
    }

    [HttpGet("/account/email")]
    public async Task<IActionResult> ChangeEmail() =>
        await CurrentAsync() is { } user ? View(new ChangeEmailForm { NewEmail = user.Email }) : SignedOut();

    [HttpPost("/account/email")]
    public async Task<IActionResult> ChangeEmail(ChangeEmailForm form, CancellationToken cancellationToken)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        ModelState.Clear();
        FormChecks.Email(ModelState, nameof(form.NewEmail), form.NewEmail, t);
        var newEmail = form.NewEmail?.Trim() ?? string.Empty;
        if (ModelState.IsValid && string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(form.NewEmail), t["This is already your e-mail address."]);
        }
        else if (ModelState.IsValid && await users.FindByEmailAsync(newEmail) is not null)
        {
            ModelState.AddModelError(nameof(form.NewEmail), t["An account with this e-mail address already exists. You can sign in or reset your password."]);
        }

        await CheckPasswordAsync(user, form.CurrentPassword, nameof(form.CurrentPassword));
        if (!ModelState.IsValid)
        {
            form.CurrentPassword = null;
            return View(form);
        }

        await notifier.SendEmailChangeConfirmationAsync(user, newEmail, cancellationToken);
        logger.LogInformation("E-mail change requested: user {UserId}", user.Id);
        TempData["Status"] = t["We have sent a link to your new address. Your e-mail address changes when you open it."].Value;
        return Redirect("/account");
    }

    [HttpGet("/account/password")]
    public async Task<IActionResult> ChangePassword() =>
        await CurrentAsync() is not null ? View(new ChangePasswordForm()) : SignedOut();

    [HttpPost("/account/password")]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        ModelState.Clear();
        if (string.IsNullOrEmpty(form.CurrentPassword))
        {
            ModelState.AddModelError(nameof(form.CurrentPassword), t["Enter your current password."]);
        }

        FormChecks.NewPassword(ModelState, nameof(form.NewPassword), nameof(form.ConfirmPassword), form.NewPassword, form.ConfirmPassword, t);
        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, form.CurrentPassword!, form.NewPassword!);
            // The same form sent twice at once: the other request saved this very password (the account is read again
            // after a lost race), so this one says so too instead of asking to try again with a password now old.
            if (result.Succeeded || (PortalUserManager.IsLostRace(result) && await users.CheckPasswordAsync(user, form.NewPassword!)))
            {
                await sessions.EndAllAsync(user.Id, keep: User.FindFirstValue(ServerSessions.ClaimType));
                await signInManager.RefreshSignInAsync(user);
                if (result.Succeeded)
                {
                    await notifier.SendSecurityNoticeAsync(user, AccountNotifier.PasswordChangedKind, HttpContext.RequestAborted);
                    logger.LogInformation("Password changed: user {UserId}", user.Id);
                }

                TempData["Status"] = t["Your new password is saved."].Value;
                return Redirect("/account");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(form.CurrentPassword) : nameof(form.NewPassword), error.Description);
            }
        }

        return View(new ChangePasswordForm());
    }

    [HttpGet("/account/authenticator")]
    public async Task<IActionResult> Authenticator(bool required = false)
    {
        var user = await CurrentAsync();
        return user is null ? SignedOut() : await AuthenticatorViewAsync(user, required, null, new ConfirmWithPasswordForm());
    }

    [HttpPost("/account/authenticator/enable")]
    public async Task<IActionResult> EnableAuthenticator(ConfirmWithPasswordForm form)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        if (user.TwoFactorEnabled)
        {
            // Already on (the same form sent again after the first had finished): new codes now would make the ones the
            // first answer showed stop working.
            TempData["Status"] = t["Two-step sign-in is already on. If you did not see your recovery codes, get new ones below."].Value;
            return Redirect("/account/authenticator");
        }

        ModelState.Clear();
        await CheckPasswordAsync(user, form.CurrentPassword, nameof(form.CurrentPassword));
        var code = Identity.Authenticator.NormalizeCode(form.Code);
        if (!Identity.Authenticator.LooksLikeAppCode(code))
        {
            ModelState.AddModelError(nameof(form.Code), t["Enter the 6-digit code your authenticator app shows."]);
        }
        else if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(form.Code), t["That code is not correct. Check that the time on your phone is right and enter the code your app shows now."]);
        }

        if (!ModelState.IsValid)
        {
            return await AuthenticatorViewAsync(user, false, null, new ConfirmWithPasswordForm());
        }

        if (!(await users.SetTwoFactorEnabledAsync(user, true)).Succeeded)
        {
            // The same form sent twice at once: the other request turned it on and showed the codes (the account is
            // read again, so this cookie stays valid). New codes here would make the ones on that page stop working.
            TempData["Status"] = (user.TwoFactorEnabled
                ? t["Two-step sign-in is already on. If you did not see your recovery codes, get new ones below."]
                : t["Two-step sign-in could not be turned on just now. Please try again."]).Value;
            await signInManager.RefreshSignInAsync(user);
            return Redirect("/account/authenticator");
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await signInManager.RefreshSignInAsync(user);
        await notifier.SendSecurityNoticeAsync(user, AccountNotifier.TwoFactorOnKind, HttpContext.RequestAborted);
        logger.LogInformation("Two-factor enabled: user {UserId}", user.Id);
        TempData["Status"] = t["Your authenticator app is on. Keep your recovery codes somewhere safe."].Value;
        return await AuthenticatorViewAsync(user, false, codes, new ConfirmWithPasswordForm());
    }

    [HttpPost("/account/authenticator/recovery-codes")]
    public async Task<IActionResult> RegenerateRecoveryCodes(ConfirmWithPasswordForm form)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        ModelState.Clear();
        await CheckPasswordAsync(user, form.CurrentPassword, nameof(form.CurrentPassword));
        if (!user.TwoFactorEnabled || !ModelState.IsValid)
        {
            return await AuthenticatorViewAsync(user, false, null, new ConfirmWithPasswordForm());
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await notifier.SendSecurityNoticeAsync(user, AccountNotifier.RecoveryCodesKind, HttpContext.RequestAborted);
        logger.LogInformation("Recovery codes regenerated: user {UserId}", user.Id);
        return await AuthenticatorViewAsync(user, false, codes, new ConfirmWithPasswordForm());
    }

    [HttpPost("/account/authenticator/disable")]
    public async Task<IActionResult> DisableAuthenticator(ConfirmWithPasswordForm form)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        ModelState.Clear();
        if (policy.RequireStaffTwoFactor && AccountClaims.IsStaff(User))
        {
            ModelState.AddModelError(string.Empty, t["Staff and administrators must keep two-step sign-in on. You can set up a new phone by scanning a new code after an administrator resets it."]);
        }

        await CheckPasswordAsync(user, form.CurrentPassword, nameof(form.CurrentPassword));
        if (!ModelState.IsValid)
        {
            return await AuthenticatorViewAsync(user, false, null, new ConfirmWithPasswordForm());
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signInManager.RefreshSignInAsync(user);
        await notifier.SendSecurityNoticeAsync(user, AccountNotifier.TwoFactorOffKind, HttpContext.RequestAborted);
        logger.LogWarning("Two-factor disabled: user {UserId}", user.Id);
        TempData["Status"] = t["Two-step sign-in is off."].Value;
        return Redirect("/account/authenticator");
    }

    /// <summary>Ends every other session at once (their server sessions are deleted; ServerSessions) and changes the
    /// security stamp; this browser gets a fresh cookie with its own session and stays signed in.</summary>
    [HttpPost("/account/sign-out-everywhere")]
    public async Task<IActionResult> SignOutEverywhere()
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        await users.UpdateSecurityStampAsync(user);
        await sessions.EndAllAsync(user.Id, keep: User.FindFirstValue(ServerSessions.ClaimType));
        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("Signed out on every other device: user {UserId}", user.Id);
        TempData["Status"] = t["You are signed out on every other device. This device stays signed in."].Value;
        return Redirect("/account");
    }

    [HttpGet("/account/export")]
    public async Task<IActionResult> Export(string? format, CancellationToken cancellationToken)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        if (format is not ("json" or "csv"))
        {
            return View(personalData.SectionTitles);
        }

        PersonalDataExport data;
        try
        {
            data = await personalData.ExportAsync(user, cancellationToken);
        }
        catch (PersonalDataUnavailableException ex)
        {
            ModelState.AddModelError(string.Empty, t["We could not collect your data from \"{0}\" just now, so we have not made a download that would leave it out. Please try again later. If it keeps happening, contact us and quote this reference: {1}", ex.SectionTitle, HttpContext.TraceIdentifier]);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return View(personalData.SectionTitles);
        }

        logger.LogInformation("Data export ({Format}): user {UserId}, {Sections} sections", format, user.Id, data.Sections.Count);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        Response.Headers.CacheControl = "no-store";
        return format == "json"
            ? File(data.ToJson(), "application/json; charset=utf-8", $"my-data-{stamp}.json")
            : File(data.ToCsv(), "text/csv; charset=utf-8", $"my-data-{stamp}.csv");
    }

    [HttpGet("/account/delete")]
    public async Task<IActionResult> Delete() =>
        await CurrentAsync() is not null ? View(new ConfirmWithPasswordForm()) : SignedOut();

    [HttpPost("/account/delete")]
    public async Task<IActionResult> Delete(ConfirmWithPasswordForm form)
    {
        var user = await CurrentAsync();
        if (user is null)
        {
            return SignedOut();
        }

        ModelState.Clear();
        await CheckPasswordAsync(user, form.CurrentPassword, nameof(form.CurrentPassword));
        if (await users.IsInRoleAsync(user, PortalRoles.Administrator) && (await users.GetUsersInRoleAsync(PortalRoles.Administrator)).Count <= 1)
        {
            ModelState.AddModelError(string.Empty, t["You are the only administrator. Make someone else an administrator before deleting your account."]);
        }

        if (!ModelState.IsValid)
        {
            return View(new ConfirmWithPasswordForm());
        }

        // Every module first: if one fails, the account stays, so the person can sign in and try again.
        try
        {
            await personalData.EraseModulesAsync(user);
        }
        catch (PersonalDataUnavailableException ex)
        {
            ModelState.AddModelError(string.Empty, t["We could not delete your data from \"{0}\". Your account has not been deleted, and some of your data may already be removed. Please try again later; if it keeps happening, contact us and quote this reference: {1}", ex.SectionTitle, HttpContext.TraceIdentifier]);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return View(new ConfirmWithPasswordForm());
        }

        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            // The modules' data is gone but the account is not: leave the marker administrators see and retry from.
            await personalData.MarkIncompleteAsync(user);
            FormChecks.AddIdentityErrors(ModelState, result, nameof(form.CurrentPassword));
            return View(new ConfirmWithPasswordForm());
        }

        logger.LogWarning("Account deleted by its owner: user {UserId}", user.Id);
        await signInManager.SignOutAsync();
        TempData["Status"] = t["Your account has been deleted."].Value;
        return Redirect("/");
    }

    private async Task<PortalUser?> CurrentAsync() => await users.GetUserAsync(User);

    /// <summary>The account was deleted or changed elsewhere: start again.</summary>
    private RedirectResult SignedOut() => Redirect("/account/sign-in?returnUrl=%2Faccount");

    private async Task CheckPasswordAsync(PortalUser user, string? password, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            ModelState.AddModelError(field, t["Enter your current password."]);
        }
        else if (await users.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(field, t["Too many wrong passwords. Please wait 15 minutes and try again."]);
        }
        else if (!await users.CheckPasswordAsync(user, password))
        {
            // Re-authentication failures count towards lockout, like sign-in.
            await users.AccessFailedAsync(user);
            logger.LogWarning("Re-authentication failed: user {UserId}", user.Id);
            ModelState.AddModelError(field, t["The password is not correct."]);
        }
        else
        {
            await users.ResetAccessFailedCountAsync(user);
        }
    }

    // The roles shown are the sign-in's (no query): what the person can do now. A change of roles renews the security
    // stamp, and the cookie, with the new roles, within the revalidation interval, as every permission check sees it.
    private Task<IActionResult> ProfileViewAsync(PortalUser user, ProfileForm form) =>
        Task.FromResult<IActionResult>(View("Index", new ProfilePage(user, AccountClaims.Roles(User), form)));

    private async Task<IActionResult> AuthenticatorViewAsync(PortalUser user, bool required, IReadOnlyList<string>? newCodes, ConfirmWithPasswordForm form)
    {
        AuthenticatorSetupInfo? setup = null;
        if (!user.TwoFactorEnabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                // A lost race (this page open in two tabs at once) leaves the other request's key to read.
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
                // Resetting the key changes the security stamp: re-issue this browser's cookie so it stays signed in.
                await signInManager.RefreshSignInAsync(user);
            }

            setup = Identity.Authenticator.Describe(shell.SiteName, user.Email ?? user.UserName ?? user.Id, key!);
        }

        var left = user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return View("Authenticator", new AuthenticatorPage(user.TwoFactorEnabled, left, setup, required || (policy.RequireStaffTwoFactor && AccountClaims.IsStaff(User) && !user.TwoFactorEnabled), newCodes, form));
    }
}

/// <summary>Runs the localizer in another language for the length of a using block.</summary>
internal sealed class CultureSwitch : IDisposable
{
    private readonly System.Globalization.CultureInfo _culture = System.Globalization.CultureInfo.CurrentCulture;
    private readonly System.Globalization.CultureInfo _uiCulture = System.Globalization.CultureInfo.CurrentUICulture;

    public CultureSwitch(string culture)
    {
        var info = System.Globalization.CultureInfo.GetCultureInfo(culture);
        System.Globalization.CultureInfo.CurrentCulture = info;
        System.Globalization.CultureInfo.CurrentUICulture = info;
    }

    public void Dispose()
    {
        System.Globalization.CultureInfo.CurrentCulture = _culture;
        System.Globalization.CultureInfo.CurrentUICulture = _uiCulture;
    }
}
