using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Content.Models;
using Portal.Content.Resources;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Portal.Globalization;
using Portal.Modules;

namespace Portal.Content.Controllers;

/// <summary>The public side: home page, pages and news.</summary>
[Area("Content")]
[AllowAnonymous]
public sealed class ContentController(ContentReader reader, IFeatureChecker features, IStringLocalizer<ContentStrings> T) : Controller
{
    private const int HomeNewsCount = 3;

    private static string Culture => PortalCultures.Normalize(CultureInfo.CurrentUICulture.Name);

    [HttpGet("/")]
    public async Task<IActionResult> Home(CancellationToken cancellationToken)
    {
        var page = await reader.GetPageAsync(Page.HomeSlug, Culture, cancellationToken);
        var news = await reader.GetLatestNewsAsync(Culture, HomeNewsCount, cancellationToken);
        ModuleLink[] candidates =
        [
            new("Knowledge", "/kb", T["Knowledge base"], T["Experience and know-how shared by self-help groups: guides, toolkits and stories."]),
            new("Academy", "/academy", T["Training academy"], T["Online courses for leaders, successors and managers of self-help groups, with certificates."]),
            new("Forum", "/community", T["Community"], T["Talk with people who have been there: patients and carers supporting each other."]),
            new("Matching", "/partners", T["Partners"], T["Professionals, volunteers and companies offering their skills to self-help groups."]),
        ];
        var links = candidates.Where(l => features.IsEnabled(l.FeatureId)).ToList();
        return View(new HomeView(page, news, links));
    }

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

    [HttpGet("/news")]
    public async Task<IActionResult> NewsList(int page = 1, CancellationToken cancellationToken = default) =>
        View(await reader.GetNewsListAsync(Culture, page, cancellationToken));

    [HttpGet("/news/{slug}")]
    public async Task<IActionResult> ShowNews(string slug, CancellationToken cancellationToken)
    {
        var item = await reader.GetNewsAsync(slug, Culture, cancellationToken);
        return item is null ? NotFound() : View(item);
    }
}
