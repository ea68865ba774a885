using System.Security.Claims;
using Portal.Search;

namespace Portal.Hosting.Security;

/// <summary>Everyone holds <c>public</c>; a signed-in person also holds <c>authenticated</c>, <c>user:{id}</c> and <c>role:{role}</c>.</summary>
internal sealed class HostAudienceProvider : IAudienceProvider
{
    public Task<IEnumerable<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var audiences = new List<string> { SearchVisibility.PublicAudience };
        if (user.Identity?.IsAuthenticated == true)
        {
            audiences.Add(SearchVisibility.AuthenticatedAudience);
            if (user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id)
            {
                audiences.Add("user:" + id);
            }

            audiences.AddRange(user.FindAll(ClaimTypes.Role).Select(r => "role:" + r.Value));
        }

        return Task.FromResult<IEnumerable<string>>(audiences);
    }
}
