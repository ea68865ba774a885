using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.BackgroundTasks;
using Portal.Caching;
using Portal.Commands;
using Portal.Data;
using Portal.Metrics;
using Portal.Navigation;
using Portal.Notifications;
using Portal.Privacy;
using Portal.Search;
using Portal.Security;

namespace Portal.Modules;

/// <summary>
/// The one way a module registers what it brings to the portal (with <c>AddRecipeStep&lt;T&gt;</c> and
/// <c>AddPortalDbContext&lt;T&gt;</c>). Each helper is idempotent: registering the same class twice adds it once.
/// </summary>
public static class ModuleServiceCollectionExtensions
{
    /// <summary>The module's permissions and the roles that get them by default.</summary>
    public static IServiceCollection AddPermissions<T>(this IServiceCollection services)
        where T : class, IPermissionProvider =>
        services.AddEnumerable<IPermissionProvider, T>(ServiceLifetime.Singleton);

    /// <summary>Items of the admin menu.</summary>
    public static IServiceCollection AddAdminMenu<T>(this IServiceCollection services)
        where T : class, IAdminMenuProvider =>
        services.AddEnumerable<IAdminMenuProvider, T>(ServiceLifetime.Scoped);

    /// <summary>Links in the signed-in person's menu.</summary>
    public static IServiceCollection AddUserMenu<T>(this IServiceCollection services)
        where T : class, IUserMenuProvider =>
        services.AddEnumerable<IUserMenuProvider, T>(ServiceLifetime.Scoped);

    /// <summary>Tiles on the home page.</summary>
    public static IServiceCollection AddHomeTiles<T>(this IServiceCollection services)
        where T : class, IHomeTileProvider =>
        services.AddEnumerable<IHomeTileProvider, T>(ServiceLifetime.Scoped);

    /// <summary>Links of the site's main menu (the content module keeps the editable menu).</summary>
    public static IServiceCollection AddMainMenu<T>(this IServiceCollection services)
        where T : class, IMainMenuSource =>
        services.AddEnumerable<IMainMenuSource, T>(ServiceLifetime.Scoped);

    /// <summary>View components shown in layout zones (header, account bar, footer).</summary>
    public static IServiceCollection AddZoneWidgets<T>(this IServiceCollection services)
        where T : class, IZoneWidgetProvider =>
        services.AddEnumerable<IZoneWidgetProvider, T>(ServiceLifetime.Singleton);

    /// <summary>Searchable content: the search module rebuilds from it and loads items named in the indexing log.</summary>
    public static IServiceCollection AddSearchSource<T>(this IServiceCollection services)
        where T : class, ISearchDocumentSource =>
        services.AddEnumerable<ISearchDocumentSource, T>(ServiceLifetime.Scoped);

    /// <summary>Names of the module's search types and facet values in both languages.</summary>
    public static IServiceCollection AddSearchLabels<T>(this IServiceCollection services)
        where T : class, ISearchLabelProvider =>
        services.AddEnumerable<ISearchLabelProvider, T>(ServiceLifetime.Scoped);

    /// <summary>Hears of the requests this node answered from the page cache under one policy (a singleton).</summary>
    public static IServiceCollection AddPageCacheHitListener<T>(this IServiceCollection services)
        where T : class, Portal.Caching.IPageCacheHitListener =>
        services.AddEnumerable<Portal.Caching.IPageCacheHitListener, T>(ServiceLifetime.Singleton);

    /// <summary>Audiences a person holds for search visibility (e.g. the communities they belong to).</summary>
    public static IServiceCollection AddAudienceProvider<T>(this IServiceCollection services)
        where T : class, IAudienceProvider =>
        services.AddEnumerable<IAudienceProvider, T>(ServiceLifetime.Scoped);

    /// <summary>The module's part of a person's data export and account erasure (PDPO).</summary>
    public static IServiceCollection AddPersonalData<T>(this IServiceCollection services)
        where T : class, IPersonalDataProvider =>
        services.AddEnumerable<IPersonalDataProvider, T>(ServiceLifetime.Scoped);

    /// <summary>The kinds of personal data staff can open in the module, for the audit trail (<see cref="IPersonalDataAccessLog"/>).</summary>
    public static IServiceCollection AddAuditedAreas<T>(this IServiceCollection services)
        where T : class, IAuditedAreaProvider =>
        services.AddEnumerable<IAuditedAreaProvider, T>(ServiceLifetime.Singleton);

    /// <summary>The kinds of notification the module sends, with their default wording.</summary>
    public static IServiceCollection AddNotificationKinds<T>(this IServiceCollection services)
        where T : class, INotificationKindProvider =>
        services.AddEnumerable<INotificationKindProvider, T>(ServiceLifetime.Singleton);

    /// <summary>The module's figures for the impact dashboard.</summary>
    public static IServiceCollection AddMetricsSource<T>(this IServiceCollection services)
        where T : class, IMetricsSource =>
        services.AddEnumerable<IMetricsSource, T>(ServiceLifetime.Scoped);

