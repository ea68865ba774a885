using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Hosting.Data;

namespace Portal.Hosting.Identity;

/// <summary>
/// Identity's user manager plus one rule: once a demo account's password is changed, reset, added or removed it no
/// longer uses the documented default (the Production start guard reads <see cref="PortalUser.UsesDefaultDemoPassword"/>).
/// Every password path goes through these four methods, so no caller can forget it. And a second: a new authenticator
/// key that lost a race is reported as Identity reports every other lost race.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators,
    IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PortalUser>> logger,
    HostDbContext db)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<IdentityResult> ChangePasswordAsync(PortalUser user, string currentPassword, string newPassword) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.ChangePasswordAsync(user, currentPassword, newPassword));

    public override Task<IdentityResult> ResetPasswordAsync(PortalUser user, string token, string newPassword) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.ResetPasswordAsync(user, token, newPassword));

    public override Task<IdentityResult> AddPasswordAsync(PortalUser user, string password) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.AddPasswordAsync(user, password));

    public override Task<IdentityResult> RemovePasswordAsync(PortalUser user) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.RemovePasswordAsync(user));

    /// <summary>
    /// An account's first key is a new row, which two requests at once (a double click on an administrator's reset, two
    /// tabs opening the set-up page) both add. The slower one's save threw when the row went first (a 500), or failed on
    /// the account and left its own unsaved key in the context when the account went first, where the set-up page read it
    /// and showed a key that was never saved. Either way it now answers as a lost race on the account does, a concurrency
    /// failure, with the context read again, so the caller reads the key the other request saved, or tries again.
    /// </summary>
    public override async Task<IdentityResult> ResetAuthenticatorKeyAsync(PortalUser user)
    {
        IdentityResult result;
        try
        {
            result = await base.ResetAuthenticatorKeyAsync(user);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            result = IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure());
        }

        if (!result.Succeeded)
        {
            await UnsavedChanges.ForgetAsync(db);
        }

        return result;
    }

    private static async Task<IdentityResult> WithoutDefaultDemoPasswordAsync(PortalUser user, Func<Task<IdentityResult>> change)
    {
        ArgumentNullException.ThrowIfNull(user);
        var before = user.UsesDefaultDemoPassword;
        // Cleared before the base call so that its final UpdateUserAsync saves the flag with the new hash.
        user.UsesDefaultDemoPassword = false;
        var result = await change();
        if (!result.Succeeded)
        {
            user.UsesDefaultDemoPassword = before;
        }

        return result;
    }
}
