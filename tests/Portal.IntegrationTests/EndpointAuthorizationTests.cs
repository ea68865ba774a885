using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;
using Portal.Security;

namespace Portal.IntegrationTests;

/// <summary>
/// Every endpoint states who may use it, and the answer is enforced: each parameterless GET endpoint is requested
/// anonymously and as each role, and must let in exactly the roles its policy grants.
/// </summary>
public sealed class EndpointAuthorizationTests(PortalSite site) : IClassFixture<PortalSite>
{
    private static readonly string[] Anonymous = ["(anonymous)"];

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        [.. site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    [Fact]
    public void Every_endpoint_declares_authorize_or_allow_anonymous()
    {
        _ = site.CreateClient();
        var undeclared = Endpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName)
            .ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public async Task Each_role_reaches_exactly_the_pages_its_permissions_allow()
    {
        _ = site.CreateClient();
        var catalog = site.Services.GetRequiredService<PermissionCatalog>();
        var pages = Endpoints()
            .Where(e => e.RoutePattern.Parameters.Count == 0)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false)
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains("sign-out", StringComparison.OrdinalIgnoreCase))
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Rule: Rule(e)))
            .DistinctBy(p => p.Path)
            .ToList();
        Assert.NotEmpty(pages);

        var problems = new List<string>();
        foreach (var who in Anonymous.Concat(PortalRoles.All))
        {
            using var client = who == Anonymous[0] ? site.CreateBrowser() : await site.SignInAsync(RoleUser(who));
            foreach (var (path, rule) in pages)
            {
                using var response = await client.GetAsync(path);
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.ToString() ?? string.Empty;
                var refused = status is 401 or 403 || location.Contains("/account/sign-in", StringComparison.OrdinalIgnoreCase) || location.Contains("/account/access-denied", StringComparison.OrdinalIgnoreCase);
                var shouldPass = rule.Allows(who, catalog);
                if (status >= 500)
                {
                    problems.Add($"{who} GET {path}: {status}");
                }
                else if (shouldPass && refused)
                {
                    problems.Add($"{who} GET {path}: refused ({status} {location}) but the policy allows it");
                }
                else if (!shouldPass && !refused && status != 404)
                {
                    problems.Add($"{who} GET {path}: allowed ({status}) but the policy refuses it");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("/admin/impact", "ViewImpact")]
    [InlineData("/admin/impact/export.csv", "ViewImpact")]
    [InlineData("/admin/impact/report.pdf", "ViewImpact")]
    [InlineData("/admin/impact/targets", "ManageImpactTargets")]
    [InlineData("/impact", null)]
    public void The_impact_routes_are_in_the_matrix_with_their_permissions(string path, string? permission)
    {
        _ = site.CreateClient();
        var endpoint = Endpoints().Single(e => "/" + e.RoutePattern.RawText?.TrimStart('/') == path
            && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false));
        var rule = Rule(endpoint);
        Assert.Equal(permission is null, rule.Anonymous);
        if (permission is not null)
        {
            Assert.Contains(permission, rule.Permissions);
        }
    }

    [Theory]
    [InlineData("/admin/academy/certificate-preview")]
    [InlineData("/admin/academy/certificate-preview.png")]
    [InlineData("/admin/academy/certificate-preview.pdf")]
    public void The_certificate_preview_routes_are_in_the_matrix_for_academy_staff(string path)
    {
        _ = site.CreateClient();
        var endpoint = Endpoints().Single(e => "/" + e.RoutePattern.RawText?.TrimStart('/') == path
            && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false));
        var rule = Rule(endpoint);
        Assert.False(rule.Anonymous);
        Assert.Contains("ManageAcademy", rule.Permissions);
    }

    [Theory]
    [InlineData("/admin/audit")]
    [InlineData("/admin/audit.csv")]
    public void The_audit_trail_routes_are_in_the_matrix_for_administrators_only(string path)
    {
        _ = site.CreateClient();
        var endpoint = Endpoints().Single(e => "/" + e.RoutePattern.RawText?.TrimStart('/') == path
            && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false));
        var rule = Rule(endpoint);
        Assert.False(rule.Anonymous);
        Assert.Equal(["ViewAuditTrail"], rule.Permissions);
        var catalog = site.Services.GetRequiredService<PermissionCatalog>();
        Assert.Equal([PortalRoles.Administrator], PortalRoles.All.Where(r => rule.Allows(r, catalog)));
    }

    private static string RoleUser(string role) => role switch
    {
        PortalRoles.Administrator => "admin",
        PortalRoles.Staff => "staff",
        PortalRoles.GroupLeader => "leader",
        PortalRoles.Mentor => "mentor",
        PortalRoles.Member => "member",
        PortalRoles.Partner => "partner",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private static AccessRule Rule(RouteEndpoint endpoint)
    {
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Count == 0 || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return new AccessRule(Anonymous: true, Permissions: [], Roles: []);
        }

        var permissions = authorize.Select(a => a.Policy).OfType<string>()
            .Where(p => p.StartsWith(Permission.PolicyPrefix, StringComparison.Ordinal))
            .Select(p => p[Permission.PolicyPrefix.Length..]).ToList();
        var roles = authorize.Select(a => a.Roles).OfType<string>().SelectMany(r => r.Split(',', StringSplitOptions.TrimEntries)).ToList();
        return new AccessRule(Anonymous: false, permissions, roles);
    }

    private sealed record AccessRule(bool Anonymous, IReadOnlyList<string> Permissions, IReadOnlyList<string> Roles)
    {
        public bool Allows(string who, PermissionCatalog catalog)
        {
            if (Anonymous)
            {
                return true;
            }

            if (who == EndpointAuthorizationTests.Anonymous[0])
            {
                return false;
            }

            var roles = who == PortalRoles.GroupLeader || who == PortalRoles.Mentor ? [who, PortalRoles.Member] : new[] { who };
            return (Roles.Count == 0 || Roles.Intersect(roles).Any()) &&
                Permissions.All(p => roles.Contains(PortalRoles.Administrator) || catalog.RolesHolding(p).Intersect(roles).Any());
        }
    }
}
