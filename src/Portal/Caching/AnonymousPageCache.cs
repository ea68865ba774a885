using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Portal.Caching;
using Portal.Clustering;
using Portal.Hosting.Modules;
using Portal.Hosting.Shell;

namespace Portal.Hosting.Caching;

/// <summary>
/// The <see cref="PageCache.AnonymousPage"/> policy: GET/HEAD from someone not signed in (sending no Authorization
/// header and no TempData cookie, which carries a message to show once); one copy per address (path and every query
/// value), language, text size, contrast and Accept-Encoding, tagged <see cref="PageCacheInvalidator.AllTag"/> and
/// with the page's module. A response is stored only when it is a 200 HTML page that sets no cookie and is not marked
/// <c>no-store</c>: a page that renders an antiforgery token (which sets its cookie and <c>no-store</c>), a status
/// message from TempData (which deletes its cookie) or anything personal is never kept.
/// </summary>
/// <remarks>
/// With <c>search</c> (<see cref="PageCache.AnonymousSearch"/>): also JSON (<c>/api/search</c>), tagged
/// <see cref="PageCache.SearchTag"/>, kept in this node's search store (<see cref="PortalOutputCacheStore"/>). A copy
/// served from the cache passes neither the rate limiter nor the endpoint: only requests that reach the search count
/// against the search rate limit (a copy costs no search).
/// </remarks>
internal sealed class AnonymousPagePolicy(ModuleCatalog catalog, IOptions<PortalOptions> options, PageCacheGeneration generation, bool search = false) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var settings = options.Value.PageCache;
        // A TempData cookie carries a message for this person (shown once on the next page): render it.
        var anonymous = http.User.Identity?.IsAuthenticated != true && !request.Headers.ContainsKey("Authorization")
            && !request.Cookies.ContainsKey(Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider.CookieName);
        var attempt = settings.Enabled && anonymous && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = attempt;
        context.AllowCacheStorage = attempt;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = settings.Lifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        // The page is stored as compressed for this request (compression runs inside the cache).
        context.CacheVaryByRules.HeaderNames = "Accept-Encoding";
        var (textSize, highContrast) = ShellContext.ReadPreferences(http);
        context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
        context.CacheVaryByRules.VaryByValues["display"] = highContrast ? $"{textSize}c" : textSize.ToString(CultureInfo.InvariantCulture);

        context.Tags.Add(PageCacheInvalidator.AllTag);
        context.Tags.Add(generation.Tag(search));
        if (search)
        {
            context.Tags.Add(PageCache.SearchTag);
        }

        if (PageCacheInvalidator.ModuleOfEndpoint(http.GetEndpoint(), catalog) is { } module)
        {
            context.Tags.Add(PageCacheInvalidator.ModuleTag(module));
        }

        return ValueTask.CompletedTask;
    }

    private IPageCacheHitListener[]? _listeners;

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // The endpoint does not run for a copy: tell whoever counts its requests (singletons, resolved once).
        var policy = search ? PageCache.AnonymousSearch : PageCache.AnonymousPage;
        _listeners ??= [.. context.HttpContext.RequestServices.GetServices<IPageCacheHitListener>().Where(l => l.Policy == policy)];
        foreach (var listener in _listeners)
        {
            listener.Served(context.HttpContext);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey("Set-Cookie")
            || response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase)
            || !(response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                || (search && response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true))
            || context.HttpContext.User.Identity?.IsAuthenticated == true)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Drops cached pages: on this node at once, and on every other node through <see cref="IClusterSignal"/> (PostgreSQL
/// LISTEN/NOTIFY, or the SQLite signal rows read twice a second). Publishing to the other nodes is coalesced (one
/// publication in flight, one more queued), so a burst of writes costs at most two signal writes.
/// </summary>
internal sealed class PageCacheInvalidator : IDisposable
{
    public const string AllTag = "pages";
    private const string ChannelPrefix = "pagecache.";

    private readonly IOutputCacheStore _store;
    private readonly IClusterSignal _signal;
    private readonly ILogger<PageCacheInvalidator> _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<string, int> _publishing = new(StringComparer.Ordinal);

    public PageCacheInvalidator(IOutputCacheStore store, IClusterSignal signal, ILogger<PageCacheInvalidator> logger)
    {
        _store = store;
        _signal = signal;
        _logger = logger;
        _subscriptions.Add(signal.Subscribe(ChannelPrefix + AllTag, ct => _store.EvictByTagAsync(AllTag, ct).AsTask()));

        // Feature states and site settings (site name, theme, menus) show on every page.
        _subscriptions.Add(signal.Subscribe(FeatureManager.Channel, ct => _store.EvictByTagAsync(AllTag, ct).AsTask()));
        _subscriptions.Add(signal.Subscribe(Portal.Hosting.Data.SiteSettingsStore.Channel, ct => _store.EvictByTagAsync(AllTag, ct).AsTask()));
    }

    public static string ModuleTag(string moduleId) => "module:" + moduleId;

    public static string? ModuleOfEndpoint(Endpoint? endpoint, ModuleCatalog catalog)
    {
        var action = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>();
        return action is null ? null : ModuleOf(action.ControllerTypeInfo.Assembly, catalog);
    }

    public static string? ModuleOf(System.Reflection.Assembly assembly, ModuleCatalog catalog) =>
        catalog.Modules.FirstOrDefault(m => m.Assembly == assembly)?.Id;

    /// <summary>
    /// A module with cached pages wrote: every cached page is dropped here now and on the other nodes shortly. Every
    /// page, not only the module's own: the layout shows the content module's menu, the home page shows tiles from
    /// other modules, and a page may show another module's data through a contract; a write is rare next to reads,
    /// and a page is rendered again once per language and display setting after it.
    /// </summary>
    public async Task ModuleChangedAsync(CancellationToken cancellationToken)
    {
        await _store.EvictByTagAsync(AllTag, cancellationToken);
        PublishSoon(AllTag);
    }

    private void PublishSoon(string tag)
    {
        // 0: idle, 1: publishing, 2: publishing and another change came in meanwhile.
        if (_publishing.AddOrUpdate(tag, 1, (_, state) => state == 0 ? 1 : 2) != 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    await _signal.PublishAsync(ChannelPrefix + tag);
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException)
                {
                    _logger.LogWarning(ex, "Could not tell the other nodes that pages tagged {Tag} changed.", tag);
                }

                if (_publishing.AddOrUpdate(tag, 0, (_, state) => state == 2 ? 1 : 0) == 0)
                {
                    return;
                }
            }
        });
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }
}

