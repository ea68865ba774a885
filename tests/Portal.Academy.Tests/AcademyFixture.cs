using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Notifications;
using Portal.Content;
using Portal.People;
using Portal.Search;

namespace Portal.Academy.Tests;

/// <summary>A fresh in-memory SQLite site per test (tests never share data).</summary>
internal sealed class AcademySite : ModuleTestSite<AcademyDbContext>
{
    public AcademySite(Dictionary<string, string?>? settings = null)
        : base(TestData.Now, settings)
    {
        Build(services =>
        {
            services.AddSingleton(Clock);
            services.AddSingleton<INotificationPublisher>(Notifications);
            services.AddSingleton<IPersonDirectory>(People);
            services.AddSingleton<IIndexingQueue>(Indexing);
            services.AddSingleton<IMarkdownRenderer, PlainMarkdown>();
            Portal.Hosting.Documents.DocumentsServiceCollectionExtensions.AddPortalDocuments(services, Configuration);
            services.AddAcademyServices(Configuration);
        });
    }

    public RecordingNotificationPublisher Notifications { get; } = new();
    public InMemoryPersonDirectory People { get; } = new(
        new PersonInfo("user-1", "chan@example.org", "陳大文", "chan@example.org", true, "zh-HK", ["Member"]),
        new PersonInfo("user-2", "wong", "Wong Siu Ming", "wong@example.org", true, "en", ["Member"]),
        new PersonInfo("user-3", "lee", "李美玲", "lee@example.org", true, "zh-HK", ["GroupLeader"]));
    public RecordingIndexingQueue Indexing { get; } = new();
}

/// <summary>Strips Markdown markers crudely; the real renderer is the host's (Markdig + HtmlSanitizer).</summary>
internal sealed class PlainMarkdown : IMarkdownRenderer
{
    public string ToSafeHtml(string? markdown) => System.Net.WebUtility.HtmlEncode(markdown ?? "");

    public string ToPlainText(string? markdown) => (markdown ?? "").Replace("#", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
}
