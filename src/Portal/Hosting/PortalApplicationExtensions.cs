using System.Globalization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Commands;
using Portal.Globalization;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;
using Portal.Hosting.Modules;
using Portal.Hosting.Recipes;
using Portal.Hosting.Security;
using Portal.Hosting.Shell;
using Portal.Modules;

namespace Portal.Hosting;

public static class PortalApplicationExtensions
{
    /// <summary>Health checks with this tag take part in <c>/health/ready</c> only (not in the liveness check <c>/health</c>).</summary>
    public const string ReadinessTag = Portal.Modules.PortalHealth.ReadyTag;

    public static WebApplication UsePortal(this WebApplication app)
    {
        PublicBaseUrlGuard.Check(app.Environment, app.Services.GetRequiredService<IOptions<PortalOptions>>().Value, app.Logger);

        // Background tasks wait for the first answered request (or a few seconds) before their first turn, so a
        // starting node serves its first page without them competing for the CPU (FirstRequestGate).
        var firstRequest = app.Services.GetRequiredService<Portal.Hosting.BackgroundTasks.FirstRequestGate>();
        firstRequest.Arm();
        app.Use((context, next) => firstRequest.IsOpen ? next(context) : firstRequest.OpenAfterAsync(next(context)));

        // First: behind a TLS-terminating proxy the scheme and client address come from it (known proxies only).
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.Compression)
        {
            // Static files and the pages rendered for each request; a cached page is stored compressed (below).
            app.UseResponseCompression();
        }

