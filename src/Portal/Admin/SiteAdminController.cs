using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Hosting.Data;
using Portal.Hosting.Recipes;
using Portal.Hosting.Themes;
using Portal.Resources;
using Portal.Security;
using Portal.Themes;

namespace Portal.Hosting.Admin;

public sealed record ThemesViewModel(IReadOnlyList<ThemeAttribute> Themes, string ActiveId);

public sealed record RecipesViewModel(IReadOnlyList<RecipeRow> Recipes, IReadOnlyList<RecipeRun> RecentRuns, RecipeRunOutcome? LastRun);

public sealed class SiteSettingsForm
{
    public string? SiteNameZh { get; set; }
    public string? SiteNameEn { get; set; }
}

/// <summary>Site administration: features, themes, recipes and the site name (permission ManageSite).</summary>
[Authorize(Policy = Permission.PolicyPrefix + "ManageSite")]
public sealed class SiteAdminController(FeatureAdmin features, RecipeAdmin recipes, SiteSettingsAdmin settings, IStringLocalizer<SiteAdminStrings> T) : Controller
{
    private const string RunSucceededKey = "RecipeRunSucceeded";
    private const string RunMessageKey = "RecipeRunMessage";

    [HttpGet("/admin/features")]
    public IActionResult Features() => View(features.List());

    [HttpPost("/admin/features/{id}/enable")]
    public Task<IActionResult> Enable(string id, CancellationToken cancellationToken) => SetFeatureAsync(id, true, cancellationToken);

    [HttpPost("/admin/features/{id}/disable")]
    public Task<IActionResult> Disable(string id, CancellationToken cancellationToken) => SetFeatureAsync(id, false, cancellationToken);

    [HttpGet("/admin/themes")]
    public IActionResult Themes() => View(new ThemesViewModel(ThemeCatalog.All, settings.ActiveThemeId));

    [HttpPost("/admin/themes")]
    public async Task<IActionResult> Themes(string? themeId, CancellationToken cancellationToken)
    {
        TempData["Status"] = await settings.ActivateThemeAsync(themeId, cancellationToken)
            ? T["The site now uses the theme “{0}”.", ThemeCatalog.Find(themeId!)!.Name].Value
            : T["There is no such theme."].Value;
        return Redirect("/admin/themes");
    }

    [HttpGet("/admin/recipes")]
    public async Task<IActionResult> Recipes(CancellationToken cancellationToken)
    {
        RecipeRunOutcome? last = null;
        if (TempData[RunMessageKey] is string message)
        {
            last = new RecipeRunOutcome(TempData[RunSucceededKey] is true, message);
        }

        return View(new RecipesViewModel(recipes.List(), await recipes.RecentRunsAsync(20, cancellationToken), last));
    }

    [HttpPost("/admin/recipes/run")]
    public async Task<IActionResult> RunRecipe(string? file, CancellationToken cancellationToken)
    {
        var outcome = await recipes.RunAsync(file, cancellationToken);
        if (outcome is null)
        {
            TempData[RunSucceededKey] = false;
            TempData[RunMessageKey] = T["There is no such recipe."].Value;
        }
        else
        {
            TempData[RunSucceededKey] = outcome.Succeeded;
            TempData[RunMessageKey] = outcome.Succeeded ? T["The recipe “{0}” ran successfully.", outcome.Message].Value : outcome.Message;
        }

        return Redirect("/admin/recipes");
    }

    [HttpGet("/admin/settings")]
    public IActionResult Settings()
    {
        var (zh, en) = settings.SiteNames;
        return View(new SiteSettingsForm { SiteNameZh = zh, SiteNameEn = en });
    }

    [HttpPost("/admin/settings")]
    public async Task<IActionResult> Settings(SiteSettingsForm form, CancellationToken cancellationToken)
    {
        var problems = await settings.SaveSiteNamesAsync(form.SiteNameZh, form.SiteNameEn, cancellationToken);
        if (problems.Count > 0)
        {
            foreach (var (field, message) in problems)
            {
                ModelState.AddModelError(field, T[message]);
            }

            return View(form);
        }

        TempData["Status"] = T["The settings were saved."].Value;
        return Redirect("/admin/settings");
    }

    private async Task<IActionResult> SetFeatureAsync(string id, bool enabled, CancellationToken cancellationToken)
    {
        var change = await features.SetEnabledAsync(id, enabled, cancellationToken);
        TempData["Status"] = change.Problem is not null
            ? T[change.Problem].Value
            : change.ChangedNames.Count == 0
                ? T["Nothing changed."].Value
                : enabled
                    ? T["Turned on: {0}.", string.Join(T[", "], change.ChangedNames)].Value
                    : T["Turned off: {0}.", string.Join(T[", "], change.ChangedNames)].Value;
        return Redirect("/admin/features");
    }
}
