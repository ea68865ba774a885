using System.Data.Common;
using Portal.Search;

namespace Portal.Knowledge.Services;

/// <summary>Tells the search module which articles changed. Pass the open transaction of the change: the
/// indexing-log row commits with it, or the change rolls back (a saved article is never missing from search).</summary>
public sealed class KnowledgeIndexNotifier(IIndexingQueue queue)
{
    public Task ArticlesChangedAsync(IEnumerable<long> articleIds, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var changes = articleIds.Distinct()
            .Select(id => new IndexChange(KnowledgeSearchSource.SourceName, id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return changes.Count == 0 ? Task.CompletedTask : queue.EnqueueAsync(changes, transaction, cancellationToken);
    }
}
