using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Hosting.Identity;

// Form models. Properties are nullable on purpose: MVC would otherwise add an English "field is required" message
// of its own; every check and message is here, in the person's language.

public sealed class RegisterForm
{
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
    public string? Culture { get; set; }
    public string? ReturnUrl { get => _returnUrl; set => _returnUrl = ReturnUrls.Clean(value); }

    private string? _returnUrl;

    public void Validate(ModelStateDictionary state, IStringLocalizer<AccountStrings> t)
    {
        FormChecks.DisplayName(state, nameof(DisplayName), DisplayName, t);
        FormChecks.Email(state, nameof(Email), Email, t);
        FormChecks.NewPassword(state, nameof(Password), nameof(ConfirmPassword), Password, ConfirmPassword, t);
        if (AccountPreferences.ParseCulture(Culture) is null)
        {
            state.AddModelError(nameof(Culture), t["Choose a language."]);
        }
    }
}

public sealed class SignInForm
{
    public string? Login { get; set; }
    public string? Password { get; set; }
    public bool RememberMe { get; set; }
    public string? ReturnUrl { get => _returnUrl; set => _returnUrl = ReturnUrls.Clean(value); }

    private string? _returnUrl;

    public void Validate(ModelStateDictionary state, IStringLocalizer<AccountStrings> t)
    {
        if (string.IsNullOrWhiteSpace(Login))
        {
            state.AddModelError(nameof(Login), t["Enter your user name or e-mail address."]);
        }

        if (string.IsNullOrEmpty(Password))
        {
            state.AddModelError(nameof(Password), t["Enter your password."]);
        }
    }
}

public sealed class TwoFactorForm
{
    public string? Code { get; set; }
    public bool RememberMe { get; set; }
    public bool RememberMachine { get; set; }
    public string? ReturnUrl { get => _returnUrl; set => _returnUrl = ReturnUrls.Clean(value); }

    private string? _returnUrl;
}

public sealed class ForgotPasswordForm
{
    public string? Email { get; set; }
}

public sealed class ResetPasswordForm
{
    public string? UserId { get; set; }
    public string? Code { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
}

public sealed class ProfileForm
{
    public string? DisplayName { get; set; }
    public string? Culture { get; set; }
    public string? TextSize { get; set; }
    public bool HighContrast { get; set; }

    public void Validate(ModelStateDictionary state, IStringLocalizer<AccountStrings> t)
    {
        FormChecks.DisplayName(state, nameof(DisplayName), DisplayName, t);
        if (AccountPreferences.ParseCulture(Culture) is null)
        {
            state.AddModelError(nameof(Culture), t["Choose a language."]);
        }

        if (AccountPreferences.ParseTextSize(TextSize) is null)
        {
            state.AddModelError(nameof(TextSize), t["Choose a text size."]);
        }
    }
}

public sealed class ChangeEmailForm
{
    public string? NewEmail { get; set; }
    public string? CurrentPassword { get; set; }
}

public sealed class ChangePasswordForm
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}

/// <summary>Re-authentication for sensitive changes (ASVS 5.0 V6.1.x): the current password, and a code for some.</summary>
public sealed class ConfirmWithPasswordForm
{
    public string? CurrentPassword { get; set; }
    public string? Code { get; set; }
}

public sealed class UserEditForm
{
    public string? DisplayName { get; set; }
    public List<string> Roles { get; set; } = [];
}

public sealed class NewUserForm
{
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? UserName { get; set; }
    public string? Culture { get; set; }
    public List<string> Roles { get; set; } = [];

    public void Validate(ModelStateDictionary state, IStringLocalizer<AccountStrings> t)
    {
        FormChecks.DisplayName(state, nameof(DisplayName), DisplayName, t);
        FormChecks.Email(state, nameof(Email), Email, t);
        if (AccountPreferences.ParseCulture(Culture) is null)
        {
            state.AddModelError(nameof(Culture), t["Choose a language."]);
        }
    }
}

public static class FormChecks
{
    public const int DisplayNameMaxLength = 100;

    public static void DisplayName(ModelStateDictionary state, string field, string? value, IStringLocalizer<AccountStrings> t)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            state.AddModelError(field, t["Enter the name other members will see."]);
        }
        else if (value.Trim().Length > DisplayNameMaxLength)
        {
            state.AddModelError(field, t["The name can be at most {0} characters long.", DisplayNameMaxLength]);
        }
    }

    public static void Email(ModelStateDictionary state, string field, string? value, IStringLocalizer<AccountStrings> t)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            state.AddModelError(field, t["Enter your e-mail address."]);
        }
        else if (!IsEmail(value.Trim()))
        {
            state.AddModelError(field, t["Enter an e-mail address in the right format, like name@example.com."]);
        }
    }

    public static bool IsEmail(string value) =>
        value.Length <= 256 && !value.Any(char.IsWhiteSpace) && MailAddress.TryCreate(value, out var address) && address.Address == value && value.IndexOf('@', StringComparison.Ordinal) > 0;

    public static void NewPassword(ModelStateDictionary state, string field, string confirmField, string? password, string? confirm, IStringLocalizer<AccountStrings> t)
    {
        if (string.IsNullOrEmpty(password))
        {
            state.AddModelError(field, t["Choose a password."]);
        }
        else if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            state.AddModelError(confirmField, t["The two passwords are not the same."]);
        }
    }

    /// <summary>Puts Identity's errors beside the field they are about.</summary>
    public static void AddIdentityErrors(ModelStateDictionary state, IdentityResult result, string passwordField, string? emailField = null, string? userNameField = null)
    {
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) && error.Code != nameof(IdentityErrorDescriber.PasswordMismatch) => passwordField,
                nameof(IdentityErrorDescriber.PasswordMismatch) => passwordField,
                nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.InvalidEmail) => emailField ?? string.Empty,
                nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => userNameField ?? emailField ?? string.Empty,
                _ => string.Empty,
            };
            state.AddModelError(field, error.Description);
        }
    }
}

/// <summary>One labelled input for the <c>_AccountField</c> partial (label, hint, error and input tied together).</summary>
public sealed record FieldSpec(string Name, string Label, string Type = "text", string? Value = null, string? Autocomplete = null, string? Hint = null, bool Required = true, string? InputMode = null);

/// <summary>
/// Where to go after signing in: a path on this site of at most <see cref="MaxLength"/> characters, or nothing. A longer
/// value is no real address (it would only make a redirect whose headers browsers refuse).
/// </summary>
public static class ReturnUrls
{
    public const int MaxLength = 2048;

    public static string? Clean(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value[0] == '/' && !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal)
            ? value
            : null;
}
