using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Hosting.Identity;

/// <summary>Identity's messages in the person's language (Identity's own are English only).</summary>
internal sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<AccountStrings> t) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), t["Something went wrong. Please try again."]);
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), t["Someone else changed this account at the same time. Please try again."]);
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), t["The password is not correct."]);
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), t["This link is no longer valid. It may have been used already or be too old. Please ask for a new one."]);
    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), t["That recovery code is not valid."]);
    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), t["This login is already linked to another account."]);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), t["A user name can only contain letters a–z, digits and the characters - . _ @ +"]);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), t["Enter an e-mail address in the right format, like name@example.com."]);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), t["This user name is already taken. Please choose another."]);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), t["An account with this e-mail address already exists. You can sign in or reset your password."]);
    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), t["There is no such role."]);
    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), t["This role already exists."]);
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), t["This account already has a password."]);
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), t["Locking is not enabled for this account."]);
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), t["The account already has this role."]);
    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), t["The account does not have this role."]);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), t["The password must be at least {0} characters long.", length]);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), t["The password must use at least {0} different characters.", uniqueChars]);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), t["The password must contain a symbol."]);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), t["The password must contain a digit."]);
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), t["The password must contain a lower-case letter."]);
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), t["The password must contain an upper-case letter."]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
