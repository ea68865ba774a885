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
}

public sealed class PortalDatabaseOptions
{
    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";
}

/// <summary>Limits per client. Defaults follow Discourse's and SECURITY.md; tests may raise them.</summary>
public sealed class RateLimitOptions
{
    public int SignInPerMinute { get; set; } = 6;
    public int RegistrationsPerHour { get; set; } = 3;
    public int PostingIntervalSeconds { get; set; } = 5;
    public int AnonymousSearchPerSecond { get; set; } = 2;
}
