using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Content.Resources;
using Portal.Content.Services;
using Portal.Content.ViewModels;

namespace Portal.Content.Controllers;

/// <summary>Staff edit the main menu: text in both languages, address, and order with up/down buttons.</summary>
[Area("Content")]
[Authorize(Policy = Permissions.ManageContentPolicy)]
[Route("/admin/menu")]
public sealed class MenuAdminController(MenuEditor editor, IStringLocalizer<ContentStrings> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new MenuAdminViewModel { Items = (await editor.LoadAsync(cancellationToken)).Items });

    [HttpPost("add")]
    public async Task<IActionResult> Add([Bind(Prefix = "NewItem")] MenuItemForm form, CancellationToken cancellationToken)
    {
        var outcome = await editor.AddAsync(form, cancellationToken);
        if (!outcome.Succeeded)
        {
            AdminErrors.AddTo(ModelState, outcome.Errors, T, "NewItem");
            return View("Index", new MenuAdminViewModel { Items = (await editor.LoadAsync(cancellationToken)).Items, NewItem = form });
        }

        TempData["Status"] = T["The link was added to the menu."].Value;
        return Redirect("/admin/menu");
    }

    [HttpPost("{id:long}")]
    public async Task<IActionResult> Update(long id, [Bind(Prefix = "Item")] MenuItemForm form, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var outcome = await editor.UpdateAsync(id, form, cancellationToken);
        if (!outcome.Succeeded)
        {
            AdminErrors.AddTo(ModelState, outcome.Errors, T, "Item");
            return View("Index", new MenuAdminViewModel { Items = (await editor.LoadAsync(cancellationToken)).Items, ErrorItemId = id, ErrorForm = form });
        }

        TempData["Status"] = T["The link was saved."].Value;
        return Redirect("/admin/menu");
    }

    [HttpPost("{id:long}/up")]
    public Task<IActionResult> Up(long id, CancellationToken cancellationToken) => MoveAsync(id, -1, cancellationToken);

    [HttpPost("{id:long}/down")]
    public Task<IActionResult> Down(long id, CancellationToken cancellationToken) => MoveAsync(id, +1, cancellationToken);

    [HttpGet("{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken cancellationToken)
    {
        var item = await editor.FindAsync(id, cancellationToken);
        return item is null
            ? NotFound()
            : View("~/Areas/Content/Views/Shared/ConfirmDelete.cshtml",
                new DeleteViewModel(id, item.TextFor(Portal.Globalization.PortalCultures.Normalize(System.Globalization.CultureInfo.CurrentUICulture.Name)), T["menu link"], $"/admin/menu/{id}/delete", "/admin/menu"));
    }

    [HttpPost("{id:long}/delete")]
    public async Task<IActionResult> DeleteConfirmed(long id, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        await editor.RemoveAsync(id, cancellationToken);
        TempData["Status"] = T["The link was removed from the menu."].Value;
        return Redirect("/admin/menu");
    }

    private async Task<IActionResult> MoveAsync(long id, int direction, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var moved = await editor.MoveAsync(id, direction, cancellationToken);
        TempData["Status"] = moved ? T["The menu order was changed."].Value : T["The link is already at that end of the menu."].Value;
        return Redirect($"/admin/menu#item-{id}");
    }
}
