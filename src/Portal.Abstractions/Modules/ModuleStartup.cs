using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Modules;

/// <summary>
/// One per feature (Orchard's <c>Startup</c>): registers the feature's services and maps its endpoints.
/// Services are always registered; endpoints of a disabled feature answer 404 and its menu items are hidden,
/// so features can be switched at run time without a restart.
/// </summary>
public abstract class ModuleStartup
{
    /// <summary>Lower runs first.</summary>
    public virtual int Order => 0;

    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>Maps minimal-API endpoints. MVC controllers in the module assembly are discovered without this.</summary>
    public virtual void Configure(IEndpointRouteBuilder routes)
    {
    }
}

/// <summary>Answers whether a feature is currently enabled on this site.</summary>
public interface IFeatureChecker
{
    bool IsEnabled(string featureId);
}

/// <summary>Metadata the host puts on every endpoint a feature owns.</summary>
public sealed record FeatureEndpointMetadata(string FeatureId);
