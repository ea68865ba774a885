using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Navigation;

namespace Portal.Knowledge;

/// <summary>The knowledge base's tile on the home page.</summary>
internal sealed class HomeTiles(IStringLocalizer<KnowledgeStrings> T) : IHomeTileProvider
{
    public string FeatureId => "Knowledge";

    public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<HomeTile>>(
        [
            new(T["Knowledge base"], T["Experience and know-how shared by self-help groups: guides, toolkits and stories."], "/kb", 10),
        ]);
}
