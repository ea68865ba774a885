using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Search.Data;
using Portal.Search.Indexing;
using Portal.Search.Querying;
using Portal.Search.Services;

namespace Portal.Search.Tests;

internal sealed class TempFolder : IDisposable
{
    public TempFolder() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "portal-search-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed class TestDataFolder(string root) : IDataFolder
{
    public string Root { get; } = root;

    public string GetFolder(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}

internal sealed class SqliteTestDatabase(string file) : IPortalDatabase
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public void Configure(DbContextOptionsBuilder options) => options.UseSqlite($"Data Source={file};Pooling=False");
}

/// <summary>Stands in for a module's content (its database). Shared between "nodes" in multi-node tests.</summary>
internal sealed class FakeSource(string name = "test") : ISearchDocumentSource
{
    private readonly ConcurrentDictionary<string, SearchDocument> items = new();

    public string Source => name;

    /// <summary>The owning feature (the test stands in for a module's assembly attribute).</summary>
    public string? FeatureId { get; init; }

    /// <summary>Items whose reading throws this (a poison item, or a database outage when transient).</summary>
    public ConcurrentDictionary<string, Exception> Failing { get; } = new();

    public int GetCalls;

    public void Put(SearchDocument document) => items[document.Id] = document;

    public void Remove(string id) => items.TryRemove(id, out _);

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items.Values.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            await Task.Yield();
            yield return item;
        }
    }

    public Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref GetCalls);
        var id = itemId.StartsWith(name + ":", StringComparison.Ordinal) ? itemId : name + ":" + itemId;
        if (Failing.TryGetValue(id, out var failure))
        {
            throw failure;
        }

        return Task.FromResult(items.GetValueOrDefault(id));
    }

    public static SearchDocument Doc(
        string id,
        string title,
        string body,
        SearchVisibility? visibility = null,
        string culture = "zh-HK",
        string? category = null,
        DateTimeOffset? updated = null,
        string source = "test") => new()
    {
        Id = source + ":" + id,
        Type = source,
        Culture = culture,
        Title = title,
        Body = body,
        Url = "/items/" + id,
        UpdatedUtc = updated ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Visibility = visibility ?? SearchVisibility.Public,
        Facets = category is null
            ? new Dictionary<string, IReadOnlyList<string>>()
            : new Dictionary<string, IReadOnlyList<string>> { ["category"] = [category] },
    };
}

/// <summary>Grants community audiences, as the forum module would.</summary>
internal sealed class CommunityAudienceProvider : IAudienceProvider
{
    public Task<IEnumerable<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        Task.FromResult<IEnumerable<string>>([.. user.FindAll("community").Select(c => "community:" + c.Value)]);
}

/// <summary>The module's services as the host would compose them, on a temporary data folder and SQLite file.</summary>
internal sealed class SearchTestHost : IAsyncDisposable
{
    private readonly ServiceProvider services;

    public SearchTestHost(string dataFolder, string databaseFile, params ISearchDocumentSource[] sources)
        : this(dataFolder, databaseFile, _ => { }, sources)
    {
    }

    /// <summary>A host whose <see cref="SearchOptions"/> the test adjusts (e.g. a short log retention).</summary>
    public SearchTestHost(string dataFolder, string databaseFile, Action<SearchOptions> configure, params ISearchDocumentSource[] sources)
        : this(dataFolder, databaseFile, configure, _ => { }, sources)
    {
    }

