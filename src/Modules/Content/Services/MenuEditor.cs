using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.ViewModels;
using Portal.Data;
using Portal.Navigation;

namespace Portal.Content.Services;

/// <summary>Staff use cases for the main menu.</summary>
public sealed class MenuEditor(ContentDbContext db, MainMenuCache cache)
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
        await cache.ChangedAsync(cancellationToken);
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
        await cache.ChangedAsync(cancellationToken);
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
        await cache.ChangedAsync(cancellationToken);
        return true;
    }

    public async Task<MenuItem?> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.MenuItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);

    /// <summary>
    /// Removes a link and closes the gap in the order. The same delete sent twice at once (a double click) lets the
    /// slower request's save find the row removed under it; it reads the menu again, finds nothing left to remove, and
    /// the outcome is the one asked for.
    /// </summary>
    public Task RemoveAsync(long id, CancellationToken cancellationToken) =>
        db.OnceMoreIfRacedAsync(async () =>
        {
            var menu = await LoadAsync(cancellationToken);
            if (menu.Items.FirstOrDefault(i => i.Id == id) is not { } item)
            {
                return;
            }

            menu.Remove(item);
            db.MenuItems.Remove(item);
            await db.SaveChangesAsync(cancellationToken);
            await cache.ChangedAsync(cancellationToken);
        }, cancellationToken);
}

/// <summary>The layout's main menu, from the menu items staff edit: read on every page, so kept in
/// <see cref="MainMenuCache"/> (one database read when it changes, not one per page).</summary>
public sealed class ContentMainMenuSource(MainMenuCache cache, ContentDbContext db) : IMainMenuSource
{
    public async Task<IReadOnlyList<MenuLink>> GetMainMenuAsync(string culture, CancellationToken cancellationToken = default)
    {
        var menu = await cache.GetAsync(db, cancellationToken);
        return culture == Portal.Globalization.PortalCultures.English ? menu.English : menu.Chinese;
    }
}

/// <summary>
/// The menu as cached: its links in each language, ready to show. Immutable, so <see cref="HybridCache"/> hands out
/// the same instance on every hit (a mutable value would be deserialised again on every page).
/// </summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record CachedMainMenu(IReadOnlyList<MenuLink> Chinese, IReadOnlyList<MenuLink> English);

/// <summary>
/// The menu items in <see cref="HybridCache"/> (the host's convention for small state read on every request): a
/// change (<see cref="MenuEditor"/>, the menu recipe step) removes the entry here and, through
/// <see cref="IClusterSignal"/>, on every other node; the entry also expires after five minutes.
/// </summary>
public sealed class MainMenuCache : IDisposable
{
    public const string Channel = "content.menu";
    private const string Key = "content:main-menu";
    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromMinutes(5), LocalCacheExpiration = TimeSpan.FromMinutes(5) };

    private readonly HybridCache _cache;
    private readonly IClusterSignal _signal;
    private readonly IDisposable _subscription;

    public MainMenuCache(HybridCache cache, IClusterSignal signal)
    {
        _cache = cache;
        _signal = signal;
        _subscription = signal.Subscribe(Channel, ct => _cache.RemoveAsync(Key, ct).AsTask());
    }

    /// <summary>The items, read with <paramref name="db"/> when they are not cached.</summary>
    public async Task<CachedMainMenu> GetAsync(ContentDbContext db, CancellationToken cancellationToken) =>
        await _cache.GetOrCreateAsync(Key, db, static async (db, ct) =>
        {
            var items = await db.MenuItems.AsNoTracking().OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(ct);
            return new CachedMainMenu(
                [.. items.Select(i => new MenuLink(i.TextFor(Portal.Globalization.PortalCultures.Default), i.Url, i.Position))],
                [.. items.Select(i => new MenuLink(i.TextFor(Portal.Globalization.PortalCultures.English), i.Url, i.Position))]);
        }, Entry, cancellationToken: cancellationToken);

    /// <summary>After a change: forgotten here and on every other node.</summary>
    public Task ChangedAsync(CancellationToken cancellationToken) => _signal.PublishAsync(Channel, cancellationToken);

    public void Dispose() => _subscription.Dispose();
}
