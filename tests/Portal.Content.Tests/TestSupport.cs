using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Content.Data;
using Portal.Content.Services;
using Portal.Recipes;
using Portal.Search;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Content.Tests;

/// <summary>A fresh in-memory SQLite database per test: tests never share data.</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("DataSource=:memory:");

    public TestDatabase()
    {
        _connection.Open();
        using var db = CreateContext();
        db.Database.EnsureCreated();
    }

    public ContentDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<ContentDbContext>().UseSqlite(_connection).Options);

    public void Dispose() => _connection.Dispose();
}

/// <summary>Stands in for the host's Markdig renderer: enough to tell what was rendered.</summary>
internal sealed class PlainMarkdownRenderer : IMarkdownRenderer
{
    public string ToSafeHtml(string? markdown) => $"<p>{System.Net.WebUtility.HtmlEncode(markdown)}</p>";

    public string ToPlainText(string? markdown) => (markdown ?? string.Empty).Replace("#", string.Empty, StringComparison.Ordinal).Trim();
}

internal static class Tests
{
    /// <summary>27 Nov 2026, 10:00 in Hong Kong.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    public static ContentIndexNotifier Notifier(IIndexingQueue queue) => new(queue);

    public static RecipeExecutionContext RecipeContext() => new() { RecipeFile = "test.recipe.json", BaseDirectory = ".", StepIndex = 0 };

    /// <summary>A menu cache that never keeps anything (every read goes to the database) on a single node.</summary>
    public static MainMenuCache MenuCache() => new(new NoHybridCache(), new SingleNodeSignal());
}

/// <summary>Calls the factory every time: what is read is what the database holds.</summary>
internal sealed class NoHybridCache : Microsoft.Extensions.Caching.Hybrid.HybridCache
{
    public override ValueTask<T> GetOrCreateAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default) =>
        factory(state, cancellationToken);

    public override ValueTask SetAsync<T>(string key, T value, Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public override ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public override ValueTask RemoveByTagAsync(string tag, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