    /// <summary>A host with extra services (e.g. the host's feature checker).</summary>
    public SearchTestHost(string dataFolder, string databaseFile, Action<SearchOptions> configure, Action<IServiceCollection> extra, params ISearchDocumentSource[] sources)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<IDataFolder>(new TestDataFolder(dataFolder));
        collection.AddSingleton<IPortalDatabase>(new SqliteTestDatabase(databaseFile));
        collection.AddSearchCore();
        collection.Configure<SearchOptions>(o => o.LogSettleDelay = TimeSpan.Zero);
        collection.Configure(configure);
        collection.AddSingleton<IAudienceProvider, CommunityAudienceProvider>();
        extra(collection);
        foreach (var source in sources)
        {
            collection.AddSingleton(source);
        }

        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<SearchDbContext>().Database.EnsureCreated();
    }

    public IServiceProvider Services => services;

    public SearchIndex Index => services.GetRequiredService<SearchIndex>();

    public IndexUpdater Updater => services.GetRequiredService<IndexUpdater>();

    public SearchQueryService Query => services.GetRequiredService<SearchQueryService>();

    public QueryRecorder Recorder => services.GetRequiredService<QueryRecorder>();

    public async Task EnqueueAsync(string source, params string[] itemIds)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IIndexingQueue>()
            .EnqueueAsync([.. itemIds.Select(i => new IndexChange(source, i))]);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task<IReadOnlyCollection<string>> AudiencesAsync(ClaimsPrincipal user) =>
        await WithScopeAsync(sp => sp.GetRequiredService<AudienceResolver>().GetAudiencesAsync(user, CancellationToken.None));

    public async Task<SearchResult> SearchAsync(string query, ClaimsPrincipal? user = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, SearchSort sort = SearchSort.Relevance, int page = 1, int pageSize = 10)
    {
        var audiences = await AudiencesAsync(user ?? Anonymous);
        return await Query.SearchAsync(
            new SearchRequest { Query = query, Filters = filters ?? new Dictionary<string, IReadOnlyList<string>>(), Sort = sort, Page = page, PageSize = pageSize },
            audiences);
    }

    public static ClaimsPrincipal Anonymous { get; } = new(new ClaimsIdentity());

    public static ClaimsPrincipal User(string id, string[]? roles = null, string[]? communities = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id) };
        claims.AddRange((roles ?? []).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange((communities ?? []).Select(c => new Claim("community", c)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

/// <summary>A fresh data folder, database and host with the given documents indexed by a full rebuild.</summary>
internal sealed class IndexedCorpus : IAsyncDisposable
{
    private readonly TempFolder folder = new();

    private IndexedCorpus(FakeSource source)
    {
        Source = source;
        Host = new SearchTestHost(Path.Combine(folder.Path, "data"), Path.Combine(folder.Path, "portal.db"), source);
    }

    public FakeSource Source { get; }

    public SearchTestHost Host { get; }

    public static async Task<IndexedCorpus> CreateAsync(params SearchDocument[] documents)
    {
        var source = new FakeSource();
        foreach (var document in documents)
        {
            source.Put(document);
        }

        var corpus = new IndexedCorpus(source);
        await corpus.Host.Updater.EnsureReadyAsync(CancellationToken.None);
        return corpus;
    }

    /// <summary>Adds synonym groups (one line each, as staff type them) and applies them at once.</summary>
    public async Task AddSynonymsAsync(params string[] lines)
    {
        await Host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SearchDbContext>();
            foreach (var line in lines)
            {
                db.Synonyms.Add(Portal.Search.Models.SynonymGroup.TryCreate(line, DateTimeOffset.UtcNow)!);
            }

            await db.SaveChangesAsync();
            sp.GetRequiredService<SynonymCache>().Invalidate();
            return 0;
        });
    }

    /// <summary>Searches as an anonymous reader on a page in <paramref name="culture"/>.</summary>
    public Task<SearchResult> SearchAsync(string query, string? culture, int pageSize = 10) =>
        Host.Query.SearchAsync(new SearchRequest { Query = query, Culture = culture, PageSize = pageSize, Log = false }, [SearchVisibility.PublicAudience]);

    public async Task<IReadOnlyList<string>> RankedIdsAsync(string query, string? culture = null) =>
        [.. (await SearchAsync(query, culture, 50)).Hits.Select(h => h.Id.Replace("test:", "", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        folder.Dispose();
    }
}
