using Microsoft.Extensions.DependencyInjection;
using Portal.IntegrationTests.Infrastructure;
using Portal.People;

namespace Portal.IntegrationTests;

/// <summary>The host's people directory as modules see it: the names-only lookup answers as the full one does.</summary>
public sealed class PersonDirectoryTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task Names_are_the_display_names_of_the_people_found_and_nothing_for_the_rest()
    {
        _ = site.CreateClient();
        await using var scope = site.Services.CreateAsyncScope();
        var people = scope.ServiceProvider.GetRequiredService<IPersonDirectory>();
        var member = (await people.FindByUserNameAsync("member"))!;
        var mentor = (await people.FindByUserNameAsync("mentor"))!;

        var names = await people.NamesAsync([member.UserId, mentor.UserId, member.UserId, "no-such-person"]);

        Assert.Equal(2, names.Count);
        Assert.Equal(member.DisplayName, names[member.UserId]);
        Assert.Equal(mentor.DisplayName, names[mentor.UserId]);
        Assert.Equal(
            (await people.FindManyAsync([member.UserId, mentor.UserId])).ToDictionary(p => p.UserId, p => p.DisplayName),
            names);
        Assert.Empty(await people.NamesAsync([]));
    }
}
