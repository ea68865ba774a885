using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Services;
using Portal.Metrics;
using Portal.Privacy;

namespace Portal.Matching.Tests;

public sealed class ServiceTests
{
    [Fact]
    public async Task An_offer_gives_the_group_five_working_days_over_Easter_and_tells_them_in_the_same_transaction()
    {
        await using var site = new MatchingSite();
        var (needId, matchId) = await site.OfferAsync();
        await using var scope = site.Scope();
        var match = await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Matches.AsNoTracking().SingleAsync(m => m.Id == matchId);
        // Thursday 2 April: Good Friday, Saturday, Sunday, Ching Ming's and Easter Monday's days after are off → Tuesday 14 April.
        Assert.Equal(new DateTimeOffset(2026, 4, 14, 16, 0, 0, TimeSpan.Zero), match.RespondByUtc);
        var told = Assert.Single(site.Notifications.Published, n => n.Request.Kind == MatchingNotifications.InterestReceived);
        Assert.Equal("leader-1", told.Request.RecipientUserId);
        Assert.True(told.InTransaction);
        Assert.Contains(site.Indexing.Enqueued, c => c.Change.ItemId == $"{needId}:zh-HK" && c.InTransaction);
        Assert.Contains(site.Indexing.Enqueued, c => c.Change.ItemId == $"{needId}:en");
    }

