using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;
using Portal.Privacy;

namespace Portal.IntegrationTests;

public sealed class RolesPageTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task The_zh_HK_roles_page_shows_each_modules_permission_descriptions_in_Chinese()
    {
        using var admin = await site.SignInAsync("admin");
        var html = await HtmlForms.ReadAsync(admin, "/admin/roles");

        // The content module's own resx, and the host's.
        Assert.Contains("建立、編輯、發佈及刪除頁面、消息和主選單", html, StringComparison.Ordinal);
        Assert.Contains("管理用戶及角色", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Create, edit, publish and delete pages, news and the main menu", html, StringComparison.Ordinal);

        // The permission's name stays visible beside its description.
        Assert.Contains("ManageContent", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_sessions_are_checked_against_the_security_stamp_every_few_minutes()
    {
        var options = site.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        Assert.InRange(options.ValidationInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
    }
}

/// <summary>A module whose erasure fails until the test lets it succeed.</summary>
public sealed class RetryableErasureSite : PersonalDataSite
{
    public ErasureSwitch Switch { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Switch);
            services.AddScoped<IPersonalDataProvider, SwitchedProvider>();
        });
    }

    public sealed class ErasureSwitch
    {
        public volatile bool Fail = true;

        public int Attempts;
    }

    private sealed class SwitchedProvider(ErasureSwitch state) : IPersonalDataProvider
    {
        public string Section => "zzUnreliable";

        public string Title => "Unreliable module";

        public Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PersonalDataSection(Section, Title, []));

        public Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref state.Attempts);
            return state.Fail
                ? throw new InvalidOperationException("The module's database is not reachable.")
                : Task.FromResult(new PersonalDataErasure(0, 0));
        }
    }
}

public sealed class IncompleteErasureAdminTests(RetryableErasureSite site) : IClassFixture<RetryableErasureSite>
{
    [Fact]
    public async Task The_admin_sees_an_incomplete_erasure_and_retrying_it_deletes_the_account()
    {
        var memberId = await site.UserIdAsync("member");
        using (var member = await site.SignInAsync("member"))
        {
            var page = await HtmlForms.GetAsync(member, "/account/delete");
            using var refused = await HtmlForms.SubmitAsync(member, HtmlForms.FindForm(page, "/account/delete"), f => f["CurrentPassword"] = PortalSite.Password);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        using var admin = await site.SignInAsync("admin");
        var list = await HtmlForms.ReadAsync(admin, "/admin/users?q=member");
        Assert.Contains("刪除未完成：請重試", list, StringComparison.Ordinal);
        Assert.Contains($"/admin/users/{memberId}#erasure-heading", list, StringComparison.Ordinal);

        // Still failing: the account is kept and the admin is told which part failed.
        var edit = await HtmlForms.GetAsync(admin, $"/admin/users/{memberId}");
        Assert.Contains("此人已要求刪除帳戶", edit.Body!.TextContent, StringComparison.Ordinal);
        using (var again = await HtmlForms.SubmitAsync(admin, HtmlForms.FindForm(edit, "/retry-erasure"), _ => { }))
        {
            Assert.Equal($"/admin/users/{memberId}", again.Headers.Location?.OriginalString);
        }

        var stillThere = await HtmlForms.ReadAsync(admin, $"/admin/users/{memberId}");
        Assert.Contains("刪除仍未完成", stillThere, StringComparison.Ordinal);
        Assert.Contains("Unreliable module", stillThere, StringComparison.Ordinal);
        Assert.NotNull(await FindAsync(memberId));

        // The module is back: the retry erases and deletes.
        site.Switch.Fail = false;
        edit = await HtmlForms.GetAsync(admin, $"/admin/users/{memberId}");
        using (var done = await HtmlForms.SubmitAsync(admin, HtmlForms.FindForm(edit, "/retry-erasure"), _ => { }))
        {
            Assert.Equal("/admin/users", done.Headers.Location?.OriginalString);
        }

        Assert.Null(await FindAsync(memberId));
        Assert.Contains("此人的資料已刪除，帳戶亦已刪除。", await HtmlForms.ReadAsync(admin, "/admin/users"), StringComparison.Ordinal);
        using var gone = await admin.GetAsync($"/admin/users/{memberId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_account_without_an_unfinished_deletion_cannot_be_deleted_through_the_retry()
    {
        var leaderId = await site.UserIdAsync("leader");
        using var admin = await site.SignInAsync("admin");
        var edit = await HtmlForms.GetAsync(admin, $"/admin/users/{leaderId}");
        Assert.DoesNotContain(edit.Forms, f => (f.GetAttribute("action") ?? string.Empty).Contains("/retry-erasure", StringComparison.Ordinal));

        // A forged POST with a valid antiforgery token from the same page.
        var anyForm = HtmlForms.FindForm(edit, "/lock");
        using var response = await HtmlForms.PostWithTokenAsync(admin, anyForm, $"/admin/users/{leaderId}/retry-erasure");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await FindAsync(leaderId));
        Assert.Contains("這個帳戶沒有未完成的刪除。", await HtmlForms.ReadAsync(admin, $"/admin/users/{leaderId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_administrator_cannot_retry_an_erasure()
    {
        var leaderId = await site.UserIdAsync("leader");
        using var staff = await site.SignInAsync("staff");
        using var response = await HtmlForms.PostWithTokenAsync(staff, "/account", $"/admin/users/{leaderId}/retry-erasure");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || (response.Headers.Location?.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal) ?? false), $"Got {(int)response.StatusCode} {response.Headers.Location}");
        Assert.NotNull(await FindAsync(leaderId));
    }

    private async Task<PortalUser?> FindAsync(string id)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(id);
    }
}

/// <summary>Cookies revalidated on every request, so the test sees the effect of a new security stamp at once
/// (the site itself revalidates every 5 minutes).</summary>
public sealed class ImmediateRevalidationSite : PortalSite
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
    }
}

