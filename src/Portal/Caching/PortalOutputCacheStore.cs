using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;
using Portal.Caching;

namespace Portal.Hosting.Caching;

/// <summary>
/// Counts evictions on this node. A policy tags each copy with the count at the start of its request
/// (<see cref="Tag"/>); <see cref="PortalOutputCacheStore"/> keeps a copy only when nothing was evicted since: a page
/// rendered from the data before a change (the old search index, the old rows) and finished after the change dropped
/// the cache would otherwise be kept for a whole lifetime.
/// </summary>
internal sealed class PageCacheGeneration
{
    public const string TagPrefix = "portal.generation:";
    private long _pages;
    private long _search;

    /// <summary>An eviction of <paramref name="tag"/> begins. Dropping <see cref="PageCache.SearchTag"/> (this node's
    /// index committed) concerns search answers only, so pages rendered meanwhile are still kept; any other tag may
    /// concern both (search answers carry the page tags too).</summary>
    public void Advance(string tag)
    {
        Interlocked.Increment(ref _search);
        if (tag != PageCache.SearchTag)
        {
            Interlocked.Increment(ref _pages);
        }
    }

    /// <summary>The tag for a copy whose request starts now: search answers and pages count apart.</summary>
    public string Tag(bool search) => search
        ? TagPrefix + "s" + Interlocked.Read(ref _search).ToString(CultureInfo.InvariantCulture)
        : TagPrefix + "p" + Interlocked.Read(ref _pages).ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether nothing the copy's kind depends on was evicted since its request started.</summary>
    public bool IsCurrent(string tag) => tag == Tag(tag.Length > TagPrefix.Length && tag[TagPrefix.Length] == 's');
}

/// <summary>
/// The output-cache store: two memory stores on this node. Copies tagged <see cref="PageCache.SearchTag"/> (search
/// answers, which depend on this node's own index) go to their own store, bounded by
/// <see cref="PageCacheSettings.SearchSizeLimit"/> so that a flood of distinct queries can never push the pages out
/// (nor grow past it); every other copy to the page store (64 MB). Both are node-local, so
/// <see cref="ILocalPageCache"/> (drop a tag here only) is exact. Should the pages ever move to a store shared by the
/// nodes, search answers must stay in the local one: a node's index commit would otherwise have to drop, or could
/// leave, another node's answers. Evicting any tag advances <see cref="PageCacheGeneration"/> first, and a copy whose
/// request started before an eviction is not stored (checked again after storing, so an eviction running at the same
/// moment cannot leave it behind). The generation tag is kept with the copy, so such a late copy can be dropped
/// with the others of its generation.
/// </summary>
internal sealed class PortalOutputCacheStore : IOutputCacheStore, IOutputCacheBufferStore, ILocalPageCache, IDisposable
{
    private readonly ServiceProvider _pagesHost;
    private readonly ServiceProvider _searchHost;
    private readonly IOutputCacheStore _pages;
    private readonly IOutputCacheStore _search;
    private readonly PageCacheGeneration _generation;

    public PortalOutputCacheStore(PageCacheGeneration generation, long pagesSizeLimit, long searchSizeLimit)
    {
        _generation = generation;
        (_pagesHost, _pages) = MemoryStore(pagesSizeLimit);
        (_searchHost, _search) = MemoryStore(searchSizeLimit);
    }

    /// <summary>The framework's memory store (internal type) with its own size limit, through its public registration.</summary>
    private static (ServiceProvider, IOutputCacheStore) MemoryStore(long sizeLimit)
    {
        var host = new ServiceCollection().AddOutputCache(o => o.SizeLimit = sizeLimit).BuildServiceProvider();
        return (host, host.GetRequiredService<IOutputCacheStore>());
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        await _search.GetAsync(key, cancellationToken) ?? await _pages.GetAsync(key, cancellationToken);

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken) =>
        await TryGetAsync(_search, key, destination, cancellationToken) || await TryGetAsync(_pages, key, destination, cancellationToken);

    private static async ValueTask<bool> TryGetAsync(IOutputCacheStore store, string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (store is IOutputCacheBufferStore buffers)
        {
            return await buffers.TryGetAsync(key, destination, cancellationToken);
        }

        var value = await store.GetAsync(key, cancellationToken);
        if (value is null)
        {
            return false;
        }

        await destination.WriteAsync(value, cancellationToken);
        return true;
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        SetAsync(key, new ReadOnlySequence<byte>(value), tags ?? [], validFor, cancellationToken);

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        string? generationTag = null;
        var search = false;
        foreach (var tag in tags.Span)
        {
            if (tag.StartsWith(PageCacheGeneration.TagPrefix, StringComparison.Ordinal))
            {
                generationTag = tag;
            }

            search |= tag == PageCache.SearchTag;
        }

        if (generationTag is not null && !_generation.IsCurrent(generationTag))
        {
            return;
        }

        var store = search ? _search : _pages;
        if (store is IOutputCacheBufferStore buffers)
        {
            await buffers.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        else
        {
            await store.SetAsync(key, value.ToArray(), tags.ToArray(), validFor, cancellationToken);
        }

        if (generationTag is not null && !_generation.IsCurrent(generationTag))
        {
            // An eviction ran while this copy was being stored and may have missed it: drop every copy whose request
            // started before that eviction (at worst a few that were still right).
            await EvictCoreAsync(generationTag, cancellationToken);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        _generation.Advance(tag);
        await EvictCoreAsync(tag, cancellationToken);
    }

    ValueTask ILocalPageCache.EvictAsync(string tag, CancellationToken cancellationToken) => EvictByTagAsync(tag, cancellationToken);

    private async ValueTask EvictCoreAsync(string tag, CancellationToken cancellationToken)
    {
        await _search.EvictByTagAsync(tag, cancellationToken);
        await _pages.EvictByTagAsync(tag, cancellationToken);
    }

    public void Dispose()
    {
        _pagesHost.Dispose();
        _searchHost.Dispose();
    }
}
