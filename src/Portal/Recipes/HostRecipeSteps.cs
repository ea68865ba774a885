using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;
using Portal.Hosting.Modules;
using Portal.Hosting.Themes;
using Portal.Recipes;
using Portal.Security;

namespace Portal.Hosting.Recipes;

public sealed class FeatureStepModel
{
    public List<string> Enable { get; set; } = [];
    public List<string> Disable { get; set; } = [];
}

/// <summary><c>{ "name": "Feature", "enable": ["Knowledge"], "disable": [] }</c></summary>
internal sealed class FeatureStep(FeatureManager features, ModuleCatalog catalog) : RecipeStepHandler<FeatureStepModel>
{
    public override string StepName => "Feature";

    public override IEnumerable<string> Validate(FeatureStepModel model, RecipeExecutionContext context) =>
        model.Enable.Concat(model.Disable)
            .Where(id => catalog.FindFeature(id) is null)
            .Select(id => $"There is no feature '{id}'. Available: {string.Join(", ", catalog.Features.Select(f => f.Id))}.");

    public override async Task ExecuteAsync(FeatureStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        if (model.Disable.Count > 0)
        {
            await features.SetEnabledAsync(model.Disable, enabled: false, cancellationToken);
        }

        if (model.Enable.Count > 0)
        {
            await features.SetEnabledAsync(model.Enable, enabled: true, cancellationToken);
        }
    }
}

public sealed class SettingsStepModel
{
    public Dictionary<string, string>? SiteName { get; set; }
    public string? Theme { get; set; }
}

/// <summary><c>{ "name": "Settings", "siteName": { "zh-HK": "…", "en": "…" }, "theme": "Default" }</c></summary>
internal sealed class SettingsStep(SiteSettingsStore settings) : RecipeStepHandler<SettingsStepModel>
{
    public override string StepName => "Settings";

    public override IEnumerable<string> Validate(SettingsStepModel model, RecipeExecutionContext context)
    {
        if (model.Theme is not null && ThemeCatalog.Find(model.Theme) is null)
        {
            yield return $"There is no theme '{model.Theme}'. Available: {string.Join(", ", ThemeCatalog.All.Select(t => t.Id))}.";
        }
    }

    public override async Task ExecuteAsync(SettingsStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        if (model.SiteName?.TryGetValue("zh-HK", out var zh) == true)
        {
            await settings.SetAsync(SiteSettingsStore.SiteNameZhKey, zh, cancellationToken);
        }

        if (model.SiteName?.TryGetValue("en", out var en) == true)
        {
            await settings.SetAsync(SiteSettingsStore.SiteNameEnKey, en, cancellationToken);
        }

        if (model.Theme is not null)
        {
            await settings.SetAsync(SiteSettingsStore.ThemeKey, ThemeCatalog.Find(model.Theme)!.Id, cancellationToken);
        }
    }
}

public sealed class UsersStepModel
{
    public List<UserModel> Users { get; set; } = [];

    public sealed class UserModel
    {
        public string UserName { get; set; } = string.Empty;
        public string Email { get; set; } = string.Empty;
        public string DisplayName { get; set; } = string.Empty;
        public string Culture { get; set; } = "zh-HK";
        public List<string> Roles { get; set; } = [];

        /// <summary>Demo accounts get <c>Portal:DemoPassword</c>.</summary>
        public bool Demo { get; set; } = true;
    }
}

/// <summary>Creates accounts (demo accounts get <c>Portal:DemoPassword</c>); an existing user name is left as it is.</summary>
internal sealed class UsersStep(UserManager<PortalUser> users, IOptions<PortalOptions> options, TimeProvider clock, IOptions<Portal.Hosting.Privacy.PrivacyNoticeOptions> notice) : RecipeStepHandler<UsersStepModel>
{
    public override string StepName => "Users";

    public override IEnumerable<string> Validate(UsersStepModel model, RecipeExecutionContext context)
    {
        foreach (var user in model.Users)
        {
            if (string.IsNullOrWhiteSpace(user.UserName) || string.IsNullOrWhiteSpace(user.Email))
            {
                yield return "Every user needs a userName and an email.";
            }

            foreach (var role in user.Roles.Where(r => !PortalRoles.All.Contains(r, StringComparer.Ordinal)))
            {
                yield return $"User '{user.UserName}' has an unknown role '{role}'. Roles: {string.Join(", ", PortalRoles.All)}.";
            }

            if (!user.Demo)
            {
                yield return $"User '{user.UserName}': recipes only create demo accounts (\"demo\": true); real people register or are invited.";
            }
        }
    }

    public override async Task ExecuteAsync(UsersStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var password = options.Value.DemoPassword;
        foreach (var spec in model.Users)
        {
            if (await users.FindByNameAsync(spec.UserName) is not null)
            {
                continue;
            }

            var user = new PortalUser
            {
                UserName = spec.UserName,
                Email = spec.Email,
                EmailConfirmed = true,
                DisplayName = string.IsNullOrWhiteSpace(spec.DisplayName) ? spec.UserName : spec.DisplayName,
                PreferredCulture = Portal.Globalization.PortalCultures.Normalize(spec.Culture),
                CreatedUtc = clock.GetUtcNow(),
                IsDemo = true,
                UsesDefaultDemoPassword = password == PortalOptions.DefaultDemoPassword,
            };

            // Demo accounts are made by the organisation, which has read its own notice: they start on its current
            // version, so signing in as one does not show the re-consent page (required, so no host can skip it).
            notice.Value.Accept(user, user.CreatedUtc);
            Check(await users.CreateAsync(user, password), spec.UserName);
            if (spec.Roles.Count > 0)
            {
                Check(await users.AddToRolesAsync(user, spec.Roles), spec.UserName);
            }
        }
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create user '{userName}': {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