    /// <summary>A command-line verb (<c>dotnet run --project src/Portal -- verb ...</c>).</summary>
    public static IServiceCollection AddPortalCommand<T>(this IServiceCollection services)
        where T : class, IPortalCommand =>
        services.AddEnumerable<IPortalCommand, T>(ServiceLifetime.Singleton);

    /// <summary>A schema change after version 1 of the module's tables.</summary>
    public static IServiceCollection AddModuleMigration<TContext, TMigration>(this IServiceCollection services)
        where TContext : DbContext
        where TMigration : class, IModuleMigration<TContext> =>
        services.AddEnumerable<IModuleMigration<TContext>, TMigration>(ServiceLifetime.Singleton);

    /// <summary>
    /// Work the host runs every <paramref name="interval"/> while <paramref name="featureId"/> is enabled
    /// (resolved in a fresh scope each run).
    /// </summary>
    public static IServiceCollection AddBackgroundTask<T>(
        this IServiceCollection services, string name, string featureId, TimeSpan interval, bool singleNode = false)
        where T : class, IBackgroundTask =>
        services.AddBackgroundTask<T>(name, featureId, _ => interval, singleNode);

    /// <summary>As above, with an interval read when each run ends (e.g. from the module's options).</summary>
    public static IServiceCollection AddBackgroundTask<T>(
        this IServiceCollection services, string name, string featureId, Func<IServiceProvider, TimeSpan> interval, bool singleNode = false)
        where T : class, IBackgroundTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(featureId);
        services.TryAddScoped<T>();
        services.AddSingleton(new BackgroundTaskDescriptor(name, featureId, typeof(T), interval, singleNode));
        return services;
    }

    /// <summary>
    /// A health check of the module's own state, named <paramref name="name"/> (unique across the site), resolved from
    /// the container for each probe (register what it needs as usual). A <see cref="HealthCheckKind.Readiness"/> check
    /// (the default) answers <c>/health/ready</c> only; a <see cref="HealthCheckKind.Liveness"/> check answers
    /// <c>/health</c> too. Registering the same check again changes nothing; another check under the same name is refused.
    /// </summary>
    public static IServiceCollection AddHealthCheck<T>(this IServiceCollection services, string name, HealthCheckKind kind = HealthCheckKind.Readiness)
        where T : class, IHealthCheck
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var registration = new ModuleHealthCheck(name, typeof(T), kind);
        var earlier = services.Where(d => d.ServiceType == typeof(ModuleHealthCheck) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance).OfType<ModuleHealthCheck>().FirstOrDefault(c => c.Name == name);
        if (earlier is not null)
        {
            return earlier == registration ? services
                : throw new InvalidOperationException($"The health check '{name}' ({typeof(T).Name}) clashes with {earlier.CheckType.Name} registered before under that name.");
        }

        services.AddSingleton(registration);
        services.TryAddTransient<T>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(name, sp => sp.GetRequiredService<T>(), failureStatus: null,
            tags: kind == HealthCheckKind.Readiness ? [PortalHealth.ReadyTag] : []));
        return services;
    }

    /// <summary>
    /// A small answer cached per person (<see cref="PersonCache{T}"/>, a singleton), dropped on every node through
    /// the cluster channel <paramref name="channel"/> and kept at most <paramref name="lifetime"/>. <typeparamref name="T"/>
    /// is the module's own sealed <c>[ImmutableObject(true)]</c> type; one channel belongs to one cache.
    /// </summary>
    public static IServiceCollection AddPersonCache<T>(this IServiceCollection services, string channel, TimeSpan lifetime)
        where T : class
    {
        var options = new PersonCacheOptions<T>(channel, lifetime);
        foreach (var registered in services.Where(d => d.ServiceType == typeof(PersonCacheOptions) && !d.IsKeyedService)
                     .Select(d => d.ImplementationInstance).OfType<PersonCacheOptions>())
        {
            if (registered.ValueType == typeof(T) && registered.Channel == channel && registered.Lifetime == lifetime)
            {
                return services;
            }

            if (registered.ValueType == typeof(T) || registered.Channel == channel)
            {
                throw new InvalidOperationException(
                    $"The person cache of {typeof(T).Name} on '{channel}' clashes with the one of {registered.ValueType.Name} on '{registered.Channel}'.");
            }
        }

        services.AddSingleton<PersonCacheOptions>(options);
        services.AddSingleton(options);
        services.TryAddSingleton<PersonCache<T>>();
        return services;
    }

    private static IServiceCollection AddEnumerable<TService, TImplementation>(this IServiceCollection services, ServiceLifetime lifetime)
        where TService : class
        where TImplementation : class, TService
    {
        services.TryAddEnumerable(ServiceDescriptor.Describe(typeof(TService), typeof(TImplementation), lifetime));
        return services;
    }
}

/// <summary>A module's health check as <c>AddHealthCheck&lt;T&gt;</c> registered it (one per name).</summary>
public sealed record ModuleHealthCheck(string Name, Type CheckType, HealthCheckKind Kind);
