using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Portal.Hosting.Data;
using Portal.Hosting.Modules;
using Portal.Modules;
using Portal.Hosting.Recipes;
using Portal.Hosting.Themes;
using Portal.Navigation;
using Portal.Resources;
using Portal.Hosting.Security;

namespace Portal.Hosting.Admin;

public static class SiteAdminServiceCollectionExtensions
{
    /// <summary>The host's own admin pages: features, themes, recipes and site settings.</summary>
    public static IServiceCollection AddSiteAdmin(this IServiceCollection services)
    {
        services.AddScoped<FeatureAdmin>();
        services.AddScoped<RecipeAdmin>();
        services.AddScoped<SiteSettingsAdmin>();
        services.AddScoped<BackgroundTasksAdmin>();
        services.AddAdminMenu<SiteAdminMenu>();
        return services;
    }
}

internal sealed class SiteAdminMenu(IStringLocalizer<SiteAdminStrings> T) : IAdminMenuProvider
{
    public string FeatureId => HostFeature.Id;

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(T["Site"], T["Features"], "/admin/features", HostPermissions.ManageSite.Name, 1),
        new(T["Site"], T["Themes"], "/admin/themes", HostPermissions.ManageSite.Name, 2),
        new(T["Site"], T["Recipes"], "/admin/recipes", HostPermissions.ManageSite.Name, 3),
        new(T["Site"], T["Site settings"], "/admin/settings", HostPermissions.ManageSite.Name, 4),
        new(T["Site"], T["Background tasks"], "/admin/background-tasks", HostPermissions.ManageSite.Name, 5),
    ];
}

/// <summary>A feature as the admin shows it: text in the person's language when the module translates it.</summary>
public sealed record FeatureRow(
    string Id,
    string ModuleId,
    string Name,
    string Description,
    IReadOnlyList<string> DependencyNames,
    IReadOnlyList<string> DependentNames,
    bool Enabled,
    bool AlwaysEnabled);

/// <summary>What enabling or disabling did: every feature whose state changed (dependencies and dependents
/// included), or why nothing happened.</summary>
public sealed record FeatureChange(IReadOnlyList<string> ChangedNames, string? Problem);

public sealed class FeatureAdmin(ModuleCatalog catalog, FeatureManager features, IStringLocalizerFactory localizers)
{
    public IReadOnlyList<FeatureRow> List()
    {
        return [.. catalog.Features.Select(f => new FeatureRow(
            f.Id,
            f.ModuleId,
            NameOf(f),
            DescriptionOf(f),
            [.. f.Dependencies.Select(d => catalog.FindFeature(d) is { } dep ? NameOf(dep) : d)],
            [.. catalog.Features.Where(other => other.Dependencies.Contains(f.Id, StringComparer.OrdinalIgnoreCase)).Select(NameOf)],
            features.IsEnabled(f.Id),
            f.AlwaysEnabled))];
    }

    public async Task<FeatureChange> SetEnabledAsync(string featureId, bool enabled, CancellationToken cancellationToken)
    {
        var feature = catalog.FindFeature(featureId);
        if (feature is null)
        {
            return new([], "There is no such feature.");
        }

        if (!enabled && feature.AlwaysEnabled)
        {
            return new([], "This feature is part of the portal and cannot be turned off.");
        }

        var changed = await features.SetEnabledAsync([feature.Id], enabled, cancellationToken);
        return new([.. changed.Select(id => catalog.FindFeature(id) is { } f ? NameOf(f) : id)], null);
    }

    private string NameOf(FeatureDescriptor feature) => Translate(feature, feature.Name);

    private string DescriptionOf(FeatureDescriptor feature) => Translate(feature, feature.Description);

    /// <summary>Modules declare names in English; their own resources (a <c>*.Resources.*Strings</c> marker type)
    /// may translate them.</summary>
    private string Translate(FeatureDescriptor feature, string text)
    {
        var module = catalog.Modules.FirstOrDefault(m => m.Id == feature.ModuleId);
        var marker = module is null ? null : FindStringsMarker(module.Assembly);
        if (marker is null)
        {
            return text;
        }

        var translated = localizers.Create(marker)[text];
        return translated.ResourceNotFound ? text : translated.Value;
    }

