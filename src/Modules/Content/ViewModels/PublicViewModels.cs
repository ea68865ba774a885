using Portal.Content.Models;

namespace Portal.Content.ViewModels;

public sealed record PageView(string Slug, LocalizedText Title, string Html, DateTimeOffset UpdatedUtc);

public sealed record NewsSummaryView(string Slug, LocalizedText Title, string Summary, DateOnly PublishDate);

public sealed record NewsView(string Slug, LocalizedText Title, string Summary, string Html, DateOnly PublishDate);

public sealed record NewsListView(IReadOnlyList<NewsSummaryView> Items, int Page, int TotalPages);

/// <summary>The home page: its page text, the latest news and the modules' tiles (from <c>ILayoutZones</c>).</summary>
public sealed record HomeView(PageView? Page, IReadOnlyList<NewsSummaryView> LatestNews, IReadOnlyList<Portal.Navigation.HomeTile> Tiles);
