using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Hosting.Identity;
using Portal.Hosting.Shell;

namespace Portal.Hosting.Controllers;

/// <summary>
/// Language, text size and contrast: remembered in cookies, and (text size, contrast) on the account of a signed-in
/// person. The header offers them as plain links (GET), so a page carries no per-page antiforgery token and
/// anonymous pages can be cached; they change nothing sensitive, and the only redirect is to a local address.
/// </summary>
[AllowAnonymous]
public sealed class PreferencesController(UserManager<PortalUser> users) : Controller
{
    /// <summary>The header's links: <c>/preferences?textSize=1&amp;returnUrl=/kb</c>, <c>?highContrast=true</c>,
    /// <c>?culture=en</c>. Only this (and the account page) saves the language choice.</summary>
    [HttpGet("/preferences")]
    public async Task<IActionResult> Choose(string? textSize, string? highContrast, string? culture, string? returnUrl)
    {
        var size = AccountPreferences.ParseTextSize(textSize);
        bool? contrast = bool.TryParse(highContrast, out var parsed) ? parsed : null;
        if (size is not null || contrast is not null)
        {
            await SaveAsync(size, contrast);
        }

        if (AccountPreferences.ParseCulture(culture) is { } chosen)
        {
            AccountPreferences.WriteCulture(HttpContext, chosen);
        }

        Response.Headers.CacheControl = "no-store";
        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    /// <summary>The same for a form post (kept for clients that post; the antiforgery check applies).</summary>
    [HttpPost("/preferences")]
    public async Task<IActionResult> Save(int? textSize, bool? highContrast, string? returnUrl)
    {
        await SaveAsync(textSize, highContrast);
        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private async Task SaveAsync(int? textSize, bool? highContrast)
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
    }

    /// <summary>A local path only (no scheme, no host, no <c>//</c> or <c>/\</c>): never an open redirect.</summary>
    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