public sealed class SignOutEverywhereTests(ImmediateRevalidationSite site) : IClassFixture<ImmediateRevalidationSite>
{
    [Fact]
    public async Task Signing_out_everywhere_ends_the_other_session_and_keeps_this_one()
    {
        using var laptop = await site.SignInAsync("member");
        using var phone = await site.SignInAsync("member");
        using (var before = await phone.GetAsync("/account"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var page = await HtmlForms.GetAsync(laptop, "/account");
        Assert.Contains("在所有其他裝置登出", page.Body!.TextContent, StringComparison.Ordinal);
        using (var response = await HtmlForms.SubmitAsync(laptop, HtmlForms.FindForm(page, "/account/sign-out-everywhere"), _ => { }))
        {
            Assert.Equal("/account", response.Headers.Location?.OriginalString);
        }

        var after = await HtmlForms.ReadAsync(laptop, "/account");
        Assert.Contains("你已在所有其他裝置登出", after, StringComparison.Ordinal);

        using var phoneAfter = await phone.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        Assert.Contains("/account/sign-in", phoneAfter.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}

/// <summary>A site whose security-stamp check can be moved to "five minutes later" for one request, so a test sees
/// whether the cookie a browser kept still matches the account, without every request being checked (and the cookie
/// renewed) on the way, as <see cref="ImmediateRevalidationSite"/> does.</summary>
public sealed class LaterRevalidationSite : PortalSite
{
    public ShiftedClock StampClock { get; } = new();

    /// <summary>Asks for <c>/account</c> as if the revalidation interval had passed: 200 while the cookie's security
    /// stamp is the account's, a redirect to sign in once it is not.</summary>
    public async Task<HttpStatusCode> AccountAfterRevalidationAsync(HttpClient client)
    {
        StampClock.Shift = TimeSpan.FromMinutes(10);
        try
        {
            using var response = await client.GetAsync("/account");
            return response.StatusCode;
        }
        finally
        {
            StampClock.Shift = TimeSpan.Zero;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = StampClock));
    }

    public sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}

/// <summary>An administrator's account switches sent twice at once (a double click) both end well: the slower one
/// reads the account again instead of failing the request on the copy the faster one changed.</summary>
public sealed partial class AccountSwitchRaceTests(LaterRevalidationSite site) : IClassFixture<LaterRevalidationSite>
{
    [Fact]
    public async Task Locking_unlocking_and_resetting_two_factor_twice_at_once_never_answer_409_or_500()
    {
        // One account per round, so every round's two-factor reset is the account's first: both requests then add the
        // authenticator key's row (a 500 in one run of six before the second try was made to cover it).
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await CreateAccountAsync($"race-target-{i}"));
        }

        using var admin = await site.SignInAsync("admin");
        var page = await HtmlForms.GetAsync(admin, $"/admin/users/{ids[0]}");
        var answers = new List<(string Action, HttpStatusCode Status)>();
        foreach (var id in ids)
        {
            foreach (var action in new[] { "lock", "unlock", "reset-two-factor" })
            {
                var both = await Task.WhenAll(
                    HtmlForms.PostWithTokenAsync(admin, page, $"/admin/users/{id}/{action}"),
                    HtmlForms.PostWithTokenAsync(admin, page, $"/admin/users/{id}/{action}"));
                answers.AddRange(both.Select(r => (action, r.StatusCode)));
                foreach (var response in both)
                {
                    response.Dispose();
                }
            }
        }

        Assert.All(answers, answer => Assert.True(answer.Status == HttpStatusCode.Redirect, $"{answer.Action} answered {answer.Status}"));
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            foreach (var id in ids)
            {
                var user = await users.FindByIdAsync(id);
                Assert.False(await users.IsLockedOutAsync(user!)); // unlocked last
                Assert.False(user!.TwoFactorEnabled);
                Assert.NotNull(await users.GetAuthenticatorKeyAsync(user));
            }
        }
    }

