namespace Portal.Hosting;

/// <summary>The <c>Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The local default of <see cref="DemoPassword"/>; the portal refuses to start in Production while a
    /// demo account still uses it.</summary>
    public const string DefaultDemoPassword = "Demo-Portal-2026!";

    /// <summary>Data folder (database, search index, uploads, keys). Relative paths resolve against the content root.</summary>
    public string DataDir { get; set; } = "App_Data";

    public string ResolveDataDir(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDir) ? DataDir : Path.Combine(contentRoot, DataDir));

    /// <summary>Password given to the demo accounts a recipe creates.</summary>
    public string DemoPassword { get; set; } = DefaultDemoPassword;

    /// <summary>Recipe run on first start of an empty site.</summary>
    public string SetupRecipe { get; set; } = "default.recipe.json";

    /// <summary>Absolute base URL used in e-mails and QR codes when there is no request (e.g. https://portal.example.hk).</summary>
    public string? PublicBaseUrl { get; set; }

    public PortalDatabaseOptions Database { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Which reverse proxies may say who the client is and whether it used https.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public HstsSettings Hsts { get; set; } = new();

    public SessionSettings Sessions { get; set; } = new();

    public PageCacheSettings PageCache { get; set; } = new();

    public RequestQueueSettings RequestQueue { get; set; } = new();

    public MemoryTrimSettings MemoryTrim { get; set; } = new();

    /// <summary><c>Portal:Compression</c>: Brotli/gzip for HTML, CSS, JavaScript and JSON (true by default).</summary>
    public bool Compression { get; set; } = true;
}

/// <summary><c>Portal:PageCache</c>: output caching of anonymous pages (<see cref="Portal.Caching.PageCache"/>).</summary>
public sealed class PageCacheSettings
{
    /// <summary>Off: every page is rendered for every request (for comparison in the benchmark).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a copy is kept at most. Changes drop copies at once; this bounds what no write announces
    /// (something that becomes due with time, such as a scheduled publication).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes of cached pages this node keeps at most (compressed as sent).</summary>
    public long SizeLimit { get; set; } = 64 * 1024 * 1024;

    /// <summary>Bytes of cached search answers (<see cref="Portal.Caching.PageCache.AnonymousSearch"/>) this node keeps
    /// at most, apart from the pages: distinct queries never push the pages out.</summary>
    public long SearchSizeLimit { get; set; } = 16 * 1024 * 1024;
}

/// <summary><c>Portal:RequestQueue</c>: how many pages are built at once, first come first served
/// (<see cref="Portal.Hosting.RequestQueue"/>).</summary>
public sealed class RequestQueueSettings
{
    /// <summary>Off: every request is built as soon as it arrives, all side by side (for comparison in the benchmark).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Pages built at once; 0 (the default): two per core with SQLite, four per core with PostgreSQL.</summary>
    public int ConcurrentRequests { get; set; }

    /// <summary>Requests that may wait for a place; more are refused with 503 and <c>Retry-After</c>.</summary>
    public int QueueLimit { get; set; } = 1000;
}

/// <summary><c>Portal:MemoryTrim</c>: memory given back once the portal has gone quiet
/// (<see cref="Portal.Hosting.IdleMemoryTrimmer"/>).</summary>
public sealed class MemoryTrimSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>How long allocating next to nothing (under 1 MB a second) counts as quiet.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Less held beyond what is used than this is not worth a full collection (SQLite's idle connections and the
    /// C heaps are given back all the same).</summary>
    public int MinimumMegabytes { get; set; } = 32;
}

/// <summary><c>Portal:ForwardedHeaders</c>: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are read only from
/// these proxies (the request's own address must be one of them), so <c>Request.Scheme</c> is https behind a
/// TLS-terminating proxy (secure cookies, antiforgery, HSTS) and rate limits count the client, not the proxy.
/// With nothing configured, only a proxy on the same machine (127.0.0.1, ::1) is trusted.</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses, e.g. <c>["10.0.0.5"]</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>["10.0.0.0/24"]</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may add an entry (1: one proxy in front of the portal).</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary><c>Portal:Hsts</c>: Strict-Transport-Security on https responses outside Development.</summary>
public sealed class HstsSettings
{
    public int MaxAgeDays { get; set; } = 365;

    public bool IncludeSubDomains { get; set; } = true;

    /// <summary>Only once the domain is submitted to the browsers' preload list.</summary>
    public bool Preload { get; set; }
}

/// <summary><c>Portal:Sessions</c>: how long a sign-in lasts.</summary>
public sealed class SessionSettings
{
    /// <summary>Signed out after this long without a request (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Signed out this long after signing in, however active ("remember me" included).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a node trusts its cached answer that a session is still open (sign-out on another node
    /// takes at most this long to reach this one; on the node that signed out it is immediate).</summary>
    public TimeSpan CheckCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class PortalDatabaseOptions
{
    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>How long a starting node waits for PostgreSQL to answer before it gives up (it retries meanwhile).</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Limits per client. Defaults follow Discourse's and SECURITY.md; tests may raise them.</summary>
public sealed class RateLimitOptions
{
    public int SignInPerMinute { get; set; } = 6;
    /// <summary>Accounts created from one address in an hour (only registrations that create an account count, so a
    /// person who mistypes is never locked out).</summary>
    public int RegistrationsPerHour { get; set; } = 3;

    /// <summary>Registration form submissions from one address in an hour, successful or not (a looser limit against
    /// scripted attempts).</summary>
    public int RegistrationAttemptsPerHour { get; set; } = 30;

    /// <summary>One post per this many seconds per person (0: no limit).</summary>
    public int PostingIntervalSeconds { get; set; } = 5;
    /// <summary>Searches per second per client address when anonymous, sustained (a token bucket refilled this much
    /// every second, holding up to <see cref="AnonymousSearchBurst"/>).</summary>
    public int AnonymousSearchPerSecond { get; set; } = 5;

    /// <summary>Searches an anonymous address may make at once: typing a query word by word, paging, a facet click and
    /// going back never come near it.</summary>
    public int AnonymousSearchBurst { get; set; } = 30;

    /// <summary>Searches per second per signed-in person, sustained (counted by user id, not by address).</summary>
    public int SignedInSearchPerSecond { get; set; } = 10;

    /// <summary>Searches a signed-in person may make at once.</summary>
    public int SignedInSearchBurst { get; set; } = 60;
}
