using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Notifications.Resources;
using Portal.Notifications.Services;
using Portal.Notifications.ViewModels;
using Portal.People;

namespace Portal.Notifications.Controllers;

/// <summary>SMTP settings screen. Configuration (<c>Portal:Smtp:*</c>) wins over what is saved here, and the page says so.</summary>
[Area("Notifications")]
[Authorize(Policy = Permissions.ManageNotificationsPolicy)]
internal sealed class SmtpAdminController(
    SmtpSettingsProvider settings,
    NotificationsAdmin admin,
    IPersonDirectory people,
    TimeProvider time,
    IStringLocalizer<NotificationsStrings> t) : Controller
{
    private const string ViewName = "Index";

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpGet("/admin/notifications/smtp")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var record = await settings.GetRecordAsync(cancellationToken);
        var form = record is null
            ? new SmtpForm()
            : new SmtpForm { Host = record.Host, Port = record.Port, Security = record.Security, User = record.User, From = record.From };
        return View(ViewName, await PageAsync(form, record?.ProtectedPassword is not null, cancellationToken));
    }

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpPost("/admin/notifications/smtp")]
    public async Task<IActionResult> Save([FromForm] SmtpForm form, CancellationToken cancellationToken)
    {
        form.Host = form.Host?.Trim() ?? "";
        form.From = form.From?.Trim() ?? "";
        if (form.Host.Length == 0 || form.Host.Length > 255)
        {
            ModelState.AddModelError(nameof(form.Host), t["Enter the mail server's host name."]);
        }

        if (ModelState.TryGetValue(nameof(form.Port), out var portState) && portState.Errors.Count > 0)
        {
            // "abc" in a number field: replace the framework's message with ours.
            portState.Errors.Clear();
            form.Port = 0;
        }

        if (form.Port is < 1 or > 65535)
        {
            ModelState.AddModelError(nameof(form.Port), t["Enter a port between 1 and 65535."]);
        }

        if (form.From.Length == 0)
        {
            ModelState.AddModelError(nameof(form.From), t["Enter the sender address."]);
        }

        if ((form.User?.Length ?? 0) > 255 || (form.Password?.Length ?? 0) > 500)
        {
            ModelState.AddModelError(nameof(form.User), t["The user name or password is too long."]);
        }

        if (!Enum.IsDefined(form.Security))
        {
            ModelState.AddModelError(nameof(form.Security), t["Choose how the connection is encrypted."]);
        }

        if (!string.IsNullOrWhiteSpace(form.From) && HeaderGuard.ParseFrom(form.From) is null)
        {
            ModelState.AddModelError(nameof(form.From), t["Enter one address, e.g. Portal <noreply@example.org>."]);
        }

        if (form.Host.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            ModelState.AddModelError(nameof(form.Host), t["The host name cannot contain spaces."]);
        }

        if (!ModelState.IsValid)
        {
            var record = await settings.GetRecordAsync(cancellationToken);
            form.Password = null;
            return View(ViewName, await PageAsync(form, record?.ProtectedPassword is not null, cancellationToken));
        }

        await settings.SaveAsync(form.Host, form.Port, form.Security, form.User, form.Password, form.ClearPassword, form.From, time.GetUtcNow(), cancellationToken);
        TempData["Status"] = t["The mail server settings have been saved."].Value;
        return Redirect("/admin/notifications/smtp");
    }

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpPost("/admin/notifications/smtp/test")]
    public async Task<IActionResult> SendTest(string? address, CancellationToken cancellationToken)
    {
        address = address?.Trim();
        if (HeaderGuard.ValidAddress(address) is null)
        {
            TempData["Status"] = t["Enter one valid e-mail address for the test."].Value;
            return Redirect("/admin/notifications/smtp");
        }

        var error = await admin.SendTestAsync(address!, ClaimsExtensions.CurrentCulture(), t["Test email from the portal"], t["This is a test email. If you can read it, the portal can send email."], cancellationToken);
        TempData["Status"] = error switch
        {
            null => t["The test email was sent. Check the inbox of {0}.", address!].Value,
            "not-configured" => t["No mail server is set up yet."].Value,
            "bad-address" => t["The sender address (From) is not valid."].Value,
            _ => t["The test email could not be sent: {0}", error].Value,
        };
        return Redirect("/admin/notifications/smtp");
    }

    private async Task<SmtpPageViewModel> PageAsync(SmtpForm form, bool hasSavedPassword, CancellationToken cancellationToken)
    {
        var me = await people.FindAsync(User.UserId(), cancellationToken);
        return new SmtpPageViewModel
        {
            Form = form,
            ConfigurationWins = settings.ConfigurationWins,
            Configured = settings.FromConfiguration(),
            HasSavedPassword = hasSavedPassword,
            TestAddress = me?.Email,
        };
    }
}
