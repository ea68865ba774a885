using System.Security.Claims;

namespace Portal.Notifications.Controllers;

internal static class ClaimsExtensions
{
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signed-in user without an id.");

    public static string CurrentCulture() => Portal.Globalization.PortalCultures.Normalize(System.Globalization.CultureInfo.CurrentUICulture.Name);
}
