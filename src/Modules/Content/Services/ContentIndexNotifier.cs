using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Globalization;
using Portal.Search;

namespace Portal.Content.Services;

/// <summary>Tells the search module which pages and news items changed. A save goes through
/// <see cref="SavePagesAsync"/> or <see cref="SaveNewsAsync"/>: the change and its indexing-log rows commit in one
/// transaction, or neither does (a saved page is never missing from search).</summary>
public sealed class ContentIndexNotifier(IIndexingQueue queue)
{
    /// <summary>Saves <paramref name="db"/>'s changes and queues the pages <paramref name="ids"/> names (read after the
    /// save, so new ids are known) in one transaction.</summary>
    public Task SavePagesAsync(DbContext db, Func<IEnumerable<long>> ids, CancellationToken cancellationToken) =>
        SaveAsync(db, PageSearchSource.SourceName, ids, cancellationToken);

    /// <summary>As <see cref="SavePagesAsync"/>, for news items.</summary>
    public Task SaveNewsAsync(DbContext db, Func<IEnumerable<long>> ids, CancellationToken cancellationToken) =>
        SaveAsync(db, NewsSearchSource.SourceName, ids, cancellationToken);

    /// <summary>Queues news items when nothing was saved (a scheduled date arrived); the rows commit on their own.</summary>
    public Task NewsChangedAsync(IEnumerable<long> ids, CancellationToken cancellationToken) =>
        EnqueueAsync(NewsSearchSource.SourceName, ids, null, cancellationToken);

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

    private async Task SaveAsync(DbContext db, string source, Func<IEnumerable<long>> ids, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await EnqueueAsync(source, ids(), transaction.GetDbTransaction(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private Task EnqueueAsync(string source, IEnumerable<long> ids, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var changes = ids.Distinct()
            .SelectMany(id => PortalCultures.All.Select(culture => new IndexChange(source, ItemId(id, culture))))
            .ToList();
        return changes.Count == 0 ? Task.CompletedTask : queue.EnqueueAsync(changes, transaction, cancellationToken);
    }
}