    [Fact]
    public async Task The_reminder_goes_once_before_the_deadline_and_the_offer_expires_after_it()
    {
        await using var site = new MatchingSite();
        var (_, matchId) = await site.OfferAsync();

        async Task<int> RunAsync<TTask>() where TTask : Portal.BackgroundTasks.IBackgroundTask
        {
            await using var scope = site.Scope();
            var task = scope.ServiceProvider.GetRequiredService<TTask>();
            return task switch
            {
                AnswerReminderTask r => await r.RunOnceAsync(default),
                OfferExpiryTask e => await e.RunOnceAsync(default),
                _ => throw new InvalidOperationException(),
            };
        }

        site.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 10, 2, 0, 0, TimeSpan.Zero)); // four days before the deadline
        Assert.Equal(0, await RunAsync<AnswerReminderTask>());
        site.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 13, 2, 0, 0, TimeSpan.Zero)); // inside the 48 hours before it
        Assert.Equal(1, await RunAsync<AnswerReminderTask>());
        Assert.Equal(0, await RunAsync<AnswerReminderTask>());
        Assert.Equal(0, await RunAsync<OfferExpiryTask>());
        Assert.Single(site.Notifications.Published, n => n.Request.Kind == MatchingNotifications.AnswerReminder && n.Request.RecipientUserId == "leader-1" && n.InTransaction);

        site.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 14, 16, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, await RunAsync<OfferExpiryTask>());
        Assert.Single(site.Notifications.Published, n => n.Request.Kind == MatchingNotifications.InterestExpired && n.Request.RecipientUserId == "partner-1");
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var error = await Assert.ThrowsAsync<MatchingRuleException>(() => service.AnswerAsync(MatchingSite.As("leader-1"), matchId, true, null, null, default));
        Assert.StartsWith("The time to answer this offer has passed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_two_sides_and_staff_reach_a_match_and_contacts_wait_for_both_yeses()
    {
        await using var site = new MatchingSite();
        var (_, matchId) = await site.OfferAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
        Assert.Null(await service.GetMatchAsync(MatchingSite.As("someone-else"), matchId, default));
        var asPartner = (await service.GetMatchAsync(MatchingSite.As("partner-1"), matchId, default))!;
        Assert.False(asPartner.ShowContacts);
        Assert.True((await service.GetMatchAsync(MatchingSite.As("staff-1", staff: true), matchId, default))!.ShowContacts);
        await Assert.ThrowsAsync<MatchingRuleException>(() => service.AnswerAsync(MatchingSite.As("partner-1"), matchId, true, null, null, default));

        await service.AnswerAsync(MatchingSite.As("leader-1"), matchId, true, null, null, default);
        Assert.True((await service.GetMatchAsync(MatchingSite.As("partner-1"), matchId, default))!.ShowContacts);
        Assert.Contains(site.Notifications.Published, n => n.Request.Kind == MatchingNotifications.ReadyToIntroduce && n.Request.RecipientUserId == "staff-1");
        var admin = scope.ServiceProvider.GetRequiredService<MatchingAdminService>();
        var version = (await service.GetMatchAsync(MatchingSite.As("staff-1", staff: true), matchId, default))!.Match.Version;
        await admin.IntroduceAsync(MatchingSite.As("staff-1", staff: true), matchId, version, default);
        var introductions = site.Notifications.Published.Where(n => n.Request.Kind == MatchingNotifications.Introduction).ToList();
        Assert.Equal(2, introductions.Count);
        Assert.Contains("group@example.org", introductions.Single(n => n.Request.RecipientUserId == "partner-1").Request.Data["contacts"], StringComparison.Ordinal);
        Assert.Contains("ada@example.org", introductions.Single(n => n.Request.RecipientUserId == "leader-1").Request.Data["contacts"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_matches_are_the_partners_offers_and_the_offers_to_the_groups_one_leads_in_one_query()
    {
        await using var site = new MatchingSite();
        var (needId, matchId) = await site.OfferAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();

        site.Commands.Reset();
        var asPartner = Assert.Single(await service.MyMatchesAsync(MatchingSite.As("partner-1"), default));
        Assert.Equal(1, site.Commands.Count);
        Assert.Equal((matchId, needId, "Ada", MatchRole.Partner), (asPartner.Match.Id, asPartner.Need.Id, asPartner.Partner!.DisplayName, asPartner.Role));
        var asLeader = Assert.Single(await service.MyMatchesAsync(MatchingSite.As("leader-1"), default));
        Assert.Equal((matchId, "Stroke Mutual Aid", MatchRole.Group), (asLeader.Match.Id, asLeader.Organisation.NameEn, asLeader.Role));
        Assert.Empty(await service.MyMatchesAsync(MatchingSite.As("someone-else"), default));
    }

    [Fact]
    public async Task A_pass_is_kept_once_and_the_partner_is_not_suggested_for_that_need_again()
    {
        await using var site = new MatchingSite();
        var (firstNeedId, _) = await site.OfferAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var organisation = await db.Organisations.SingleAsync();
        var second = await service.PostNeedAsync(MatchingSite.As("leader-1"), organisation.Id, new NeedDetails
        {
            Area = "accounts", Title = "Budget for next year", Description = "A simple budget.", HoursPerMonth = 2, Months = 1,
            Deadline = new DateOnly(2026, 5, 30), Mode = WorkMode.Remote, Language = "yue",
        }, default);
        Assert.Single(await service.SuggestPartnersAsync(second, organisation, new SuggestionFilter(), default));
        var partnerId = (await db.Partners.SingleAsync()).Id;
        await service.PassAsync(MatchingSite.As("leader-1"), second.Id, partnerId, PassSide.Group, "We know them already", default);
        await service.PassAsync(MatchingSite.As("leader-1"), second.Id, partnerId, PassSide.Group, "We know them already", default);
        Assert.Equal(1, await db.Passes.CountAsync());
        Assert.Empty(await service.SuggestPartnersAsync(second, organisation, new SuggestionFilter(), default));
        await Assert.ThrowsAsync<MatchingRuleException>(() => service.PassAsync(MatchingSite.As("leader-1"), firstNeedId, partnerId, PassSide.Group, " ", default));
    }

    [Fact]
    public async Task Metrics_report_the_network_against_its_targets()
    {
        await using var site = new MatchingSite();
        await site.OfferAsync();
        await using var scope = site.Scope();
        var source = scope.ServiceProvider.GetServices<IMetricsSource>().Single(s => s.Module == "Matching");
        var metrics = await source.GetMetricsAsync(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var volunteers = metrics.Single(m => m.Key == "partners.professional-volunteers");
        Assert.Equal(1, volunteers.Value);
        Assert.Equal(20, volunteers.Target);
        Assert.Equal(13, metrics.Single(m => m.Key == "partners.companies").Target);
        Assert.Equal(1, metrics.Single(m => m.Key == "partners.needs-open").Value);
    }

    [Fact]
    public async Task Metrics_count_groups_supported_matches_and_remote_hours_by_month_in_grouped_queries()
    {
        await using var site = new MatchingSite();
        var (firstNeed, firstMatch) = await site.OfferAsync();
        await CompleteAsync(site, firstMatch, partnerHours: 8);
        long secondMatch;
        await using (var scope = site.Scope())
        {
            var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
            var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
            var organisationId = (await db.Needs.SingleAsync(n => n.Id == firstNeed)).OrganisationId;
            var remote = await service.PostNeedAsync(MatchingSite.As("leader-1"), organisationId, new NeedDetails
            {
                Area = "accounts", Title = "Budget", Description = "A simple budget.", HoursPerMonth = 2, Months = 1,
                Deadline = new DateOnly(2026, 6, 30), Mode = WorkMode.Remote, Language = "yue",
            }, default);
            secondMatch = (await service.ExpressInterestAsync(MatchingSite.As("partner-1"), remote.Id, "From home", default)).Id;
            // A second group that posts nothing in the period is not supported in it.
            await service.SaveOrganisationAsync(MatchingSite.As("leader-2"), null, new OrganisationDetails
            {
                NameZh = "柏金遜互助會", NameEn = "Parkinson's Mutual Aid", District = "eastern", Conditions = ["parkinsons"],
                ContactEmail = "other@example.org", ContactPhone = "2345 1111",
            }, null, default);
        }

        await CompleteAsync(site, secondMatch, partnerHours: 3, finishedUtc: new DateTimeOffset(2026, 5, 4, 2, 0, 0, TimeSpan.Zero));

        await using var read = site.Scope();
        var source = read.ServiceProvider.GetServices<IMetricsSource>().Single(s => s.Module == "Matching");
        site.Commands.Reset();
        var metrics = await source.GetMetricsAsync(new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 31));
        Assert.Equal(MatchingMetricsSource.Queries, site.Commands.Count);
        Assert.All(site.Commands.Texts, sql => Assert.Matches("COUNT|SUM|EXISTS", sql));
        Assert.All(site.Commands.Texts, sql => Assert.DoesNotContain("\"GroupFeedback\"", sql, StringComparison.Ordinal));

        Assert.Equal(1, metrics.Single(m => m.Key == "groups.supported").Value); // one group, two needs: counted once
        Assert.Equal(2, metrics.Single(m => m.Key == "partners.matches-started").Value);
        var completed = metrics.Single(m => m.Key == "partners.matches-completed");
        Assert.Equal(2, completed.Value);
        Assert.Equal([("2026-04", 1m), ("2026-05", 1m)], completed.Breakdowns.Single(b => b.Dimension == "month").Parts.Select(p => (p.Key, p.Value)));
        var hours = metrics.Single(m => m.Key == "partners.hours");
        Assert.Equal(11, hours.Value);
        Assert.Equal(3, hours.OnlineHours); // only the need asked for remote work ("either" may have been on site)
        Assert.Equal([("2026-04", 8m), ("2026-05", 3m)], hours.Breakdowns.Single(b => b.Dimension == "month").Parts.Select(p => (p.Key, p.Value)));
        Assert.Equal(2, metrics.Single(m => m.Key == "partners.needs-met").Value);

        // May alone: the second match; the group is still supported (its remote need's match completed in May).
        var may = await source.GetMetricsAsync(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31));
        Assert.Equal(1, may.Single(m => m.Key == "groups.supported").Value);
        Assert.Equal(3, may.Single(m => m.Key == "partners.hours").Value);
        Assert.Equal(3, may.Single(m => m.Key == "partners.hours").OnlineHours);
        // A year later nothing ran: no group supported.
        var later = await source.GetMetricsAsync(new DateOnly(2027, 6, 1), new DateOnly(2027, 6, 30));
        Assert.Equal(0, later.Single(m => m.Key == "groups.supported").Value);
        Assert.Equal(0, later.Single(m => m.Key == "partners.hours").Value);
    }

    /// <summary>The group accepts, staff introduce, the work starts and (at <paramref name="finishedUtc"/>) the partner
    /// gives feedback with hours.</summary>
    private static async Task CompleteAsync(MatchingSite site, long matchId, int partnerHours, DateTimeOffset? finishedUtc = null)
    {
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var staff = MatchingSite.As("staff-1", staff: true);
        await service.AnswerAsync(MatchingSite.As("leader-1"), matchId, true, null, null, default);
        var version = (await service.GetMatchAsync(staff, matchId, default))!.Match.Version;
        await scope.ServiceProvider.GetRequiredService<MatchingAdminService>().IntroduceAsync(staff, matchId, version, default);
        await service.StartAsync(MatchingSite.As("partner-1"), matchId, null, default);
        if (finishedUtc is { } finished)
        {
            site.Clock.SetUtcNow(finished);
        }

        await service.FeedbackAsync(MatchingSite.As("partner-1"), matchId, "The books are closed.", 5, partnerHours, null, default);
    }

    [Fact]
    public async Task Erasure_removes_the_partner_profile_and_keeps_the_groups_record_without_the_person()
    {
        await using var site = new MatchingSite();
        var (_, matchId) = await site.OfferAsync();
        await using var scope = site.Scope();
        var provider = scope.ServiceProvider.GetServices<IPersonalDataProvider>().Single(p => p.Section == "partners");
        var export = await provider.ExportAsync("partner-1");
        var profile = Assert.Single(export.Tables.Single(t => t.Name == "partnerProfile").Rows);
        Assert.Contains(profile.Fields, f => f.Value == "ada@example.org");
        Assert.DoesNotContain(export.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Fields), f => f.Value == "group@example.org");

        var erased = await provider.EraseAsync("partner-1");
        Assert.Equal(1, erased.Deleted);
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        Assert.Empty(await db.Partners.ToListAsync());
        var match = await db.Matches.AsNoTracking().SingleAsync(m => m.Id == matchId);
        Assert.Equal("", match.PartnerUserId);
        Assert.Null(match.Message);
        Assert.Equal(PersonalDataErasure.None.Deleted, (await provider.EraseAsync("partner-1")).Deleted);
    }

    [Fact]
    public async Task A_partner_withdrawing_after_the_yes_opens_the_need_again_and_puts_it_back_in_search()
    {
        await using var site = new MatchingSite();
        var (needId, matchId) = await site.OfferAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        await service.AnswerAsync(MatchingSite.As("leader-1"), matchId, true, null, null, default);
        Assert.Equal(NeedStatus.Matched, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == needId)).Status);
        site.Indexing.Clear();

        await service.WithdrawAsync(MatchingSite.As("partner-1"), matchId, "Moved abroad", null, default);
        Assert.Equal(NeedStatus.Open, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == needId)).Status);
        Assert.Contains(site.Indexing.Enqueued, c => c.Change.ItemId == $"{needId}:en" && c.InTransaction);
        var match = await db.Matches.AsNoTracking().SingleAsync(m => m.Id == matchId);
        Assert.Equal(MatchStatus.Withdrawn, match.Status);
        Assert.Equal(MatchSide.Partner, match.WithdrawnBy);
        await Assert.ThrowsAsync<MatchingRuleException>(() => service.StartAsync(MatchingSite.As("partner-1"), matchId, null, default));
    }

    [Fact]
    public async Task Suggestion_filters_keep_only_partners_and_needs_in_the_district_and_working_remotely()
    {
        await using var site = new MatchingSite();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
        async Task<(Organisation Organisation, Need Need)> NeedAsync(string leader, string district, WorkMode mode, string title)
        {
            var organisation = await service.SaveOrganisationAsync(MatchingSite.As(leader), null, new OrganisationDetails
            {
                NameZh = title + "會", NameEn = title + " group", District = district, Conditions = ["stroke"],
                ContactEmail = leader + "@example.org", ContactPhone = "2345 0000",
            }, null, default);
            var need = await service.PostNeedAsync(MatchingSite.As(leader), organisation.Id, new NeedDetails
            {
                Area = "accounts", Title = title, Description = "Close the books.", HoursPerMonth = 4, Months = 2,
                Deadline = new DateOnly(2026, 6, 30), Mode = mode, Language = "yue",
            }, default);
            return (organisation, need);
        }

        async Task<Partner> PartnerAsync(string userId, string name, string district, bool onSite, bool remote) =>
            await service.SavePartnerAsync(MatchingSite.As(userId), new PartnerDetails
            {
                Type = "professional-volunteer", DisplayName = name, Skills = ["accounts"], Languages = ["yue"], Districts = [district],
                HoursPerMonth = 6, OnSite = onSite, Remote = remote, ContactEmail = userId + "@example.org", ContactPhone = "9000 0000",
            }, true, null, default);

        var (kwunTongGroup, either) = await NeedAsync("leader-1", "kwun-tong", WorkMode.Either, "Yearly accounts");
        await NeedAsync("leader-2", "sha-tin", WorkMode.Remote, "Online bookkeeping");
        await NeedAsync("leader-3", "kwun-tong", WorkMode.OnSite, "Count the petty cash");
        await PartnerAsync("partner-a", "On site in Kwun Tong", "kwun-tong", onSite: true, remote: false);
        await PartnerAsync("partner-b", "Remote from Sha Tin", "sha-tin", onSite: false, remote: true);
        var both = await PartnerAsync("partner-c", "Kwun Tong, also remote", "kwun-tong", onSite: true, remote: true);

        async Task<string[]> PartnersFor(SuggestionFilter filter) =>
            [.. (await service.SuggestPartnersAsync(either, kwunTongGroup, filter, default)).Select(s => s.Partner.DisplayName).Order()];
        Assert.Equal(["Kwun Tong, also remote", "On site in Kwun Tong", "Remote from Sha Tin"], await PartnersFor(new SuggestionFilter()));
        Assert.Equal(["Kwun Tong, also remote", "On site in Kwun Tong"], await PartnersFor(new SuggestionFilter { District = "kwun-tong" }));
        Assert.Equal(["Kwun Tong, also remote", "Remote from Sha Tin"], await PartnersFor(new SuggestionFilter { RemoteOnly = true }));
        Assert.Equal(["Kwun Tong, also remote"], await PartnersFor(new SuggestionFilter { District = "kwun-tong", RemoteOnly = true }));
        Assert.Empty(await PartnersFor(new SuggestionFilter { District = "islands" }));

        async Task<string[]> NeedsFor(SuggestionFilter filter) =>
            [.. (await service.SuggestNeedsAsync(both, filter, default)).Select(s => s.Need.Title).Order()];
        Assert.Equal(["Count the petty cash", "Online bookkeeping", "Yearly accounts"], await NeedsFor(new SuggestionFilter()));
        Assert.Equal(["Count the petty cash", "Yearly accounts"], await NeedsFor(new SuggestionFilter { District = "kwun-tong" }));
        Assert.Equal(["Online bookkeeping"], await NeedsFor(new SuggestionFilter { District = "sha-tin" }));
        Assert.Equal(["Online bookkeeping", "Yearly accounts"], await NeedsFor(new SuggestionFilter { RemoteOnly = true }));
        Assert.Equal(["Yearly accounts"], await NeedsFor(new SuggestionFilter { District = "kwun-tong", RemoteOnly = true }));
    }
}
