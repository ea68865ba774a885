using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Security;

namespace Portal.Host.Tests;

public sealed class InputTextTests
{
    [Theory]
    [InlineData("Chan Tai Man", "Chan Tai Man")]
    [InlineData("a\0b", "ab")]
    [InlineData("admin\u202Egnp.exe", "admingnp.exe")]
    [InlineData("\u2066x\u2069", "x")]
    [InlineData("line one\r\nline two\ttab", "line one\r\nline two\ttab")]
    [InlineData("bell\u0007\u007F", "bell")]
    [InlineData("\uFFFF\uFFFEok\uFDD0", "ok")]
    [InlineData("照顧者 🤝", "照顧者 🤝")]
    public void Clean_removes_controls_bidi_overrides_and_noncharacters(string input, string expected)
    {
        Assert.Equal(expected, InputText.Clean(input));
        Assert.Equal(input != expected, InputText.NeedsCleaning(input));
        _ = InputText.Clean(input).Normalize(System.Text.NormalizationForm.FormKC); // never throws afterwards
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        var input = "a" + (char)0xD800 + "b" + (char)0xDC00;
        Assert.True(InputText.NeedsCleaning(input));
        Assert.Equal("a\uFFFDb\uFFFD", InputText.Clean(input));
        Assert.False(InputText.NeedsCleaning("🤝"));
    }

    [Theory]
    [InlineData("/kb?tag=照顧者", "/kb?tag=%E7%85%A7%E9%A1%A7%E8%80%85")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("/x\r\nSet-Cookie: a=1", "/x%0D%0ASet-Cookie:%20a=1")]
    [InlineData("/kb?tag=%E7%85%A7", "/kb?tag=%E7%85%A7")]
    public void Redirect_addresses_are_percent_encoded(string url, string expected)
    {
        Assert.Equal(expected, RedirectAddress.NeedsEncoding(url) ? RedirectAddress.Encode(url) : url);
    }
}

public sealed class BoundedTempDataTests
{
    [Fact]
    public void A_status_message_quoting_a_huge_input_stays_a_small_cookie()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddControllersWithViews();
        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
        services.AddSingleton<BoundedTempDataProvider>();
        using var provider = services.BuildServiceProvider();
        var tempData = provider.GetRequiredService<BoundedTempDataProvider>();

        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = provider };
        tempData.SaveTempData(context, new Dictionary<string, object> { ["Status"] = "Not found: " + new string('照', 20_000), ["Count"] = 3 });

        var cookies = string.Join("\n", context.Response.Headers.SetCookie.ToArray());
        Assert.InRange(cookies.Length, 1, 8_000);
    }
}
