using System.Security.Claims;
using Portal.Search.Querying;

namespace Portal.Search.Services;

/// <summary>The module's search facade: searches everything the given person may open.</summary>
public interface ISearchService
{
    Task<SearchResult> SearchAsync(SearchRequest request, ClaimsPrincipal user, CancellationToken cancellationToken = default);
}

/// <summary>Staff facade: synonym list, query reports, index status and rebuild.</summary>
public interface ISearchAdministration
{
    Task<IReadOnlyList<SynonymRow>> GetSynonymsAsync(CancellationToken cancellationToken);

    Task<bool> AddSynonymAsync(string line, CancellationToken cancellationToken);

    Task<bool?> UpdateSynonymAsync(long id, string line, CancellationToken cancellationToken);

    Task<bool> DeleteSynonymAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<QueryReportRow>> GetTopQueriesAsync(int days, int take, bool zeroHitsOnly, CancellationToken cancellationToken);

    Task<IndexStatus> GetStatusAsync(CancellationToken cancellationToken);

    bool StartRebuild();
}

internal sealed class PortalSearchService(SearchQueryService search, AudienceResolver audiences) : ISearchService
{
    public async Task<SearchResult> SearchAsync(SearchRequest request, ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        await search.SearchAsync(request, await audiences.GetAudiencesAsync(user, cancellationToken), cancellationToken);
}
