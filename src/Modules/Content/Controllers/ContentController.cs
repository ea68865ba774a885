using Microsoft.AspNetCore.OutputCaching;
using Portal.Caching;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Content.Models;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Portal.Globalization;
using Portal.Navigation;

namespace Portal.Content.Controllers;

/// <summary>The public side: home page, pages and news.</summary>
[Area("Content")]
[AllowAnonymous]
public sealed class ContentController(ContentReader reader, ILayoutZones zones) : Controller
{
    private const int HomeNewsCount = 3;

    private static string Culture => PortalCultures.Normalize(CultureInfo.CurrentUICulture.Name);

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/")]
    public async Task<IActionResult> Home(CancellationToken cancellationToken)
    {
        var page = await reader.GetPageAsync(Page.HomeSlug, Culture, cancellationToken);
        var news = await reader.GetLatestNewsAsync(Culture, HomeNewsCount, cancellationToken);
        var tiles = await zones.GetHomeTilesAsync(cancellationToken);
        return View(new HomeView(page, news, tiles));
    }

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/pages/{slug}")]
    public async Task<IActionResult> ShowPage(string slug, CancellationToken cancellationToken)
    {
        if (string.Equals(slug, Page.HomeSlug, StringComparison.OrdinalIgnoreCase))
        {
            return RedirectPermanent("/");
        }

        var page = await reader.GetPageAsync(slug, Culture, cancellationToken);
        return page is null ? NotFound() : View(page);
    }

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/news")]
    public async Task<IActionResult> NewsList(int page = 1, CancellationToken cancellationToken = default) =>
        View(await reader.GetNewsListAsync(Culture, page, cancellationToken));

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/news/{slug}")]
    public async Task<IActionResult> ShowNews(string slug, CancellationToken cancellationToken)
    {
        var item = await reader.GetNewsAsync(slug, Culture, cancellationToken);
        return item is null ? NotFound() : View(item);
    }
}
