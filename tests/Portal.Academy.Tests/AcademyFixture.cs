using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Data;
using Portal.Notifications;
using Portal.Content;
using Portal.People;
using Portal.Search;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Academy.Tests;

/// <summary>A fresh in-memory SQLite site per test (tests never share data).</summary>
internal sealed class AcademySite : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public AcademySite(Dictionary<string, string?>? settings = null)
    {
        _connection.Open();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IPortalDatabase>(new SqliteDatabase(_connection, Commands));
        services.AddSingleton(Clock);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<INotificationPublisher>(Notifications);
        services.AddSingleton<IPersonDirectory>(People);
        services.AddSingleton<IIndexingQueue>(Indexing);
        services.AddSingleton<IMarkdownRenderer, PlainMarkdown>();
        Portal.Hosting.Documents.DocumentsServiceCollectionExtensions.AddPortalDocuments(services, configuration);
        services.AddAcademyServices(configuration);
        Services = services.BuildServiceProvider();
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Database.EnsureCreated();
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; } = new(TestData.Now);
    public SqlCommandCounter Commands { get; } = new();
    public RecordingPublisher Notifications { get; } = new();
    public FakeDirectory People { get; } = new();
    public RecordingIndexingQueue Indexing { get; } = new();

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed class SqliteDatabase(SqliteConnection connection, SqlCommandCounter counter) : IPortalDatabase
    {
        public DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public void Configure(DbContextOptionsBuilder options) => options.UseSqlite(connection).AddInterceptors(counter);
    }
}

/// <summary>Counts the SQL commands that read (for "no query per learner").</summary>
internal sealed class SqlCommandCounter : DbCommandInterceptor
{
    public int Count;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}

internal sealed class RecordingPublisher : INotificationPublisher
{
    public List<(NotificationRequest Request, bool InTransaction)> Published { get; } = [];

    public Task PublishAsync(NotificationRequest request, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        Published.Add((request, transaction is not null));
        return Task.CompletedTask;
    }
}

internal sealed class FakeDirectory : IPersonDirectory
{
    public List<PersonInfo> People { get; } =
    [
        new("user-1", "chan@example.org", "陳大文", "chan@example.org", true, "zh-HK", ["Member"]),
        new("user-2", "wong", "Wong Siu Ming", "wong@example.org", true, "en", ["Member"]),
        new("user-3", "lee", "李美玲", "lee@example.org", true, "zh-HK", ["GroupLeader"]),
    ];

    public Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(People.FirstOrDefault(p => p.UserId == userId));

    public Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(People.FirstOrDefault(p => string.Equals(p.UserName, userName, StringComparison.OrdinalIgnoreCase)));

    public Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonInfo>>(People.Where(p => userIds.Contains(p.UserId)).ToList());

    public Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonInfo>>(People.Where(p => p.Roles.Contains(role)).ToList());
}

internal sealed class RecordingIndexingQueue : IIndexingQueue
{
    public List<IndexChange> Changes { get; } = [];

    /// <summary>How many calls came with the caller's open transaction.</summary>
    public int WithTransaction { get; private set; }

    /// <summary>Makes the next calls throw, as a failed insert into the indexing log would.</summary>
    public bool Fail { get; set; }

    public Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        if (Fail)
        {
            throw new InvalidOperationException("The indexing log is unavailable (test).");
        }

        if (transaction is not null)
        {
            WithTransaction++;
        }

        Changes.AddRange(changes);
        return Task.CompletedTask;
    }
}

/// <summary>Strips Markdown markers crudely; the real renderer is the host's (Markdig + HtmlSanitizer).</summary>
internal sealed class PlainMarkdown : IMarkdownRenderer
{
    public string ToSafeHtml(string? markdown) => System.Net.WebUtility.HtmlEncode(markdown ?? "");

    public string ToPlainText(string? markdown) => (markdown ?? "").Replace("#", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
}
