using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.IntegrationTests.Infrastructure;
using Portal.Privacy;

namespace Portal.IntegrationTests;

/// <summary>Audit trail (issue 18): staff opening a match whose contacts are visible is recorded for both sides, on
/// SQLite and PostgreSQL; the two sides themselves are not recorded.</summary>
public abstract partial class MatchingTests<TSite>
{
    [Fact]
    public async Task Staff_opening_a_match_with_visible_contacts_is_in_the_audit_trail_for_both_sides()
    {
        var (leader, partner, staff, _, matchId) = await OfferAsync("Audit the contacts " + Guid.NewGuid().ToString("N")[..6]);
        var before = await ContactEntriesAsync(matchId);
        await staff.GetStringAsync($"/partners/matches/{matchId}");
        Assert.Equal(before, await ContactEntriesAsync(matchId)); // contacts not visible yet: nothing opened

        Assert.Equal(HttpStatusCode.Redirect, (await HtmlForms.SubmitFormAsync(leader, $"/partners/matches/{matchId}", "/answer", null, "accept", "true")).StatusCode);
        await leader.GetStringAsync($"/partners/matches/{matchId}");
        await partner.GetStringAsync($"/partners/matches/{matchId}");
        Assert.Equal(before, await ContactEntriesAsync(matchId)); // the two sides are not staff access

        Assert.Contains(GroupEmail, await ReadAsync(staff, $"/partners/matches/{matchId}"), StringComparison.Ordinal);
        await using var scope = Site.Services.CreateAsyncScope();
        string[] ids = [await UserIdOf(scope, "leader"), await UserIdOf(scope, "partner"), await UserIdOf(scope, "staff")];
        var entries = await scope.ServiceProvider.GetRequiredService<HostDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Area == "matching.partner-contacts" && a.Item == "match " + matchId).ToListAsync();
        Assert.Equal(2, entries.Count - before);
        Assert.Contains(entries, e => e.SubjectUserId == ids[0] && e.ActorUserId == ids[2] && e.Action == PersonalDataAction.Viewed);
        Assert.Contains(entries, e => e.SubjectUserId == ids[1] && e.ActorUserId == ids[2]);
    }

    private async Task<int> ContactEntriesAsync(long matchId)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HostDbContext>().AuditEntries.CountAsync(a => a.Area == "matching.partner-contacts" && a.Item == "match " + matchId);
    }

    private static async Task<string> UserIdOf(AsyncServiceScope scope, string userName) =>
        (await scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>().FindByUserNameAsync(userName))!.UserId;
}
