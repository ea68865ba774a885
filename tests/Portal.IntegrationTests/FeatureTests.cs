using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Modules;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>Optional features switch at run time: a disabled module's pages answer 404 until it is enabled again.</summary>
public sealed class FeatureTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Theory]
    [InlineData("Academy", "/academy")]
    [InlineData("Knowledge", "/kb")]
    public async Task Disabling_a_feature_hides_its_pages_and_enabling_it_brings_them_back(string feature, string url)
    {
        using var client = site.CreateBrowser();
        var features = site.Services.GetRequiredService<FeatureManager>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        var changed = await features.SetEnabledAsync([feature], enabled: false);
        Assert.Contains(feature, changed);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);

        await features.SetEnabledAsync([feature], enabled: true);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }
}
