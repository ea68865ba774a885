using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Hosting.Data;
using Portal.Hosting.Security;

namespace Portal.Hosting.Identity;

/// <summary>
/// Identity's user manager plus one rule: once a demo account's password is changed, reset, added or removed it no
/// longer uses the documented default (the Production start guard reads <see cref="PortalUser.UsesDefaultDemoPassword"/>).
/// Every password path goes through these four methods, so no caller can forget it. And a second: a change that lost a
/// race with another leaves the request with the saved account (<see cref="UpdateUserAsync"/>).
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
    /// <summary>One compiled query (tracked, as the store's own lookup): Identity's store finds an account with
    /// <c>DbSet.FindAsync</c>, which builds and translates a new expression tree every time (about 6 % of
    /// <c>/account</c>'s CPU, issue 16). The context is the store's (one per request), so the account it returns is the
    /// one a later <see cref="UserManager{TUser}.UpdateAsync"/> saves.</summary>
    private static readonly Portal.Data.CompiledQuery<HostDbContext, string, PortalUser?> ById =
        new((context, id, cancellationToken) => context.Users.FirstOrDefault(u => u.Id == id));

    public override Task<PortalUser?> FindByIdAsync(string userId)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(userId);
        return ById.RunAsync(db, userId, CancellationToken);
    }

    public override Task<IdentityResult> ChangePasswordAsync(PortalUser user, string currentPassword, string newPassword) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.ChangePasswordAsync(user, currentPassword, newPassword));

    public override Task<IdentityResult> ResetPasswordAsync(PortalUser user, string token, string newPassword) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.ResetPasswordAsync(user, token, newPassword));

    public override Task<IdentityResult> AddPasswordAsync(PortalUser user, string password) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.AddPasswordAsync(user, password));

    public override Task<IdentityResult> RemovePasswordAsync(PortalUser user) =>
        WithoutDefaultDemoPasswordAsync(user, () => base.RemovePasswordAsync(user));

    /// <summary>
    /// Every change of an account is saved here, and one that lost a race with another request's change of the same
    /// account (a double click, two tabs) is refused. Identity reports a changed account as a concurrency failure but
    /// left the request's unsaved copies in its context; a row the other request added first (an account's first
    /// authenticator key) threw instead, a 500. Both are now a concurrency failure with the context read again, so what
    /// the request does next uses what was saved, not its own unsaved copy: the cookie it issues carries the saved
    /// security stamp (not one that signs the person out at the next check), the set-up page shows the saved key, and
    /// the next save does not try the lost changes again. A fault of the database itself is still thrown (a 503).
    /// </summary>
    protected override async Task<IdentityResult> UpdateUserAsync(PortalUser user)
    {
        IdentityResult result;
        try
        {
            result = await base.UpdateUserAsync(user);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && !DatabaseOutageMiddleware.IsOutage(e))
        {
            result = IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure());
        }

        if (IsLostRace(result))
        {
            await UnsavedChanges.ForgetAsync(db);
        }

        return result;
    }

    /// <summary>Whether a change was refused because another request changed the account first.</summary>
    public static bool IsLostRace(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure));

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
