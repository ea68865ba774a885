using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Content;
using Portal.Data;
using Portal.Knowledge.Data;
using Portal.Knowledge.Recipes;
using Portal.Knowledge.Services;
using Portal.Search;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Knowledge.Tests;

/// <summary>A fresh in-memory SQLite database and data folder per test: tests never share data.</summary>
internal sealed class TestSite : IDisposable
{
    private readonly SqliteConnection _connection;

    public TestSite(long maxUploadBytes = 1024 * 1024)
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        DataFolder = new TempDataFolder();
        Options = Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions { MaxUploadBytes = maxUploadBytes });
        using var db = NewContext();
        db.Database.EnsureCreated();
    }

    public RecordingIndexingQueue Queue { get; } = new();

    public TempDataFolder DataFolder { get; }

    public IOptions<KnowledgeOptions> Options { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));

    public KnowledgeDbContext NewContext() =>
        new(new DbContextOptionsBuilder<KnowledgeDbContext>().UseSqlite(_connection).Options);

    public ArticleEditor Editor(KnowledgeDbContext db) =>
        new(db, new UploadValidator(Options), new ImageReencoder(Options), DataFolder, Notifier(), Clock, new PlainMarkdown());

    public KnowledgeIndexNotifier Notifier() => new(Queue);

    public KnowledgeSearchSource SearchSource(KnowledgeDbContext db) => new(db, new PlainMarkdown());

    public KnowledgeArticlesStep ArticlesStep(KnowledgeDbContext db) => new(db, Notifier(), Clock);

    public KnowledgeCategoriesStep CategoriesStep(KnowledgeDbContext db) => new(db);

    public void Dispose()
    {
        _connection.Dispose();
        DataFolder.Dispose();
    }
}

internal sealed class TempDataFolder : IDataFolder, IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("kb-tests-").FullName;

    public string GetFolder(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>Stands in for the host's Markdig renderer: strips Markdown marks so tests can see plain text.</summary>
internal sealed partial class PlainMarkdown : IMarkdownRenderer
{
    /// <summary>Quotes nested deeper than this fail, as Markdig's depth limit does ("too deeply nested").</summary>
    public const int MaxDepth = 60;

    public string ToSafeHtml(string? markdown) => "<p>" + System.Net.WebUtility.HtmlEncode(Check(markdown)) + "</p>";

    public string ToPlainText(string? markdown) => Marks().Replace(Check(markdown) ?? string.Empty, string.Empty).Trim();

    private static string? Check(string? markdown) =>
        markdown is not null && markdown.TakeWhile(c => c == '>' || c == ' ').Count(c => c == '>') > MaxDepth
            ? throw new ArgumentException("Markdown elements in the input are too deeply nested - depth limit exceeded.")
            : markdown;

    [GeneratedRegex(@"[#*_`>\[\]]")]
    private static partial Regex Marks();
}
