using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Hosting.Identity;

/// <summary>
/// Identity's user manager plus one rule: once a demo account's password is changed, reset, added or removed it no
/// longer uses the documented default (the Production start guard reads <see cref="PortalUser.UsesDefaultDemoPassword"/>).
/// Every password path goes through these four methods, so no caller can forget it.
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
    ILogger<UserManager<PortalUser>> logger)
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
