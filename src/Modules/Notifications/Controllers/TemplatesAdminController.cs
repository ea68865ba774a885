using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Notifications.Resources;
using Portal.Notifications.Services;
using Portal.Notifications.ViewModels;

namespace Portal.Notifications.Controllers;

/// <summary>Staff edit each kind's wording per language. Only <c>{{name}}</c> placeholders are substituted, with
/// values HTML-encoded: nothing in a template can run code.</summary>
[Area("Notifications")]
[Authorize(Policy = Permissions.ManageNotificationsPolicy)]
internal sealed class TemplatesAdminController(NotificationsAdmin admin, IStringLocalizer<NotificationsStrings> t, Portal.Content.IMarkdownRenderer markdown) : Controller
{
    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpGet("/admin/notifications/templates")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new TemplatesViewModel(await admin.TemplatesAsync(cancellationToken)));

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpGet("/admin/notifications/templates/{kind}/{culture}")]
    public async Task<IActionResult> Edit(string kind, string culture, CancellationToken cancellationToken)
    {
        var row = await admin.TemplateAsync(kind, culture, cancellationToken);
        if (row is null || !PortalCultures.All.Contains(culture))
        {
            return NotFound();
        }

        return View(new TemplateEditViewModel { Row = row, Form = new TemplateForm { Subject = row.Subject, Body = row.Body } });
    }

    [Authorize(Policy = Permissions.ManageNotificationsPolicy)]
    [HttpPost("/admin/notifications/templates/{kind}/{culture}")]
    public async Task<IActionResult> Edit(string kind, string culture, [FromForm] TemplateForm form, string? command, CancellationToken cancellationToken)
    {
        var row = await admin.TemplateAsync(kind, culture, cancellationToken);
        if (row is null || !PortalCultures.All.Contains(culture))
        {
            return NotFound();
        }

        var path = $"/admin/notifications/templates/{Uri.EscapeDataString(kind)}/{culture}";
        if (command == "reset")
        {
            await admin.ResetTemplateAsync(kind, culture, cancellationToken);
            TempData["Status"] = t["The default wording is back."].Value;
            return Redirect(path);
        }

        form.Subject ??= "";
        form.Body ??= "";
        if (string.IsNullOrWhiteSpace(form.Subject))
        {
            ModelState.AddModelError(nameof(form.Subject), t["Enter a subject."]);
        }
        else if (form.Subject.Length > 300)
        {
            ModelState.AddModelError(nameof(form.Subject), t["The subject can have at most 300 characters."]);
        }
        else if (form.Subject.Contains('\n', StringComparison.Ordinal) || form.Subject.Contains('\r', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(form.Subject), t["The subject must be one line."]);
        }

        if (string.IsNullOrWhiteSpace(form.Body))
        {
            ModelState.AddModelError(nameof(form.Body), t["Enter the message."]);
        }
        else if (form.Body.Length > 20_000)
        {
            ModelState.AddModelError(nameof(form.Body), t["The message can have at most 20,000 characters."]);
        }
        else if (!CanRender(kind, culture, form.Subject, form.Body))
        {
            ModelState.AddModelError(nameof(form.Body), t["The message is nested too deeply to show (for example very many \">\" or list levels in a row). Please simplify it."]);
        }

        if (!ModelState.IsValid)
        {
            return View(new TemplateEditViewModel { Row = row, Form = form });
        }

        if (command == "save")
        {
            await admin.SaveTemplateAsync(kind, culture, form.Subject.Trim(), form.Body, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "", cancellationToken);
            TempData["Status"] = t["The template has been saved."].Value;
            return Redirect(path);
        }

        return View(new TemplateEditViewModel { Row = row, Form = form, Preview = admin.Preview(kind, culture, form.Subject, form.Body) });
    }

    /// <summary>Markdig refuses Markdown nested beyond its depth limit: an editor error, never a 500 (or an outbox
    /// that cannot render the template later).</summary>
    private bool CanRender(string kind, string culture, string subject, string body)
    {
        if (!markdown.CanRender(body))
        {
            return false; // the renderer would show it only as plain text
        }

        try
        {
            admin.Preview(kind, culture, subject, body);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InsufficientExecutionStackException)
        {
            return false;
        }
    }
}
