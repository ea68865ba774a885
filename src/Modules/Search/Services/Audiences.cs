using System.Security.Claims;

namespace Portal.Search.Services;

/// <summary>The audiences the module grants from the person's claims: public, authenticated, role:X, user:id.</summary>
internal sealed class ClaimsAudienceProvider : IAudienceProvider
{
    public Task<IEnumerable<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(user));

    internal static IEnumerable<string> Get(ClaimsPrincipal? user)
    {
        var audiences = new List<string> { SearchVisibility.PublicAudience };
        if (user?.Identity?.IsAuthenticated != true)
        {
            return audiences;
        }

        audiences.Add(SearchVisibility.AuthenticatedAudience);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!string.IsNullOrEmpty(id))
        {
            audiences.Add("user:" + id);
        }

        foreach (var identity in user.Identities)
        {
            foreach (var role in identity.FindAll(identity.RoleClaimType))
            {
                audiences.Add("role:" + role.Value);
            }
        }

        return audiences;
    }
}

/// <summary>Collects a person's audiences from every registered <see cref="IAudienceProvider"/> (this module's and other modules', e.g. forum communities).</summary>
internal sealed class AudienceResolver(IEnumerable<IAudienceProvider> providers)
{
    public async Task<IReadOnlyCollection<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var audiences = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            foreach (var audience in await provider.GetAudiencesAsync(user, cancellationToken))
            {
                if (!string.IsNullOrWhiteSpace(audience))
                {
                    audiences.Add(audience);
                }
            }
        }

        // Signed-out visitors always see public items even if no provider is registered.
        audiences.Add(SearchVisibility.PublicAudience);
        return audiences;
    }
}
