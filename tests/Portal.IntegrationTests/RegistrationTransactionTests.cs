using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;
using Portal.Security;

namespace Portal.IntegrationTests;

/// <summary>Registration creates the account and gives it the Member role in one transaction (issue 17: a process
/// killed between the two left an account without its role).</summary>
public sealed class RegistrationTransactionTests
{
    [Fact]
    public async Task A_failure_between_creating_the_account_and_adding_its_role_leaves_no_account()
    {
        using var site = new PortalSite();
        using var client = site.CreateBrowser();
        var email = $"half{Guid.NewGuid():N}@example.hk";

        // The failure between the two steps: the Member role is gone, so adding it throws after the account was created.
        using (var scope = site.Services.CreateScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<PortalRole>>();
            Assert.True((await roles.DeleteAsync((await roles.FindByNameAsync(PortalRoles.Member))!)).Succeeded);
        }

        using (var response = await RegisterAsync(client, email))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        using (var scope = site.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.Null(await users.FindByEmailAsync(email));
            Assert.Null(await users.FindByNameAsync(email));

            // With the role back, the same registration goes through: account and role together.
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<PortalRole>>();
            Assert.True((await roles.CreateAsync(new PortalRole(PortalRoles.Member))).Succeeded);
        }

        using (var response = await RegisterAsync(client, email))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var scope = site.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.Equal([PortalRoles.Member], await users.GetRolesAsync(user!));
        }
    }

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email)
    {
        var page = await HtmlForms.GetAsync(client, "/account/register?culture=en");
        var form = HtmlForms.FindForm(page, "/account/register");
        return await HtmlForms.SubmitAsync(client, form, f =>
        {
            f[HtmlForms.FieldLike(form, "DisplayName")] = "Half Registered";
            f[HtmlForms.FieldLike(form, "Email")] = email;
            f[HtmlForms.FieldOfType(form, "password")] = "A long enough passphrase 2026";
            f[HtmlForms.FieldLike(form, "ConfirmPassword")] = "A long enough passphrase 2026";
        });
    }
}
