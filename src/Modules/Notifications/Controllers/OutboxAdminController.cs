using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Notifications.Models;
using Portal.Notifications.Resources;
using Portal.Notifications.Services;
using Portal.Notifications.ViewModels;

namespace Portal.Notifications.Controllers;

[Area("Notifications")]
[Authorize(Policy = Permissions.ManageNotificationsPolicy)]
internal sealed class OutboxAdminController(NotificationsAdmin admin, IStringLocalizer<NotificationsStrings> t) : Controller
{
    private const int ListSize = 200;

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpGet("/admin/outbox")]
    public async Task<IActionResult> Index(string? status, CancellationToken cancellationToken)
    {
        OutboxStatus? filter = Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        var counts = await admin.CountsAsync(cancellationToken);
        var rows = await admin.OutboxAsync(filter, ListSize, cancellationToken);
        return View(new OutboxViewModel(counts, filter, rows));
    }

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpPost("/admin/outbox/{id}/resend")]
    public async Task<IActionResult> Resend(string id, CancellationToken cancellationToken)
    {
        TempData["Status"] = await admin.ResendAsync(id, cancellationToken)
            ? t["The message is queued again and will be sent shortly."].Value
            : t["Only failed messages can be sent again."].Value;
        return Redirect("/admin/outbox?status=Failed");
    }

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpPost("/admin/outbox/resend-failed")]
    public async Task<IActionResult> ResendAllFailed(CancellationToken cancellationToken)
    {
        var count = await admin.ResendAllFailedAsync(cancellationToken);
        TempData["Status"] = count == 0
            ? t["There were no failed messages."].Value
            : t.Plural(count, "{0} message is queued again and will be sent shortly.", "{0} messages are queued again and will be sent shortly.").Value;
        return Redirect("/admin/outbox?status=Queued");
    }
}