        // The person's language is settled once, before the error pages: a re-executed error page (/error/400) has
        // lost the original query string (?culture=en) and must still answer in the language of the failed request.
        app.UseRequestLocalization();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<BadRequestMiddleware>();
        app.UseMiddleware<DatabaseOutageMiddleware>();
        app.UseMiddleware<WriteConflictMiddleware>();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = StaticFileCaching.Apply });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/themes",
            FileProvider = ThemeAssets.FileProvider,
            OnPrepareResponse = StaticFileCaching.Apply,
        });
        app.UseRouting();
        app.UseAuthentication();

        // Anonymous pages (PageCache.AnonymousPage) from memory, as soon as the endpoint and the person are known: a
        // copy was rendered past the middleware below (rate limits, authorisation, site state, feature gate) and is
        // dropped on every node when features, settings or a module's content change. Signed-in requests pass on.
        app.Services.GetRequiredService<Portal.Hosting.Caching.PageCacheInvalidator>();
        app.UseOutputCache();
        if (app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.Compression)
        {
            // Inside the cache, so a cached page is kept compressed (one copy per Accept-Encoding) and not compressed
            // again for every request; the outer compression sees Content-Encoding and leaves it alone.
            app.UseResponseCompression();
        }

        if (app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.RequestQueue.Enabled)
        {
            // Pages that are built (not a cached copy, not a static file) are built a few at a time, oldest first.
            app.UseMiddleware<RequestQueueMiddleware>();
        }

        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<StaffTwoFactorMiddleware>();
        app.UseMiddleware<CachedSiteStateMiddleware>();
        app.UseMiddleware<FeatureGateMiddleware>();

        // Liveness: the process, the database and the data folder. Readiness: also what a node needs before it takes
        // traffic (checks tagged "ready": feature states and settings read, the site set up; modules add theirs).
        app.MapHealthChecks("/health", new HealthCheckOptions { AllowCachingResponses = false, Predicate = c => !c.Tags.Contains(ReadinessTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { AllowCachingResponses = false }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

        var catalog = app.Services.GetRequiredService<ModuleCatalog>();
        foreach (var startup in app.Services.GetRequiredService<ModuleStartups>().All.OrderBy(s => s.Order))
        {
            var feature = catalog.FeatureOf(startup.GetType()) ?? "Portal";
            var group = app.MapGroup(string.Empty).WithMetadata(new FeatureEndpointMetadata(feature));
            startup.Configure(group);
        }

        app.MapControllers();
        return app;
    }

    /// <summary>Migrates the database, sets up a fresh site from the setup recipe, then either runs a CLI
    /// command (<c>recipe</c>, <c>reindex</c>, …) and exits, or serves the site.</summary>
    public static async Task<int> RunPortalAsync(this WebApplication app, string[] args)
    {
        var (command, arguments) = PortalCommandLine.Parse(args);
        if (command is not null)
        {
            using var scope = app.Services.CreateScope();
            var commands = scope.ServiceProvider.GetServices<IPortalCommand>().ToList();
            var chosen = commands.FirstOrDefault(c => string.Equals(c.Name, command, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                Console.Error.WriteLine($"Unknown command '{command}'. Commands: {string.Join(", ", commands.Select(c => $"{c.Name} ({c.Description})"))}");
                return 2;
            }

            // backup and restore work on the site as it is: no upgrade, no setup recipe first.
            if (chosen is IRunsBeforeSiteSetup)
            {
                await app.PrepareStorageAsync(app.Lifetime.ApplicationStopping);
            }
            else
            {
                await app.InitializeSiteAsync(app.Lifetime.ApplicationStopping);
            }

            return await chosen.RunAsync(arguments, Console.Out, CancellationToken.None);
        }

        await app.InitializeSiteAsync(app.Lifetime.ApplicationStopping);

        await app.RunAsync();
        return 0;
    }

    /// <summary>Creates/upgrades tables and runs the setup recipe once on an empty site. Tests call this too.</summary>
    public static async Task InitializeSiteAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await app.PrepareStorageAsync(cancellationToken);
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DataProtectionKeyImporter>().PrepareKeyRingAsync(cancellationToken);
        }

        await app.SetUpSiteAsync(cancellationToken);
    }

    /// <summary>The data folder is usable and the database answers (PostgreSQL: waits for it).</summary>
    internal static async Task PrepareStorageAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            DataFolder.EnsureUsable(app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataDir(app.Environment.ContentRootPath));
        }
        catch (InvalidOperationException ex)
        {
            app.Logger.LogCritical("{Message}", ex.Message);
            throw;
        }

        var portalOptions = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        try
        {
            if (app.Services.GetRequiredService<Portal.Data.IPortalDatabase>() is PortalDatabase database)
            {
                await database.WaitUntilReachableAsync(portalOptions.Database.StartupTimeout, app.Logger, app.Services.GetRequiredService<TimeProvider>(), cancellationToken);
            }
        }
        catch (InvalidOperationException ex)
        {
            app.Logger.LogCritical("{Message}", ex.Message);
            throw;
        }

    }

    private static async Task SetUpSiteAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        // Nodes started together on a fresh PostgreSQL database take turns here: the first creates the roles and
        // sets the site up, the others then find it done (the set-up state is read again after the wait).
        var settings = app.Services.GetRequiredService<SiteSettingsStore>();
        var options = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        await using (await SiteSetupLock.AcquireAsync(app.Services, cancellationToken))
        {
            using (var scope = app.Services.CreateScope())
            {
                await EnsureRolesAsync(scope.ServiceProvider);
            }

            await settings.ReloadAsync(cancellationToken);
            if (settings.Get(SiteSettingsStore.SetUpKey) is null && !string.IsNullOrWhiteSpace(options.SetupRecipe))
            {
                var recipe = RecipeLocator.Resolve(options.SetupRecipe, app.Environment.ContentRootPath);
                app.Logger.LogInformation("Setting up a new site from {Recipe}", recipe);
                await app.Services.GetRequiredService<RecipeExecutor>().ExecuteAsync(recipe, cancellationToken);
                await settings.SetAsync(SiteSettingsStore.SetUpKey, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        await settings.ReloadAsync(cancellationToken);
        await app.Services.GetRequiredService<FeatureManager>().RefreshAsync(cancellationToken);
        await EnsureDemoPasswordsChangedAsync(app, cancellationToken);
    }

    private static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<PortalRole>>();
        foreach (var role in Portal.Security.PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new PortalRole(role));
            }
        }
    }

    private static async Task EnsureDemoPasswordsChangedAsync(WebApplication app, CancellationToken cancellationToken)
    {
        if (!app.Environment.IsProduction())
        {
            return;
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        if ((await DemoPasswordGuard.AccountsUsingDefaultAsync(db, cancellationToken)).Count > 0)
        {
            throw new InvalidOperationException(DemoPasswordGuard.Message);
        }
    }
}

/// <summary>Brings the cached feature states and site settings up to date before the request reads them
/// synchronously: a memory read while the cache entry is fresh, an asynchronous database read when it expired.</summary>
internal sealed class CachedSiteStateMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, FeatureManager features, SiteSettingsStore settings)
    {
        await features.RefreshAsync(context.RequestAborted);
        await settings.RefreshAsync(context.RequestAborted);
        await next(context);
    }
}

/// <summary>Endpoints of a disabled feature answer 404, as if the module were not installed.</summary>
internal sealed class FeatureGateMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, IFeatureChecker features, ModuleCatalog catalog)
    {
        var endpoint = context.GetEndpoint();
        var feature = endpoint?.Metadata.GetMetadata<FeatureEndpointMetadata>()?.FeatureId;
        if (feature is null && endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>() is { } action)
        {
            feature = catalog.FeatureOf(action.ControllerTypeInfo);
        }

        if (feature is not null && catalog.FindFeature(feature) is not null && !features.IsEnabled(feature))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}

