using Microsoft.Extensions.Logging;
using Portal.Search;

namespace Portal.Knowledge.Services;

/// <summary>Tells the search module which articles changed. Called only after SaveChanges has committed; a failure
/// here never undoes the change (the index is a cache that a rebuild restores).</summary>
public sealed class KnowledgeIndexNotifier(IEnumerable<IIndexingQueue> queues, ILogger<KnowledgeIndexNotifier> logger)
{
    public async Task ArticlesChangedAsync(IEnumerable<long> articleIds, CancellationToken cancellationToken)
    {
        var changes = articleIds.Distinct()
            .Select(id => new IndexChange(KnowledgeSearchSource.SourceName, id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var queue in queues)
        {
            try
            {
                await queue.EnqueueAsync(changes, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not queue {Count} knowledge article(s) for indexing", changes.Count);
            }
        }
    }
}
