using Microsoft.AspNetCore.Mvc;
using Portal.Notifications.Services;
using Portal.Notifications.ViewModels;

namespace Portal.Notifications.Controllers;

/// <summary>The bell any layout can render: <c>@await Component.InvokeAsync("NotificationBell")</c>.</summary>
[ViewComponent(Name = "NotificationBell")]
internal sealed class NotificationBellViewComponent(NotificationCenter center) : ViewComponent
{
    private const string ViewPath = "/Areas/Notifications/Views/Shared/Components/NotificationBell/Default.cshtml";

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (UserClaimsPrincipal.Identity?.IsAuthenticated != true)
        {
            return Content(string.Empty);
        }

        var unread = await center.UnreadCountAsync(UserClaimsPrincipal.UserId(), HttpContext.RequestAborted);
        return View(ViewPath, new BellViewModel(unread));
    }
}
