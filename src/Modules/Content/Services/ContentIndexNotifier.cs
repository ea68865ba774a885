using System.Globalization;
using Microsoft.Extensions.Logging;
using Portal.Globalization;
using Portal.Search;

namespace Portal.Content.Services;

/// <summary>Tells the search module which pages and news items changed. Called only after SaveChanges has
/// committed; a failure here never undoes the change (the index is a cache a rebuild restores).</summary>
public sealed class ContentIndexNotifier(IIndexingQueue queue, ILogger<ContentIndexNotifier> logger)
{
    public Task PagesChangedAsync(IEnumerable<long> ids, CancellationToken cancellationToken) =>
        EnqueueAsync(PageSearchSource.SourceName, ids, cancellationToken);

    public Task NewsChangedAsync(IEnumerable<long> ids, CancellationToken cancellationToken) =>
        EnqueueAsync(NewsSearchSource.SourceName, ids, cancellationToken);

    /// <summary>Each item is indexed once per language (item id <c>{id}:{culture}</c>).</summary>
    public static string ItemId(long id, string culture) => string.Create(CultureInfo.InvariantCulture, $"{id}:{culture}");

    public static bool TryParseItemId(string itemId, out long id, out string culture)
    {
        id = 0;
        culture = string.Empty;
        var parts = itemId.Split(':', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out id) || !PortalCultures.All.Contains(parts[1]))
        {
            return false;
        }

        culture = parts[1];
        return true;
    }

    private async Task EnqueueAsync(string source, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var changes = ids.Distinct()
            .SelectMany(id => PortalCultures.All.Select(culture => new IndexChange(source, ItemId(id, culture))))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        try
        {
            await queue.EnqueueAsync(changes, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not queue {Count} {Source} change(s) for indexing", changes.Count, source);
        }
    }
}
