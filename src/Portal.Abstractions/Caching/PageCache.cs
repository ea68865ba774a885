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
}
