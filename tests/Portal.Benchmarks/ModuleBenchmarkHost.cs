using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Notifications;
using Portal.People;
using Portal.Search;

namespace Portal.Benchmarks;

/// <summary>
/// What a module benchmark needs around the module's own services: logging, localisation, authorisation, an empty
/// configuration and the site's database as a SQLite file, with stand-ins for the contracts other modules provide
/// (notifications, indexing and the person directory do nothing; a benchmark replaces any it needs).
/// </summary>
internal static class ModuleBenchmarkHost
{
    public static (ServiceCollection Services, IConfiguration Configuration) Create(string sqlitePath)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        services.AddAuthorizationCore();
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IPortalDatabase>(new FileDatabase($"Data Source={sqlitePath}"));
        services.AddSingleton<INotificationPublisher, NoPublisher>();
        services.AddSingleton<IIndexingQueue, NoIndexing>();
        services.AddSingleton<IPersonDirectory, NoDirectory>();
        services.AddHybridCache();
        services.AddSingleton<Portal.Clustering.IClusterSignal, OneNode>();
        return (services, configuration);
    }

    private sealed class FileDatabase(string connectionString) : IPortalDatabase
    {
        public DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public void Configure(DbContextOptionsBuilder options) => options.UseSqlite(connectionString);
    }

    private sealed class OneNode : Portal.Clustering.IClusterSignal
    {
        public Task PublishAsync(string channel, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler) => new Nothing();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    private sealed class NoPublisher : INotificationPublisher
    {
        public Task PublishAsync(NotificationRequest request, System.Data.Common.DbTransaction? transaction = null, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class NoIndexing : IIndexingQueue
    {
        public Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class NoDirectory : IPersonDirectory
    {
        public Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default) => Task.FromResult<PersonInfo?>(null);

        public Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) => Task.FromResult<PersonInfo?>(null);

        public Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<PersonInfo>>([]);

        public Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<PersonInfo>>([]);
    }
}
