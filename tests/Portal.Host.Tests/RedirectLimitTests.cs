using Microsoft.AspNetCore.Http;
using Portal.Hosting.Security;

namespace Portal.Host.Tests;

/// <summary>A redirect that echoes what was typed never carries an address longer than browsers and proxies accept.</summary>
public sealed class RedirectLimitTests
{
    [Theory]
    [InlineData(302, "/admin/impact?from=", 20000, "/admin/impact")]
    [InlineData(303, "/search?q=", 9000, "/search")]
    [InlineData(302, "https://elsewhere.example/x?y=", 9000, "/")]
    public void A_long_redirect_keeps_its_path_and_drops_the_query(int status, string start, int padding, string expected)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;
        context.Response.Headers.Location = start + new string('照', padding);

        BadRequestMiddleware.LimitRedirect(context);

        Assert.Equal(expected, context.Response.Headers.Location.ToString());
    }

    [Fact]
    public void An_ordinary_redirect_and_other_answers_are_left_alone()
    {
        var redirect = new DefaultHttpContext();
        redirect.Response.StatusCode = 302;
        redirect.Response.Headers.Location = "/kb?tag=" + Uri.EscapeDataString("照顧者");
        BadRequestMiddleware.LimitRedirect(redirect);
        Assert.Equal("/kb?tag=" + Uri.EscapeDataString("照顧者"), redirect.Response.Headers.Location.ToString());

        var ok = new DefaultHttpContext();
        ok.Response.StatusCode = 200;
        ok.Response.Headers.Location = "/x?" + new string('a', 9000);
        BadRequestMiddleware.LimitRedirect(ok);
        Assert.Equal(9003, ok.Response.Headers.Location.ToString().Length);
    }
}
