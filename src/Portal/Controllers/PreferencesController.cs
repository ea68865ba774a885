using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Hosting.Identity;
using Portal.Hosting.Shell;

namespace Portal.Hosting.Controllers;

/// <summary>Text size and contrast: remembered in a cookie, and on the account of a signed-in person.</summary>
[AllowAnonymous]
public sealed class PreferencesController(UserManager<PortalUser> users) : Controller
{
    [HttpPost("/preferences")]
    public async Task<IActionResult> Save(int? textSize, bool? highContrast, string? returnUrl)
    {
        var (currentSize, currentContrast) = ShellContext.ReadPreferences(HttpContext);
        var size = Math.Clamp(textSize ?? currentSize, 0, 2);
        var contrast = highContrast ?? currentContrast;
        ShellContext.WritePreferences(HttpContext, size, contrast);

        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            user.TextSize = size;
            user.HighContrast = contrast;
            await users.UpdateAsync(user);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