    private static Type? FindStringsMarker(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes().FirstOrDefault(t =>
                t.Name.EndsWith("Strings", StringComparison.Ordinal) && t.Namespace?.EndsWith(".Resources", StringComparison.Ordinal) == true);
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>One recipe file as listed in the admin.</summary>
public sealed record RecipeRow(string FileName, RecipeHeader? Header, string? Problem);

public sealed record RecipeRunOutcome(bool Succeeded, string Message);

public sealed class RecipeAdmin(RecipeExecutor executor, HostDbContext db, IHostEnvironment environment)
{
    public IReadOnlyList<RecipeRow> List()
    {
        var rows = new List<RecipeRow>();
        foreach (var file in RecipeLocator.List(environment.ContentRootPath))
        {
            try
            {
                rows.Add(new RecipeRow(Path.GetFileName(file), RecipeExecutor.ReadHeader(file), null));
            }
            catch (RecipeException ex)
            {
                rows.Add(new RecipeRow(Path.GetFileName(file), null, ex.Message));
            }
        }

        return rows;
    }

    /// <summary>Runs a recipe listed in the recipes folder (only those: the name is never used as a path).</summary>
    public async Task<RecipeRunOutcome?> RunAsync(string? fileName, CancellationToken cancellationToken)
    {
        var file = RecipeLocator.List(environment.ContentRootPath)
            .FirstOrDefault(f => string.Equals(Path.GetFileName(f), fileName, StringComparison.Ordinal));
        if (file is null)
        {
            return null;
        }

        try
        {
            await executor.ExecuteAsync(file, cancellationToken);
            return new RecipeRunOutcome(true, Path.GetFileName(file));
        }
        catch (RecipeException ex)
        {
            return new RecipeRunOutcome(false, ex.Message);
        }
    }

    public async Task<IReadOnlyList<RecipeRun>> RecentRunsAsync(int count, CancellationToken cancellationToken) =>
        await db.RecipeRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken);
}

/// <summary>Site name and theme.</summary>
public sealed class SiteSettingsAdmin(SiteSettingsStore settings, ThemeCatalog themes)
{
    public const int SiteNameMaxLength = 100;

    public string ActiveThemeId => themes.Active.Id;

    public (string Chinese, string English) SiteNames =>
        (settings.Get(SiteSettingsStore.SiteNameZhKey) ?? string.Empty, settings.Get(SiteSettingsStore.SiteNameEnKey) ?? string.Empty);

    public async Task<bool> ActivateThemeAsync(string? themeId, CancellationToken cancellationToken)
    {
        var theme = themeId is null ? null : ThemeCatalog.Find(themeId);
        if (theme is null)
        {
            return false;
        }

        await settings.SetAsync(SiteSettingsStore.ThemeKey, theme.Id, cancellationToken);
        return true;
    }

    /// <summary>Returns the problems per field (<c>SiteNameZh</c>, <c>SiteNameEn</c>); saves only when there are none.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> SaveSiteNamesAsync(string? chinese, string? english, CancellationToken cancellationToken)
    {
        var problems = new List<(string, string)>();
        chinese = chinese?.Trim();
        english = english?.Trim();
        if (string.IsNullOrEmpty(chinese))
        {
            problems.Add(("SiteNameZh", "Enter the site name in Chinese."));
        }
        else if (chinese.Length > SiteNameMaxLength)
        {
            problems.Add(("SiteNameZh", "The site name can be at most 100 characters long."));
        }

        if (string.IsNullOrEmpty(english))
        {
            problems.Add(("SiteNameEn", "Enter the site name in English."));
        }
        else if (english.Length > SiteNameMaxLength)
        {
            problems.Add(("SiteNameEn", "The site name can be at most 100 characters long."));
        }

        if (problems.Count == 0)
        {
            await settings.SetAsync(SiteSettingsStore.SiteNameZhKey, chinese!, cancellationToken);
            await settings.SetAsync(SiteSettingsStore.SiteNameEnKey, english!, cancellationToken);
        }

        return problems;
    }
}
