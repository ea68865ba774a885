using Microsoft.AspNetCore.Http;

namespace Portal.Caching;

/// <summary>
/// Output caching of anonymous pages (issue 16). A module marks a public page with
/// <c>[OutputCache(PolicyName = PageCache.AnonymousPage)]</c>; the host then keeps one copy per address, language,
/// text size and contrast for people who are not signed in, never for a signed-in person, and never a response that
/// sets a cookie or says <c>no-store</c> (a page with an antiforgery form). Every copy is dropped, on every node, as
/// soon as any module writes to its tables (a publish, an edit, a revocation: the host sees the commit, nothing to
/// call) and when features or site settings change; a copy lives at most <c>Portal:PageCache:Lifetime</c> (60 s).
/// </summary>
public static class PageCache
{
    /// <summary>The output-cache policy name for a public page.</summary>
    public const string AnonymousPage = "portal-anonymous-page";

    /// <summary>
    /// The output-cache policy name for an anonymous search answer (an HTML page or JSON): as
    /// <see cref="AnonymousPage"/> (one copy per address with every query value, language, text size, contrast and
    /// encoding; never for or from a signed-in person; dropped with every page), and tagged <see cref="SearchTag"/>.
    /// A search answer depends on this node's own index, which catches up with the database a moment after the
    /// write: it is kept only in this node's memory (bounded by <c>Portal:PageCache:SearchSizeLimit</c>), never in a
    /// store shared with other nodes, and the module that owns the index drops it through
    /// <see cref="ILocalPageCache"/> when that index changes.
    /// </summary>
    public const string AnonymousSearch = "portal-anonymous-search";

    /// <summary>The tag of every cached search answer (<see cref="AnonymousSearch"/>).</summary>
    public const string SearchTag = "search";
}

/// <summary>
/// This node's page cache. For a change that only this node knows of at this moment (its own search index committed,
/// its own cached settings reloaded): other nodes drop their copies on their own change. A copy being rendered while
/// the tag is dropped (from the data before the change) is not kept either.
/// </summary>
public interface ILocalPageCache
{
    /// <summary>Drops every copy tagged <paramref name="tag"/> that this node holds; returns when they are gone.</summary>
    ValueTask EvictAsync(string tag, CancellationToken cancellationToken = default);
}

/// <summary>
/// Told when this node answered a request from the page cache under <see cref="Policy"/>, so the endpoint did not run:
/// for what the endpoint would have counted (the search module's report of frequent queries). Called on the request's
/// thread before the copy is sent: keep it to a few memory operations. Register with
/// <c>AddPageCacheHitListener&lt;T&gt;</c> (a singleton).
/// </summary>
public interface IPageCacheHitListener
{
    /// <summary>The policy whose copies this listener hears of, e.g. <see cref="PageCache.AnonymousSearch"/>.</summary>
    string Policy { get; }

    void Served(HttpContext context);
}
