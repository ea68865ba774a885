using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;
using Portal.Hosting.Security;
using Portal.Resources;
using Portal.Security;

namespace Portal.Hosting.Controllers;

/// <summary>Register, sign in and out, two-factor step, forgotten password, e-mail confirmation.</summary>
[AllowAnonymous]
public sealed class AccountController(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signInManager,
    AccountSignIn accountSignIn,
    AccountNotifier notifier,
    ServerSessions sessions,
    HostDbContext db,
    TimeProvider clock,
    RegistrationThrottle throttle,
    Microsoft.Extensions.Options.IOptions<Portal.Hosting.Privacy.PrivacyNoticeOptions> notice,
    IStringLocalizer<AccountStrings> t,
    ILogger<AccountController> logger) : Controller
{
    [HttpGet("/account/register")]
    public IActionResult Register(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true
            ? Redirect("/account")
            : View(new RegisterForm { Culture = PortalCultures.Normalize(System.Globalization.CultureInfo.CurrentUICulture.Name), ReturnUrl = returnUrl });

    [HttpPost("/account/register")]
    [EnableRateLimiting(RateLimitPolicies.Register)]
    public async Task<IActionResult> Register(RegisterForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        form.Validate(ModelState, t);
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        // Only accounts created count against the hourly limit, so mistakes never lock a person out.
        if (throttle.WaitFor(RegistrationThrottle.ClientOf(HttpContext)) is { } wait)
        {
            Security.RateLimitRejection.Refuse(HttpContext, (int)Math.Ceiling(wait.TotalSeconds));
            return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
        }

        // The answer is the same page whether or not the address (or the chosen user name) already has an account, so
        // the form never tells who is registered: the address's owner gets an e-mail instead (as for a reset).
        var email = form.Email!.Trim();
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // The same work as creating an account (hashing the password), so the timing does not tell either.
            users.PasswordHasher.HashPassword(existing, form.Password!);
            await notifier.SendRegistrationAttemptAsync(existing, cancellationToken);
            logger.LogInformation("Registration with an address that has an account: user {UserId} told by e-mail", existing.Id);
            return View("RegisterSent", email);
        }

        // A chosen user name someone else has: the account signs in with its e-mail address instead.
        var userName = string.IsNullOrWhiteSpace(form.UserName) ? email : form.UserName.Trim();
        if (!string.Equals(userName, email, StringComparison.OrdinalIgnoreCase) && await users.FindByNameAsync(userName) is not null)
        {
            userName = email;
        }

        var user = new PortalUser
        {
            UserName = userName,
            Email = email,
            DisplayName = form.DisplayName!.Trim(),
            PreferredCulture = AccountPreferences.ParseCulture(form.Culture)!,
            CreatedUtc = clock.GetUtcNow(),
        };
        // The collection statement and the links were on the form: the version of the notice shown is recorded.
        notice.Value.Accept(user, user.CreatedUtc);
        var (textSize, contrast) = Shell.ShellContext.ReadPreferences(HttpContext);
        user.TextSize = textSize;
        user.HighContrast = contrast;

        // The account and its role in one transaction: a failure (or a killed process) between the two leaves no
        // account without its role. Identity's stores share this request's HostDbContext, so they join it.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var result = await users.CreateAsync(user, form.Password!);
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
                {
                    // Registered a moment ago by a parallel request: the same answer as above.
                    return View("RegisterSent", email);
                }

                FormChecks.AddIdentityErrors(ModelState, result, nameof(form.Password), nameof(form.Email), string.IsNullOrWhiteSpace(form.UserName) ? nameof(form.Email) : nameof(form.UserName));
                return View(form);
            }

            var role = await users.AddToRoleAsync(user, PortalRoles.Member);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException("Registration: the new account could not be given the Member role (" + string.Join(", ", role.Errors.Select(e => e.Code)) + "); nothing was saved.");
            }

            await transaction.CommitAsync(cancellationToken);
            throttle.Created(RegistrationThrottle.ClientOf(HttpContext));
        }

        logger.LogInformation("Registered: user {UserId}", user.Id);
        await notifier.SendEmailConfirmationAsync(user, cancellationToken);
        return View("RegisterSent", email);
    }

    [HttpGet("/account/sign-in")]
    public IActionResult SignIn(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true
            ? LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/account")
            : View(new SignInForm { ReturnUrl = returnUrl });

    [HttpPost("/account/sign-in")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        ModelState.Clear();
        form.Validate(ModelState, t);
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var outcome = await accountSignIn.PasswordSignInAsync(form.Login!, form.Password!, form.RememberMe);
        switch (outcome.Status)
        {
            case SignInStatus.Succeeded:
                AccountPreferences.RestoreKeepingLanguage(HttpContext, outcome.User!, TempData);
                return LocalRedirect(notice.Value.AfterSignIn(outcome.User!, Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/"));
            case SignInStatus.RequiresTwoFactor:
                return RedirectToAction(nameof(TwoFactor), new { returnUrl = form.ReturnUrl, rememberMe = form.RememberMe });
            case SignInStatus.LockedOut:
                ModelState.AddModelError(string.Empty, LockedOutMessage(outcome.RetryAfterUtc));
                break;
            default:
                ModelState.AddModelError(nameof(form.Password), t["The user name, e-mail address or password is not correct. After 5 wrong tries in a row, signing in is paused for 15 minutes."]);
                break;
        }

        form.Password = null;
        return View(form);
    }

    [HttpGet("/account/sign-in/two-factor")]
    public async Task<IActionResult> TwoFactor(string? returnUrl, bool rememberMe)
    {
        // Reached without the password step (or it expired): a page that says so, not a redirect loop.
        return await signInManager.GetTwoFactorAuthenticationUserAsync() is null
            ? View("TwoFactorExpired")
            : View(new TwoFactorForm { ReturnUrl = returnUrl, RememberMe = rememberMe });
    }

    [HttpPost("/account/sign-in/two-factor")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> TwoFactor(TwoFactorForm form)
    {
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(form.Code))
        {
            ModelState.AddModelError(nameof(form.Code), t["Enter the 6-digit code from your authenticator app, or one of your recovery codes."]);
            return View(form);
        }

        var outcome = await accountSignIn.TwoFactorSignInAsync(form.Code, form.RememberMe, form.RememberMachine);
        switch (outcome.Status)
        {
            case SignInStatus.Succeeded:
                AccountPreferences.RestoreKeepingLanguage(HttpContext, outcome.User!, TempData);
                return LocalRedirect(notice.Value.AfterSignIn(outcome.User!, Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/"));
            case SignInStatus.Expired:
                TempData["Status"] = t["Please sign in with your password first."].Value;
                return RedirectToAction(nameof(SignIn), new { returnUrl = form.ReturnUrl });
            case SignInStatus.LockedOut:
                ModelState.AddModelError(string.Empty, LockedOutMessage(outcome.RetryAfterUtc));
                break;
            default:
                ModelState.AddModelError(nameof(form.Code), t["That code is not correct. Codes change every 30 seconds: enter the one your app shows now."]);
                break;
        }

        form.Code = null;
        return View(form);
    }

    [HttpPost("/account/sign-out")]
    public async Task<IActionResult> SignOutPost()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            logger.LogInformation("Signed out: user {UserId}", users.GetUserId(User));
        }

        await signInManager.SignOutAsync();
        TempData["Status"] = t["You have signed out."].Value;
        return Redirect("/");
    }

    [HttpGet("/account/access-denied")]
    public IActionResult AccessDenied(string? returnUrl)
    {
        logger.LogWarning("Access refused: user {UserId} to {Path}", users.GetUserId(User) ?? "(anonymous)", Url.IsLocalUrl(returnUrl) ? returnUrl : "(unknown)");
        // 200: the refused request was the one before the redirect; this is an ordinary page explaining it.
        return View();
    }

    [HttpGet("/account/forgot-password")]
    public IActionResult ForgotPassword() => View(new ForgotPasswordForm());

    [HttpPost("/account/forgot-password")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        FormChecks.Email(ModelState, nameof(form.Email), form.Email, t);
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email!.Trim());
        if (user is not null)
        {
            await notifier.SendPasswordResetAsync(user, cancellationToken);
            logger.LogInformation("Password reset link requested: user {UserId}", user.Id);
        }

        // The same answer either way: the form must not reveal who has an account.
        return View("ForgotPasswordSent");
    }

    [HttpGet("/account/reset-password")]
    public IActionResult ResetPassword(string? userId, string? code) =>
        string.IsNullOrEmpty(userId) || AccountLinks.DecodeToken(code) is null
            ? View("LinkInvalid")
            : View(new ResetPasswordForm { UserId = userId, Code = code });

    [HttpPost("/account/reset-password")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> ResetPassword(ResetPasswordForm form)
    {
        ModelState.Clear();
        var token = AccountLinks.DecodeToken(form.Code);
        var user = string.IsNullOrEmpty(form.UserId) ? null : await users.FindByIdAsync(form.UserId);
        if (user is null || token is null)
        {
            return View("LinkInvalid");
        }

        FormChecks.NewPassword(ModelState, nameof(form.Password), nameof(form.ConfirmPassword), form.Password, form.ConfirmPassword, t);
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await users.ResetPasswordAsync(user, token, form.Password!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
            {
                return View("LinkInvalid");
            }

            FormChecks.AddIdentityErrors(ModelState, result, nameof(form.Password));
            return View(form);
        }

        // Proving control of the e-mail address lifts a lockout; following the link also confirms the address.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        await sessions.EndAllAsync(user.Id);
        await notifier.SendSecurityNoticeAsync(user, AccountNotifier.PasswordChangedKind, HttpContext.RequestAborted);
        logger.LogInformation("Password reset: user {UserId}", user.Id);
        TempData["Status"] = t["Your new password is saved. Please sign in with it."].Value;
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet("/account/confirm-email")]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? code)
    {
        var token = AccountLinks.DecodeToken(code);
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null)
        {
            return View("LinkInvalid");
        }

        if (!user.EmailConfirmed && !(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            return View("LinkInvalid");
        }

        logger.LogInformation("E-mail confirmed: user {UserId}", user.Id);
        return View("EmailConfirmed");
    }

    [HttpGet("/account/confirm-email-change")]
    public async Task<IActionResult> ConfirmEmailChange(string? userId, string? email, string? code)
    {
        var token = AccountLinks.DecodeToken(code);
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null || string.IsNullOrWhiteSpace(email))
        {
            return View("LinkInvalid");
        }

        var oldEmail = user.Email;
        var result = await users.ChangeEmailAsync(user, email, token);
        if (!result.Succeeded)
        {
            return View("LinkInvalid");
        }

        // A user name that was the old address follows the address.
        if (string.Equals(user.UserName, oldEmail, StringComparison.OrdinalIgnoreCase))
        {
            await users.SetUserNameAsync(user, email);
        }

        if (!string.IsNullOrWhiteSpace(oldEmail) && !string.Equals(oldEmail, email, StringComparison.OrdinalIgnoreCase))
        {
            await notifier.SendEmailChangedNoticeAsync(user, oldEmail, email, HttpContext.RequestAborted);
        }

        logger.LogInformation("E-mail changed: user {UserId}", user.Id);
        if (User.Identity?.IsAuthenticated == true && users.GetUserId(User) == user.Id)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        return View("EmailConfirmed");
    }

    private string LockedOutMessage(DateTimeOffset? until)
    {
        if (until is { } end && end - clock.GetUtcNow() < TimeSpan.FromDays(1))
        {
            return t["Signing in is paused after too many wrong tries. Please try again after {0}, or reset your password.", PortalCultures.FormatDateTime(end)];
        }

        return t["This account has been locked. Please contact the organisation for help."];
    }
}
