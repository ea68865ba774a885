using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Notifications.Resources;
using Portal.Notifications.Services;
using Portal.Notifications.ViewModels;

namespace Portal.Notifications.Controllers;

/// <summary>A person's own notifications and delivery preferences.</summary>
[Area("Notifications")]
[Authorize]
internal sealed class NotificationsController : Controller
{
    private readonly NotificationCenter _center;
    private readonly IStringLocalizer<NotificationsStrings> _t;

    public NotificationsController(NotificationCenter center, IStringLocalizer<NotificationsStrings> t)
    {
        _center = center;
        _t = t;
    }

    [Authorize]
    [HttpGet("/notifications")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 10_000);
        var userId = User.UserId();
        var items = await _center.ListAsync(userId, page, cancellationToken);
        var unread = await _center.UnreadCountAsync(userId, cancellationToken);
        return View(new NotificationListViewModel(items, page, items.Count == NotificationCenter.PageSize, unread));
    }

    [Authorize]
    [HttpPost("/notifications/{id}/read")]
    public async Task<IActionResult> MarkRead(string id, bool open = false, CancellationToken cancellationToken = default)
    {
        var (found, url) = await _center.MarkReadAsync(User.UserId(), id, cancellationToken);
        if (!found)
        {
            return NotFound();
        }

        return open && url is not null && Url.IsLocalUrl(url) ? LocalRedirect(url) : Redirect("/notifications");
    }

    [Authorize]
    [HttpPost("/notifications/read-all")]
    public async Task<IActionResult> MarkAllRead(CancellationToken cancellationToken)
    {
        var count = await _center.MarkAllReadAsync(User.UserId(), cancellationToken);
        TempData["Status"] = _t.Plural(count, "{0} notification marked as read.", "{0} notifications marked as read.").Value;
        return Redirect("/notifications");
    }

    [Authorize]
    [HttpGet("/account/notifications")]
    public async Task<IActionResult> Preferences(CancellationToken cancellationToken) =>
        View(new PreferencesViewModel(await _center.PreferencesAsync(User.UserId(), ClaimsExtensions.CurrentCulture(), cancellationToken)));

    [Authorize]
    [HttpPost("/account/notifications")]
    public async Task<IActionResult> SavePreferences(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        var current = await _center.PreferencesAsync(userId, ClaimsExtensions.CurrentCulture(), cancellationToken);
        var choices = new Dictionary<string, DeliveryPreference>(StringComparer.Ordinal);
        foreach (var kind in current)
        {
            var posted = Request.Form["pref:" + kind.Kind].ToString();
            if (Enum.TryParse<DeliveryPreference>(posted, out var preference) && Enum.IsDefined(preference))
            {
                choices[kind.Kind] = preference;
            }
        }

        await _center.SavePreferencesAsync(userId, choices, cancellationToken);
        TempData["Status"] = _t["Your notification settings have been saved."].Value;
        return Redirect("/account/notifications");
    }
}
