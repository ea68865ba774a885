using Microsoft.EntityFrameworkCore;
using Portal.Hosting.Data;

namespace Portal.Hosting.Identity;

/// <summary>
/// The Production start guard: no demo account may keep the documented default password. The Users recipe step
/// sets <see cref="PortalUser.UsesDefaultDemoPassword"/> when it gives an account the default, and
/// <see cref="PortalUserManager"/> clears it whenever that account's password changes.
/// </summary>
public static class DemoPasswordGuard
{
    public const string Message =
        "Refusing to start in Production: demo accounts still use the documented default password. " +
        "Set Portal:DemoPassword (environment Portal__DemoPassword) before the first start, or delete the demo accounts / change their passwords.";

    /// <summary>User names of the demo accounts that still use the default password (empty: safe to start).</summary>
    public static Task<List<string>> AccountsUsingDefaultAsync(HostDbContext db, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking()
            .Where(u => u.IsDemo && u.UsesDefaultDemoPassword)
            .Select(u => u.UserName ?? u.Id)
            .ToListAsync(cancellationToken);
}
