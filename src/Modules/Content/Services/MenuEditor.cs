using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.ViewModels;
using Portal.Navigation;

namespace Portal.Content.Services;

/// <summary>Staff use cases for the main menu.</summary>
public sealed class MenuEditor(ContentDbContext db)
{
    public async Task<MainMenu> LoadAsync(CancellationToken cancellationToken) =>
        new(await db.MenuItems.ToListAsync(cancellationToken));

    public async Task<EditOutcome> AddAsync(MenuItemForm form, CancellationToken cancellationToken)
    {
        var errors = MenuItem.Validate(form.TextZh, form.TextEn, form.Url).ToList();
        if (errors.Count > 0)
        {
            return EditOutcome.Failed(errors);
        }

        var menu = await LoadAsync(cancellationToken);
        var item = menu.Add(form.TextZh!, form.TextEn!, form.Url!);
        db.MenuItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return EditOutcome.Ok(item.Id);
    }

    public async Task<EditOutcome> UpdateAsync(long id, MenuItemForm form, CancellationToken cancellationToken)
    {
        var item = await db.MenuItems.FirstOrDefaultAsync(m => m.Id == id, cancellationToken) ?? throw new KeyNotFoundException();
        var errors = MenuItem.Validate(form.TextZh, form.TextEn, form.Url).ToList();
        if (errors.Count > 0)
        {
            return EditOutcome.Failed(errors);
        }

        item.Update(form.TextZh!, form.TextEn!, form.Url!);
        await db.SaveChangesAsync(cancellationToken);
        return EditOutcome.Ok(id);
    }

    /// <summary>Moves an item up (-1) or down (+1). Returns false when it is already at that end.</summary>
    public async Task<bool> MoveAsync(long id, int direction, CancellationToken cancellationToken)
    {
        var menu = await LoadAsync(cancellationToken);
        var item = menu.Items.FirstOrDefault(i => i.Id == id) ?? throw new KeyNotFoundException();
        if (!menu.Move(item, direction))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<MenuItem?> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.MenuItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);

    public async Task RemoveAsync(long id, CancellationToken cancellationToken)
    {
        var menu = await LoadAsync(cancellationToken);
        var item = menu.Items.FirstOrDefault(i => i.Id == id) ?? throw new KeyNotFoundException();
        menu.Remove(item);
        db.MenuItems.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The layout's main menu, from the menu items staff edit.</summary>
public sealed class ContentMainMenuSource(ContentDbContext db) : IMainMenuSource
{
    public async Task<IReadOnlyList<MenuLink>> GetMainMenuAsync(string culture, CancellationToken cancellationToken = default)
    {
        var items = await db.MenuItems.AsNoTracking().OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        return [.. items.Select(i => new MenuLink(i.TextFor(culture), i.Url, i.Position))];
    }
}
