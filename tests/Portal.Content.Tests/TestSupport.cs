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
}
