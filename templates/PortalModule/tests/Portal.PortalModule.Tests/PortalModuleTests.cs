using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.PortalModule.Resources;
using Portal.Security;

namespace Portal.PortalModule.Tests;

public sealed class PortalModuleTests
{
    private static IStringLocalizer<PortalModuleStrings> Strings() =>
        new StringLocalizer<PortalModuleStrings>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Theory]
    [InlineData("zh-HK", "新模組")]
    [InlineData("en", "PortalModule")]
    public async Task The_home_tile_links_to_the_public_page_in_the_readers_language(string culture, string title)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var tiles = (await new HomeTiles(Strings()).GetTilesAsync(new ClaimsPrincipal(new ClaimsIdentity()))).ToList();

            var tile = Assert.Single(tiles);
            Assert.Equal(title, tile.Title);
            Assert.Equal("/portalmodule", tile.Url);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Administrators_and_staff_may_manage_the_module_by_default()
    {
        var stereotypes = new Permissions().GetDefaultStereotypes().ToDictionary(s => s.Role, s => s.Permissions);

        Assert.Contains(Permissions.ManagePortalModule, stereotypes[PortalRoles.Administrator]);
        Assert.Contains(Permissions.ManagePortalModule, stereotypes[PortalRoles.Staff]);
        Assert.DoesNotContain(PortalRoles.Member, stereotypes.Keys);
    }
}