    [Fact]
    public async Task Opening_the_authenticator_set_up_twice_at_once_shows_both_the_same_new_key_and_keeps_the_person_signed_in()
    {
        // Every account's first visit adds its key's row; two tabs at once both added it and one answered 500.
        for (var i = 0; i < 6; i++)
        {
            await CreateAccountAsync($"two-tabs-{i}");
            using var person = await site.SignInAsync($"two-tabs-{i}");
            var both = await Task.WhenAll(person.GetAsync("/account/authenticator"), person.GetAsync("/account/authenticator"));
            var bodies = new List<string>();
            foreach (var response in both)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                bodies.Add(await response.Content.ReadAsStringAsync());
                response.Dispose();
            }

            await using (var scope = site.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                var key = await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync($"two-tabs-{i}"))!);
                Assert.False(string.IsNullOrEmpty(key));
                Assert.All(bodies, body => Assert.Contains(Authenticator.FormatKey(key!), body, StringComparison.Ordinal));
            }

            Assert.Equal(HttpStatusCode.OK, await site.AccountAfterRevalidationAsync(person)); // the kept cookie carries the saved stamp
        }
    }

    [Fact]
    public async Task Turning_two_factor_on_twice_at_once_answers_both_and_shows_only_saved_recovery_codes()
    {
        for (var i = 0; i < 4; i++)
        {
            var name = $"two-clicks-{i}";
            await CreateAccountAsync(name);
            using var person = await site.SignInAsync(name);
            var page = await HtmlForms.GetAsync(person, "/account/authenticator");
            string key;
            await using (var scope = site.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                key = (await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(name))!))!;
            }

            var form = HtmlForms.FindForm(page, "/account/authenticator/enable");
            var code = AuthenticatorApp.Code(key);
            var both = await Task.WhenAll(
                HtmlForms.SubmitAsync(person, form, f => { f["CurrentPassword"] = PortalSite.Password; f["Code"] = code; }),
                HtmlForms.SubmitAsync(person, form, f => { f["CurrentPassword"] = PortalSite.Password; f["Code"] = code; }));
            // One shows the codes; the other (when the two did not simply run one after the other) sends the person
            // to the set-up page, which says two-step sign-in is on and offers new codes.
            var shown = new List<string>();
            foreach (var response in both)
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"enable answered {response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Equal("/account/authenticator", response.Headers.Location?.OriginalString);
                }

                shown.AddRange(RecoveryCode().Matches(await response.Content.ReadAsStringAsync()).Select(m => m.Value));
                response.Dispose();
            }

            // Sent once more after both have finished (a click that arrives late): it is on already, so no new codes.
            using (var late = await HtmlForms.SubmitAsync(person, form, f => { f["CurrentPassword"] = PortalSite.Password; f["Code"] = code; }))
            {
                Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
                Assert.Equal("/account/authenticator", late.Headers.Location?.OriginalString);
            }

            await using (var scope = site.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                var user = (await users.FindByNameAsync(name))!;
                Assert.True(user.TwoFactorEnabled);
                var saved = (await users.GetAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes") ?? string.Empty).Split(';');
                Assert.NotEmpty(shown);
                Assert.All(shown, c => Assert.Contains(c, saved));
            }

            Assert.Equal(HttpStatusCode.OK, await site.AccountAfterRevalidationAsync(person)); // the kept cookie carries the saved stamp
        }
    }

    [Fact]
    public async Task Changing_the_password_twice_at_once_never_asks_to_try_again_and_keeps_the_person_signed_in()
    {
        const string newPassword = "A-new-password-for-the-race-2026";
        for (var i = 0; i < 4; i++)
        {
            var name = $"two-saves-{i}";
            await CreateAccountAsync(name);
            using var person = await site.SignInAsync(name);
            var page = await HtmlForms.GetAsync(person, "/account/password");
            var form = HtmlForms.FindForm(page, "/account/password");
            void Fill(Dictionary<string, string> f)
            {
                f["CurrentPassword"] = PortalSite.Password;
                f["NewPassword"] = newPassword;
                f["ConfirmPassword"] = newPassword;
            }

            // Both answer "saved" when they raced; one that only began after the other had saved (a very slow
            // machine) is asked for the current password again, as any later change would be. Never "try again".
            var both = await Task.WhenAll(HtmlForms.SubmitAsync(person, form, Fill), HtmlForms.SubmitAsync(person, form, Fill));
            var saved = 0;
            foreach (var response in both)
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("有其他人同時修改了這個帳戶", body, StringComparison.Ordinal);
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Equal("/account", response.Headers.Location?.OriginalString);
                    saved++;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Contains("密碼不正確", body, StringComparison.Ordinal);
                }

                response.Dispose();
            }

            Assert.True(saved >= 1);

            await using (var scope = site.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync(name))!, newPassword));
            }

            Assert.Equal(HttpStatusCode.OK, await site.AccountAfterRevalidationAsync(person));
        }
    }

    /// <summary>A confirmed account with the test password; returns its id.</summary>
    private async Task<string> CreateAccountAsync(string name)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var user = new PortalUser { UserName = name, Email = name + "@example.org", EmailConfirmed = true, DisplayName = name };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CreateAsync(user, PortalSite.Password)).Succeeded);
        return user.Id;
    }

    [GeneratedRegex(@"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b")]
    private static partial Regex RecoveryCode();
}
