using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Hosting;
using Portal.Hosting.Identity;
using Portal.Hosting.Recipes;
using Portal.Hosting.Shell;
using Portal.Recipes;
using Portal.Resources;
using Portal.Security;

namespace Portal.Host.Tests;

public sealed class PreferencesTests
{
    private static HttpContext WithCookie(string? value)
    {
        var http = new DefaultHttpContext();
        if (value is not null)
        {
            http.Request.Headers.Cookie = $"{ShellContext.PreferencesCookie}={value}";
        }

        return http;
    }

    [Theory]
    [InlineData(null, 0, false)]
    [InlineData("", 0, false)]
    [InlineData("t=1|c=1", 1, true)]
    [InlineData("t=2|c=0", 2, false)]
    [InlineData("t=9|c=1", 2, true)]
    [InlineData("t=-3", 0, false)]
    [InlineData("t=abc|c=yes", 0, false)]
    [InlineData("c=1", 0, true)]
    [InlineData("garbage||t=1", 1, false)]
    public void Reads_the_preferences_cookie_defensively(string? cookie, int size, bool contrast)
    {
        Assert.Equal((size, contrast), ShellContext.ReadPreferences(WithCookie(cookie)));
    }

    [Fact]
    public void Writes_what_it_reads()
    {
        var http = new DefaultHttpContext();
        ShellContext.WritePreferences(http, 2, highContrast: true);
        var setCookie = http.Response.Headers.SetCookie.ToString();
        var value = Uri.UnescapeDataString(setCookie.Split(';')[0].Split('=', 2)[1]);
        Assert.Equal((2, true), ShellContext.ReadPreferences(WithCookie(value)));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("2", 2)]
    [InlineData("3", null)]
    [InlineData("-1", null)]
    [InlineData(" 1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Text_size_from_a_form_is_0_1_or_2_only(string? value, int? expected) =>
        Assert.Equal(expected, AccountPreferences.ParseTextSize(value));

    [Theory]
    [InlineData("zh-HK", "zh-HK")]
    [InlineData("EN", "en")]
    [InlineData("fr", null)]
    [InlineData("en-GB", null)]
    [InlineData(null, null)]
    public void Culture_from_a_form_is_one_of_the_portal_languages(string? value, string? expected) =>
        Assert.Equal(expected, AccountPreferences.ParseCulture(value));

    [Fact]
    public void Restoring_writes_the_culture_and_preference_cookies()
    {
        var http = new DefaultHttpContext();
        AccountPreferences.Restore(http, new PortalUser { PreferredCulture = "en", TextSize = 1, HighContrast = true });
        var cookies = http.Response.Headers.SetCookie.ToString();
        Assert.Contains(".AspNetCore.Culture=c%3Den%7Cuic%3Den", cookies, StringComparison.Ordinal);
        Assert.Contains("portal.prefs=t%3D1%7Cc%3D1", cookies, StringComparison.Ordinal);
    }
}

public sealed class UsersStepTests
{
    private static List<string> Validate(params UsersStepModel.UserModel[] users)
    {
        var step = new UsersStep(null!, Options.Create(new PortalOptions()), TimeProvider.System, Options.Create(new Portal.Hosting.Privacy.PrivacyNoticeOptions()));
        var context = new RecipeExecutionContext { RecipeFile = "test.recipe.json", BaseDirectory = ".", StepIndex = 0 };
        return [.. step.Validate(new UsersStepModel { Users = [.. users] }, context)];
    }

    [Fact]
    public void Accepts_demo_accounts_with_known_roles() =>
        Assert.Empty(Validate(new UsersStepModel.UserModel { UserName = "member", Email = "member@demo.hk", Roles = [PortalRoles.Member, PortalRoles.Mentor] }));

    [Fact]
    public void Requires_a_user_name_and_an_email()
    {
        Assert.Contains(Validate(new UsersStepModel.UserModel { UserName = "", Email = "x@demo.hk" }), e => e.Contains("userName and an email", StringComparison.Ordinal));
        Assert.Contains(Validate(new UsersStepModel.UserModel { UserName = "x", Email = " " }), e => e.Contains("userName and an email", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_an_unknown_role_and_lists_the_real_ones()
    {
        var error = Assert.Single(Validate(new UsersStepModel.UserModel { UserName = "x", Email = "x@demo.hk", Roles = ["Superuser"] }));
        Assert.Contains("'Superuser'", error, StringComparison.Ordinal);
        Assert.Contains(PortalRoles.GroupLeader, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_accounts_that_are_not_demo_accounts() =>
        Assert.Contains(Validate(new UsersStepModel.UserModel { UserName = "real", Email = "real@example.org", Demo = false }), e => e.Contains("demo", StringComparison.Ordinal));
}

public sealed class AuthenticatorTests
{
    [Fact]
    public void Formats_the_key_in_groups_of_four() =>
        Assert.Equal("abcd efgh ij", Authenticator.FormatKey("ABCDEFGHIJ"));

    [Fact]
    public void Builds_a_key_uri_with_escaped_issuer_and_account()
    {
        var uri = Authenticator.BuildUri("自助組織平台", "amy@example.org", "JBSWY3DPEHPK3PXP");
        Assert.StartsWith("otpauth://totp/", uri, StringComparison.Ordinal);
        Assert.Contains("secret=JBSWY3DPEHPK3PXP", uri, StringComparison.Ordinal);
        Assert.Contains("amy%40example.org", uri, StringComparison.Ordinal);
        Assert.DoesNotContain("自", uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Qr_code_is_a_png_data_uri()
    {
        var dataUri = Authenticator.QrCodeDataUri("otpauth://totp/Portal:amy?secret=JBSWY3DPEHPK3PXP&issuer=Portal");
        Assert.StartsWith("data:image/png;base64,", dataUri, StringComparison.Ordinal);
        var png = Convert.FromBase64String(dataUri["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [Theory]
    [InlineData("123 456", "123456", true)]
    [InlineData("123-456", "123456", true)]
    [InlineData("12345", "12345", false)]
    [InlineData("ABCD1-EFGH2", "ABCD1EFGH2", false)]
    [InlineData(null, "", false)]
    public void Normalizes_codes_and_tells_app_codes_from_recovery_codes(string? input, string normalized, bool appCode)
    {
        Assert.Equal(normalized, Authenticator.NormalizeCode(input));
        Assert.Equal(appCode, Authenticator.LooksLikeAppCode(normalized));
    }

    [Theory]
    [InlineData("abcd1efgh2", "ABCD1-EFGH2")]
    [InlineData("ABCD1-EFGH2", "ABCD1-EFGH2")]
    [InlineData(" abcd1 - efgh2 ", "ABCD1-EFGH2")]
    public void Recovery_codes_match_identitys_stored_form(string input, string expected) =>
        Assert.Equal(expected, Authenticator.NormalizeRecoveryCode(input));
}

public sealed class AccountExportTests
{
    private static AccountExportData Sample(string displayName) =>
        new("id-1", "amy", displayName, "amy@example.org", true, null, "zh-HK", 1, false, DateTimeOffset.UnixEpoch, ["Member", "Mentor"], false, 0, null, false, [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void Csv_has_a_header_one_row_per_field_and_keeps_chinese()
    {
        var csv = System.Text.Encoding.UTF8.GetString(Sample("陳小姐").ToCsv()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("field,value", lines[0]);
        Assert.Contains("displayName,陳小姐", lines);
        Assert.Contains("roles,Member;Mentor", lines);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "\"'+1\"")] // CsvHelper quotes a defused value too (OWASP's advice for CSV injection)
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("plain", "plain")]
    [InlineData(null, "")]
    public void Csv_values_are_quoted_and_never_run_as_formulas(string? value, string expected) =>
        Assert.Equal(expected, AccountExportData.Escape(value));

    [Fact]
    public void Json_uses_camel_case_and_has_no_secrets()
    {
        var json = System.Text.Encoding.UTF8.GetString(Sample("Amy").ToJson());
        Assert.Contains("\"displayName\": \"Amy\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("securityStamp", json, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class FormCheckTests
{
    private sealed class EchoLocalizer : IStringLocalizer<AccountStrings>
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [Theory]
    [InlineData("amy@example.org", true)]
    [InlineData("陳@例子.香港", true)]
    [InlineData("amy", false)]
    [InlineData("amy @example.org", false)]
    [InlineData("@example.org", false)]
    [InlineData("Amy <amy@example.org>", false)]
    public void Recognises_email_addresses(string value, bool valid) => Assert.Equal(valid, FormChecks.IsEmail(value));

    [Fact]
    public void Registration_reports_every_problem_beside_its_field()
    {
        var state = new ModelStateDictionary();
        new RegisterForm { DisplayName = " ", Email = "nope", Password = "one", ConfirmPassword = "two", Culture = "fr" }.Validate(state, new EchoLocalizer());
        Assert.Equal(["ConfirmPassword", "Culture", "DisplayName", "Email"], state.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_complete_registration_is_valid()
    {
        var state = new ModelStateDictionary();
        new RegisterForm { DisplayName = "Amy", Email = "amy@example.org", Password = "harbour lantern", ConfirmPassword = "harbour lantern", Culture = "en" }.Validate(state, new EchoLocalizer());
        Assert.True(state.IsValid);
    }
}

public sealed class StaffTwoFactorTests
{
    private static async Task<(bool NextCalled, string? Location)> RunAsync(bool required, string role, bool hasTwoFactor, string path = "/admin")
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "u1"), new(ClaimTypes.Role, role) };
        if (hasTwoFactor)
        {
            claims.Add(new Claim(AccountClaims.TwoFactorEnabled, "true"));
        }

        var http = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test")) };
        http.Request.Path = path;
        var called = false;
        var middleware = new StaffTwoFactorMiddleware(_ => { called = true; return Task.CompletedTask; }, new AccountPolicy(required));
        await middleware.InvokeAsync(http);
        return (called, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null);
    }

    [Fact]
    public async Task Sends_staff_without_an_authenticator_to_set_one_up()
    {
        var (next, location) = await RunAsync(required: true, PortalRoles.Staff, hasTwoFactor: false);
        Assert.False(next);
        Assert.StartsWith(StaffTwoFactorMiddleware.SetupPath, location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, PortalRoles.Administrator, true, "/admin")]
    [InlineData(true, PortalRoles.Member, false, "/admin")]
    [InlineData(false, PortalRoles.Administrator, false, "/admin")]
    [InlineData(true, PortalRoles.Staff, false, "/account/authenticator")]
    [InlineData(true, PortalRoles.Staff, false, "/account/sign-out")]
    public async Task Lets_everyone_else_through(bool required, string role, bool hasTwoFactor, string path)
    {
        var (next, _) = await RunAsync(required, role, hasTwoFactor, path);
        Assert.True(next);
    }

    [Fact]
    public void Requirement_defaults_to_off_in_development_and_on_elsewhere()
    {
        Assert.False(AccountPolicy.Resolve(new AccountOptions(), isDevelopment: true).RequireStaffTwoFactor);
        Assert.True(AccountPolicy.Resolve(new AccountOptions(), isDevelopment: false).RequireStaffTwoFactor);
        Assert.True(AccountPolicy.Resolve(new AccountOptions { RequireStaffTwoFactor = true }, isDevelopment: true).RequireStaffTwoFactor);
        Assert.False(AccountPolicy.Resolve(new AccountOptions { RequireStaffTwoFactor = false }, isDevelopment: false).RequireStaffTwoFactor);
    }
}
