using Portal.Content.Models;

namespace Portal.Content.ViewModels;

public sealed record PageView(string Slug, LocalizedText Title, string Html, DateTimeOffset UpdatedUtc);

public sealed record NewsSummaryView(string Slug, LocalizedText Title, string Summary, DateOnly PublishDate);

public sealed record NewsView(string Slug, LocalizedText Title, string Summary, string Html, DateOnly PublishDate);

public sealed record NewsListView(IReadOnlyList<NewsSummaryView> Items, int Page, int TotalPages);

/// <summary>A link on the home page into a module, shown only while the module's feature is on.</summary>
public sealed record ModuleLink(string FeatureId, string Url, string Title, string Description);

public sealed record HomeView(PageView? Page, IReadOnlyList<NewsSummaryView> LatestNews, IReadOnlyList<ModuleLink> ModuleLinks);
