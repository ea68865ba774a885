using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Portal.Content;
using Portal.Hosting.BackgroundTasks;
using Portal.Data;
using Portal.Globalization;
using Portal.Hosting.Content;
using Portal.Hosting.Data;
using Portal.Hosting.Documents;
using Portal.Hosting.Identity;
using Portal.Hosting.Modules;
using Portal.Hosting.Recipes;
using Portal.Hosting.Security;
using Portal.Hosting.Themes;
using Portal.Modules;
using Portal.Notifications;
using Portal.People;
using Portal.Recipes;
using Portal.Search;
using Portal.Security;

namespace Portal.Hosting;

/// <summary>Composition of the host (eShop-style: Program.cs stays short).</summary>
public static class PortalServiceCollectionExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section));
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDataFolder, DataFolder>();
        services.AddSingleton<IPortalDatabase, PortalDatabase>();
        services.AddSingleton<RequestQueue>();
        services.AddSingleton<IManagedMemory, RuntimeMemory>();
        services.AddHostedService<IdleMemoryTrimmer>();
        services.AddPortalDbContext<HostDbContext>("portal_");
        services.AddScoped<SchemaMigrator>();
        services.AddModuleMigration<HostDbContext, Portal.Hosting.Data.Migrations.AddDataProtectionKeys>();
        services.AddModuleMigration<HostDbContext, Portal.Hosting.Data.Migrations.AddBackgroundTaskTables>();
        services.AddScoped<DataProtectionKeyImporter>();
        services.AddPortalBackgroundTasks(configuration);
        services.AddBackgroundTask<Portal.Hosting.Data.QueryPlannerStatisticsTask>(
            Portal.Hosting.Data.QueryPlannerStatisticsTask.Name, Portal.Hosting.Modules.HostFeature.Id, Portal.Hosting.Data.QueryPlannerStatisticsTask.Interval, singleNode: true);
        services.AddHybridCache();
        services.AddSingleton<Portal.Hosting.Clustering.ClusterSignal>();
        services.AddSingleton<Portal.Clustering.IClusterSignal>(sp => sp.GetRequiredService<Portal.Hosting.Clustering.ClusterSignal>());
        services.AddHostedService(sp => sp.GetRequiredService<Portal.Hosting.Clustering.ClusterSignal>());
        services.AddModuleMigration<HostDbContext, Portal.Hosting.Data.Migrations.AddClusterSignals>();
        services.AddModuleMigration<HostDbContext, Portal.Hosting.Data.Migrations.StoreDatesAsUtcTicks>();
        services.AddModuleMigration<HostDbContext, Portal.Hosting.Data.Migrations.AddPrivacyRecords>();
        services.AddSingleton<SiteSettingsStore>();
        services.AddSingleton<ThemeCatalog>();
        services.AddSingleton<IMarkdownRenderer, MarkdownRenderer>();
        services.AddPortalDocuments(configuration);

        var catalog = ModuleCatalog.Discover(AppContext.BaseDirectory);
        services.AddSingleton(catalog);
        services.AddSingleton<FeatureManager>();
        services.AddSingleton<IFeatureChecker>(sp => sp.GetRequiredService<FeatureManager>());

        services.AddPortalIdentity(builder.Environment, options.Sessions);
        services.AddPortalAccounts(configuration, builder.Environment);
        Portal.Hosting.Privacy.PrivacyServiceCollectionExtensions.AddPortalPrivacy(services, configuration);
        services.AddPortalLocalization();
        services.AddPortalRateLimits(options.RateLimits);
        services.AddPortalForwardedHeaders(options.ForwardedHeaders);
        services.AddPortalHsts(options.Hsts);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        services.AddPortalRecipes();
        Portal.Hosting.Admin.SiteAdminServiceCollectionExtensions.AddSiteAdmin(services);

        var mvc = services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Portal.Resources.HostStrings)))
            .AddRazorOptions(o => o.ViewLocationExpanders.Add(new ThemeViewLocationExpander()));
        mvc.AddApplicationPart(typeof(ThemeCatalog).Assembly);

        // Bad input (issue 17): every bound value cleaned of NUL and bidi controls; redirects to non-ASCII local
        // addresses percent-encoded instead of a 500 from Kestrel.
        services.PostConfigure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            // The address wins: a posted field named like a route parameter ("code=" on
            // /admin/academy/certificates/{code}/revoke) can no longer replace the route's value (with nothing).
            var route = o.ValueProviderFactories.OfType<Microsoft.AspNetCore.Mvc.ModelBinding.RouteValueProviderFactory>().FirstOrDefault();
            if (route is not null)
            {
                o.ValueProviderFactories.Remove(route);
                o.ValueProviderFactories.Insert(0, route);
            }

            CleaningValueProviderFactory.WrapAll(o);
            o.ModelBinderProviders.Insert(0, new CheckBoxBooleanModelBinderProvider());
        });
        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, BoundedTempDataProvider>());
        services.AddSingleton<Microsoft.AspNetCore.Mvc.Infrastructure.LocalRedirectResultExecutor>();
        services.AddSingleton<Microsoft.AspNetCore.Mvc.Infrastructure.RedirectResultExecutor>();
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.Infrastructure.IActionResultExecutor<Microsoft.AspNetCore.Mvc.LocalRedirectResult>, EncodingLocalRedirectExecutor>());
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.Infrastructure.IActionResultExecutor<Microsoft.AspNetCore.Mvc.RedirectResult>, EncodingRedirectExecutor>());

        var startups = new List<ModuleStartup>();
        foreach (var module in catalog.Modules)
        {
            mvc.AddApplicationPart(module.Assembly);
            foreach (var (_, startupType) in module.Startups)
            {
                startups.Add((ModuleStartup)Activator.CreateInstance(startupType)!);
            }
        }

        var moduleAssemblies = catalog.Modules.Select(m => m.Assembly).ToHashSet();
        mvc.ConfigureApplicationPartManager(parts =>
        {
            parts.FeatureProviders.Remove(parts.FeatureProviders.OfType<Microsoft.AspNetCore.Mvc.Controllers.ControllerFeatureProvider>().Single());
            parts.FeatureProviders.Add(new ModuleControllerFeatureProvider(moduleAssemblies));
            parts.FeatureProviders.Add(new ModuleViewComponentFeatureProvider(moduleAssemblies));
        });

        foreach (var startup in startups.OrderBy(s => s.Order))
        {
            startup.ConfigureServices(services, configuration);
        }

        services.AddSingleton(new ModuleStartups(startups));

        // Null objects for contracts whose module may be absent or switched off.
        services.TryAddScoped<IIndexingQueue, NoSearchIndexingQueue>();
        services.TryAddScoped<INotificationPublisher, UndeliverableNotificationPublisher>();

        services.AddPortalPageCache(options, catalog);

        services.AddSingleton<LivenessMemo>();
        services.AddHealthCheck<PortalHealthCheck>("portal", HealthCheckKind.Liveness);
        services.AddHealthCheck<SiteStateReadinessCheck>("site-state");
        services.AddHttpContextAccessor();
        services.AddSingleton<Portal.Navigation.ISiteLinks, SiteLinks>();
        services.AddPortalHostFiltering(configuration, builder.Environment, options);
        services.AddScoped<Portal.Themes.IShellContext, Portal.Hosting.Shell.ShellContext>();
        services.AddScoped<Portal.Navigation.ILayoutZones, Portal.Hosting.Shell.LayoutZoneService>();
        services.AddUserMenu<Portal.Hosting.Shell.HostUserMenu>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = builder.Environment.IsProduction() ? "__Host-portal.af" : "portal.af";
            o.Cookie.SecurePolicy = builder.Environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "RequestVerificationToken";
        });
        services.AddProblemDetails();
        // The portal's public JSON API (e.g. GET /api/search) is described at /openapi/v1.json.
        services.AddOpenApi(o => o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true);
        // Chinese text stays readable in the HTML instead of becoming &#x…; entities (still HTML-encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return builder;
    }

    /// <summary>Output caching of anonymous pages (<see cref="Portal.Caching.PageCache"/>), its invalidation on every
    /// node, and compression of what carries no secret (<see cref="Portal.Hosting.Caching.SecretFreeCompressionProvider"/>).</summary>
    private static void AddPortalPageCache(this IServiceCollection services, PortalOptions options, ModuleCatalog catalog)
    {
        var generation = new Portal.Hosting.Caching.PageCacheGeneration();
        services.AddOutputCache(o =>
        {
            o.AddPolicy(Portal.Caching.PageCache.AnonymousPage, new Portal.Hosting.Caching.AnonymousPagePolicy(catalog, Microsoft.Extensions.Options.Options.Create(options), generation));
            o.AddPolicy(Portal.Caching.PageCache.AnonymousSearch, new Portal.Hosting.Caching.AnonymousPagePolicy(catalog, Microsoft.Extensions.Options.Options.Create(options), generation, search: true));
            o.SizeLimit = options.PageCache.SizeLimit;
        });
        // Pages and search answers in two bounded memory stores of this node (see PortalOutputCacheStore).
        services.AddSingleton(generation);
        services.AddSingleton(_ => new Portal.Hosting.Caching.PortalOutputCacheStore(generation, options.PageCache.SizeLimit, options.PageCache.SearchSizeLimit));
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>(sp => sp.GetRequiredService<Portal.Hosting.Caching.PortalOutputCacheStore>()));
        services.AddSingleton<Portal.Caching.ILocalPageCache>(sp => sp.GetRequiredService<Portal.Hosting.Caching.PortalOutputCacheStore>());
        services.AddSingleton<Portal.Hosting.Caching.PageCacheInvalidator>();
        services.AddSingleton<Portal.Hosting.Caching.PageCacheWriteInterceptor>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<Portal.Hosting.Caching.PageCacheWriteInterceptor>());

        services.AddResponseCompression(o =>
        {
            // Safe over https only because the provider refuses every response that can carry a secret.
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml", "text/plain"];
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddSingleton<Microsoft.AspNetCore.ResponseCompression.IResponseCompressionProvider, Portal.Hosting.Caching.SecretFreeCompressionProvider>();
    }

    /// <summary>Every node names itself the same (the name is part of every protector's purpose: changing it
    /// invalidates cookies, antiforgery tokens and unsubscribe links).</summary>
    public const string DataProtectionApplicationName = "Portal";

    private static void AddPortalIdentity(this IServiceCollection services, IHostEnvironment environment, SessionSettings sessions)
    {
        services.AddIdentity<PortalUser, PortalRole>(o =>
            {
                // ASVS 5.0 V6: length, not composition rules.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<HostDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 210_000);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = environment.IsProduction() ? "__Host-portal.auth" : "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = sessions.IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/access-denied";

            // Server-side sessions: a sign-out ends the session on the server (a copied cookie stops working), and
            // every session ends after Portal:Sessions:AbsoluteLifetime however active (ServerSessions).
            var stampCheck = o.Events.OnValidatePrincipal;
            o.Events.OnSigningIn = ServerSessionEvents.SigningInAsync;
            o.Events.OnSigningOut = ServerSessionEvents.SigningOutAsync;
            o.Events.OnValidatePrincipal = async context =>
            {
                if (await ServerSessionEvents.ValidateAsync(context) && ServerSessionEvents.StampCheckDue(context))
                {
                    await stampCheck(context);
                }
            };
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(5);
            o.OnRefreshingPrincipal = ServerSessionEvents.KeepSessionId;
        });
        services.AddScoped<ServerSessions>();

        // The key ring lives in the site database, shared by every node behind the load balancer (host schema
        // version 2); keys from the old per-node folder are imported once at start-up (DataProtectionKeyImporter).
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<HostDbContext>();

        services.AddSingleton<PermissionCatalog>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddAuthorization();
        services.AddScoped<IPersonDirectory, PersonDirectory>();
        services.AddPermissions<HostPermissions>();
    }

    private static void AddPortalBackgroundTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackgroundTaskOptions>().Bind(configuration.GetSection(BackgroundTaskOptions.Section));
        services.AddSingleton<BackgroundTaskTrigger>();
        services.AddSingleton<Portal.BackgroundTasks.IBackgroundTaskTrigger>(sp => sp.GetRequiredService<BackgroundTaskTrigger>());
        services.AddSingleton<BackgroundTaskNode>();
        services.AddSingleton<BackgroundTaskLocks>();
        services.AddSingleton<BackgroundTaskLog>();
        services.AddSingleton<BackgroundTaskRunner>();
        services.AddSingleton<FirstRequestGate>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundTaskRunner>());
    }

    private static void AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Strings looked up once per culture, and one localizer per resource type for the whole process (a view's
        // @inject IStringLocalizer<T> is otherwise a new object on every page and partial). Replace, not TryAdd: a
        // module's own AddLocalization may have run first.
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, Globalization.CachingStringLocalizerFactory>());
        services.Replace(ServiceDescriptor.Singleton(typeof(IStringLocalizer<>), typeof(StringLocalizer<>)));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = PortalCultures.All.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(PortalCultures.Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }

    private static void AddPortalRateLimits(this IServiceCollection services, RateLimitOptions limits)
    {
        // The limiter runs after authentication (UsePortal), so a signed-in person is counted by user id and never
        // shares a bucket with everyone behind the same address (an office, a proxy); others by client address,
        // which is the real client's once forwarded headers from a known proxy have been applied.
        services.AddSingleton<RegistrationThrottle>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitRejection.WriteAsync;
            o.AddPolicy(RateLimitPolicies.SignIn, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(ctx), _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(RateLimitPolicies.Register, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(ctx), _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(limits.RegistrationAttemptsPerHour, limits.RegistrationsPerHour), Window = TimeSpan.FromHours(1) }));
            o.AddPolicy(RateLimitPolicies.Posting, ctx => limits.PostingIntervalSeconds <= 0
                ? RateLimitPartition.GetNoLimiter("posting-off")
                : RateLimitPartition.GetFixedWindowLimiter(
                    PersonKey(ctx),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromSeconds(limits.PostingIntervalSeconds) }));
            // Search: a token bucket, so a burst (typing, paging, a facet click) passes and only a sustained rate is limited.
            o.AddPolicy(RateLimitPolicies.Search, ctx => UserId(ctx) is { } user
                ? RateLimitPartition.GetTokenBucketLimiter("user:" + user, _ => SearchBucket(limits.SignedInSearchPerSecond, limits.SignedInSearchBurst))
                : RateLimitPartition.GetTokenBucketLimiter(ClientKey(ctx), _ => SearchBucket(limits.AnonymousSearchPerSecond, limits.AnonymousSearchBurst)));
        });

        // Controllers put the sign-in and registration policies on their POST actions only: showing a form is free.
        static string ClientKey(HttpContext ctx) => "ip:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        static string? UserId(HttpContext ctx) => ctx.User.Identity?.IsAuthenticated == true ? ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        static string PersonKey(HttpContext ctx) => UserId(ctx) is { } user ? "user:" + user : ClientKey(ctx);
        static TokenBucketRateLimiterOptions SearchBucket(int perSecond, int burst) => new()
        {
            TokenLimit = Math.Max(Math.Max(1, burst), perSecond),
            TokensPerPeriod = Math.Max(1, perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        };
    }

    /// <summary>Forwarded headers from the configured proxies only (<c>Portal:ForwardedHeaders</c>).</summary>
    private static void AddPortalForwardedHeaders(this IServiceCollection services, ForwardedHeadersSettings settings)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = Math.Max(1, settings.ForwardLimit);
            if (settings.KnownProxies.Length > 0 || settings.KnownNetworks.Length > 0)
            {
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in settings.KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)))
                {
                    o.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                        ? address
                        : throw new InvalidOperationException($"Portal:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
                }

                foreach (var network in settings.KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)))
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed)
                        ? parsed
                        : throw new InvalidOperationException($"Portal:ForwardedHeaders:KnownNetworks: '{network}' is not a network such as 10.0.0.0/24."));
                }
            }
        });
    }

    private static void AddPortalHsts(this IServiceCollection services, HstsSettings settings) =>
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(Math.Max(0, settings.MaxAgeDays));
            o.IncludeSubDomains = settings.IncludeSubDomains;
            o.Preload = settings.Preload;
        });

    /// <summary>Outside Development, when <c>AllowedHosts</c> is not configured, the portal answers only its public
    /// host name (and loopback names for local probes): other Host headers get a 400 before any page is built.</summary>
    private static void AddPortalHostFiltering(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, PortalOptions options)
    {
        if (environment.IsDevelopment() || !string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            return;
        }

        string? baseUrl;
        try
        {
            baseUrl = PublicBaseUrlGuard.Normalize(options.PublicBaseUrl);
        }
        catch (InvalidOperationException)
        {
            return; // PublicBaseUrlGuard stops the start with a clear message.
        }

        if (baseUrl is not null)
        {
            services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o =>
            {
                o.AllowedHosts = PublicBaseUrlGuard.DefaultAllowedHosts(baseUrl);
                o.AllowEmptyHosts = false;
            });
        }
    }

    private static void AddPortalRecipes(this IServiceCollection services)
    {
        services.AddSingleton<RecipeExecutor>();
        services.AddRecipeStep<FeatureStep>();
        services.AddRecipeStep<SettingsStep>();
        services.AddRecipeStep<UsersStep>();
        services.AddPortalCommand<RecipeCommand>();
        services.AddPortalCommand<Portal.Hosting.Data.BackupCommand>();
        services.AddPortalCommand<Portal.Hosting.Data.RestoreCommand>();
    }
}

/// <summary>The module startups, kept to map their routes once the app is built.</summary>
public sealed record ModuleStartups(IReadOnlyList<ModuleStartup> All);