/// <summary>
/// Sees every write (INSERT, UPDATE, DELETE: SaveChanges, ExecuteUpdate, raw SQL) a module's DbContext sends and,
/// once it is committed, drops the cached pages (<see cref="PageCacheInvalidator.ModuleChangedAsync"/>). Writes inside
/// a transaction are remembered until the commit (a copy rendered from the old rows before the commit would otherwise
/// be kept), and also dropped at once in case the transaction is committed outside EF. Only the modules that have
/// cached pages count (content, knowledge base, academy: the content module's menu is on every page): the host's
/// own tables (sessions, keys, task runs, cluster signals) and modules without public pages (search logs, notification
/// queues, forum posts) drop nothing, so their steady background writes do not empty the cache; what such a module
/// shows on a cached page (a home tile) may be up to <c>Portal:PageCache:Lifetime</c> old. A read costs one string
/// comparison.
/// </summary>
internal sealed class PageCacheWriteInterceptor(IServiceProvider services) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentDictionary<Type, bool> _isModule = new();
    private HashSet<string>? _cachedModules;
    private readonly ConditionalWeakTable<DbTransaction, object> _pending = [];

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        await WroteAsync(command, eventData, cancellationToken);
        return result;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        WroteAsync(command, eventData, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await WroteAsync(command, eventData, cancellationToken);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        WroteAsync(command, eventData, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    private Task WroteAsync(DbCommand command, CommandExecutedEventData eventData, CancellationToken cancellationToken)
    {
        if (eventData.Context is not { } context || !IsWrite(command.CommandText) || !IsModule(context.GetType()))
        {
            return Task.CompletedTask;
        }

        if (command.Transaction is { } transaction)
        {
            lock (_pending)
            {
                _pending.AddOrUpdate(transaction, transaction);
            }
        }

        services.GetRequiredService<ILogger<PageCacheWriteInterceptor>>().LogDebug("Page cache dropped: {Context} wrote.", context.GetType().Name);
        return Invalidator.ModuleChangedAsync(cancellationToken);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        TakePending(transaction) ? Invalidator.ModuleChangedAsync(cancellationToken) : Task.CompletedTask;

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        TransactionCommittedAsync(transaction, eventData).GetAwaiter().GetResult();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => TakePending(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TakePending(transaction);
        return Task.CompletedTask;
    }

    private bool TakePending(DbTransaction transaction)
    {
        lock (_pending)
        {
            return _pending.Remove(transaction);
        }
    }

    private PageCacheInvalidator Invalidator => services.GetRequiredService<PageCacheInvalidator>();

    private static bool IsWrite(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        if (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("MERGE", StringComparison.OrdinalIgnoreCase)
            || (text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase)
                && (text.Contains("INSERT ", StringComparison.OrdinalIgnoreCase) || text.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase) || text.Contains("DELETE ", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Whether a DbContext belongs to a module with cached pages (see the class summary).</summary>
    private bool IsModule(Type contextType)
    {
        if (_isModule.TryGetValue(contextType, out var known))
        {
            return known;
        }

        var catalog = services.GetRequiredService<ModuleCatalog>();
        if (PageCacheInvalidator.ModuleOf(contextType.Assembly, catalog) is not { } module)
        {
            return _isModule[contextType] = false;
        }

        // Before the endpoints are mapped (setup at start-up) nothing is cached yet; decide later.
        var cached = CachedModules(catalog);
        return cached is not null && (_isModule[contextType] = cached.Contains(module));
    }

    /// <summary>Modules with at least one endpoint under the anonymous-page policy; null before endpoints are mapped.</summary>
    private HashSet<string>? CachedModules(ModuleCatalog catalog)
    {
        if (_cachedModules is { } known)
        {
            return known;
        }

        var endpoints = services.GetService<EndpointDataSource>()?.Endpoints;
        if (endpoints is null || endpoints.Count == 0)
        {
            return null;
        }

        var modules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetOrderedMetadata<OutputCacheAttribute>().Any(a => a.PolicyName == PageCache.AnonymousPage)
                && PageCacheInvalidator.ModuleOfEndpoint(endpoint, catalog) is { } module)
            {
                modules.Add(module);
            }
        }

        return _cachedModules = modules;
    }
}

/// <summary>
/// Brotli/gzip only where BREACH has nothing to find: static text files (CSS, JavaScript, SVG, JSON: no secrets), and
/// pages and JSON for someone not signed in that set no cookie and are not <c>no-store</c> (the HTML ones are exactly
/// the pages the page cache may keep). A page with an antiforgery token (which sets its cookie and <c>no-store</c>),
/// anything for a signed-in person (the sign-out form carries a token on every page; their own data is a secret too),
/// error pages and any response setting a cookie go out uncompressed, so a
/// secret is never compressed beside text an attacker can reflect into the same response.
/// </summary>
internal sealed class SecretFreeCompressionProvider(IServiceProvider services, IOptions<Microsoft.AspNetCore.ResponseCompression.ResponseCompressionOptions> options)
    : Microsoft.AspNetCore.ResponseCompression.ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context)
    {
        var response = context.Response;
        if (response.Headers.ContainsKey("Set-Cookie")
            || response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (context.User.Identity?.IsAuthenticated == true
            || (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && response.StatusCode != StatusCodes.Status200OK))
        {
            return false;
        }

        return base.ShouldCompressResponse(context);
    }
}
