using Microsoft.Extensions.Logging;
using Portal.Caching;

namespace Portal.Search.Services;

/// <summary>
/// Drops this node's cached anonymous search answers (<see cref="PageCache.AnonymousSearch"/>, tag
/// <see cref="PageCache.SearchTag"/>) when what they were computed from changes here: this node's index committed
/// documents (not the database write, which comes before the index catches up: another node's answers go when its own
/// index commits), or the synonym list this node uses changed. Feature switches and site settings drop every cached
/// page, search answers included, on every node (the host does it). No page cache (the module's own tests): nothing.
/// </summary>
internal sealed class SearchAnswerCache(IEnumerable<ILocalPageCache> caches, ILogger<SearchAnswerCache> logger)
{
    private readonly ILocalPageCache[] caches = [.. caches];

    /// <summary>Drops the answers and returns once they are gone (the host's store is in memory: at once).</summary>
    public void Changed()
    {
        foreach (var cache in caches)
        {
            try
            {
                var eviction = cache.EvictAsync(PageCache.SearchTag);
                if (!eviction.IsCompletedSuccessfully)
                {
                    eviction.AsTask().GetAwaiter().GetResult();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The answers still expire (Portal:PageCache:Lifetime); the index update itself succeeded.
                logger.LogError(ex, "Could not drop the cached search answers.");
            }
        }
    }
}
