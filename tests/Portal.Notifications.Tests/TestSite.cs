using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Portal.Content;
using Portal.Notifications.Data;
using Portal.Notifications.Services;
using Portal.People;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Notifications.Tests;

/// <summary>
/// The module's services over a fresh SQLite file in a temporary folder (one per test), a fake person directory,
/// a hand-moved clock and, when given, a real SMTP server.
/// </summary>
internal sealed class TestSite : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero); // Tuesday 10:00 HKT

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ntf-test-" + Guid.NewGuid().ToString("N"));

    public TestSite(int? smtpPort = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "portal.db"), Pooling = false }.ToString();

        var values = new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "https://portal.test",
            ["Portal:Notifications:PollInterval"] = "00:00:00.100",
            ["Portal:Notifications:RetryBaseDelay"] = "00:00:10",
            ["Portal:Notifications:MaxAttempts"] = "3",
        };
        if (smtpPort is not null)
        {
            values["Portal:Smtp:Host"] = "127.0.0.1";
            values["Portal:Smtp:Port"] = smtpPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values["Portal:Smtp:Security"] = "None";
            values["Portal:Smtp:From"] = "自助組織平台 <noreply@portal.test>";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(Configuration);
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_folder, "keys"))).SetApplicationName("portal-tests");
        services.AddDbContextFactory<NotificationsDbContext>(o => o.UseSqlite(ConnectionString), ServiceLifetime.Scoped);
        services.AddSingleton<IPersonDirectory>(People);
        services.AddSingleton<IMarkdownRenderer, TestMarkdownRenderer>();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Portal.Navigation.ISiteLinks>(new TestSiteLinks(Configuration["Portal:PublicBaseUrl"]!));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationKindProvider, ForumKinds>());
        services.AddHybridCache();
        services.AddSingleton<Portal.Clustering.IClusterSignal>(Signal);
        services.AddNotificationServices(Configuration);
        services.AddSingleton(Trigger);
        services.AddSingleton<Portal.BackgroundTasks.IBackgroundTaskTrigger>(Trigger);
        services.AddScoped<OutboxTask>();
        services.AddScoped<RetentionTask>();
        services.AddSingleton<OutboxLoop>();
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();

        using var scope = Services.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<NotificationsDbContext>>().CreateDbContext();
        db.Database.EnsureCreated();
    }

    public string ConnectionString { get; }

    public TestTaskTrigger Trigger { get; } = new();

    public SingleNodeSignal Signal { get; } = new();

    public IConfiguration Configuration { get; }

    public FakePersonDirectory People { get; } = new();

    public FakeTimeProvider Clock { get; } = new(Start);

    public ServiceProvider Services { get; }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task PublishAsync(NotificationRequest request) =>
        WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<INotificationPublisher>().PublishAsync(request);
            return 0;
        });

    public Task<int> ProcessOutboxAsync() =>
        WithScopeAsync(sp => sp.GetRequiredService<OutboxProcessor>().ProcessDueAsync(CancellationToken.None));

    public Task<int> RunDigestsAsync() =>
        WithScopeAsync(sp => sp.GetRequiredService<DigestJob>().RunAsync(CancellationToken.None));

    public NotificationsDbContext Db() =>
        new(new DbContextOptionsBuilder<NotificationsDbContext>().UseSqlite(ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
