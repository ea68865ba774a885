using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Mentoring.Services;
using Portal.Metrics;
using Portal.Privacy;

namespace Portal.Mentoring.Tests;

public sealed class ServiceTests
{
    private static MeetingInput Input(DateTimeOffset held, string? privateNote = null) =>
        new(held, 60, MeetingMode.Video, "Agenda", "Shared notes", privateNote, [("Draft the agenda", ActionOwner.Mentee, null)]);

    [Fact]
    public async Task Access_a_mentee_sees_only_their_pair_and_a_mentor_only_their_mentees()
    {
        await using var site = new MentoringSite();
        var mine = await site.ActivePairAsync("mentor-1", "mentee-1");
        var other = await site.ActivePairAsync("mentor-2", "mentee-2");
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        Assert.NotNull(await service.GetPairAsync(MentoringSite.As("mentee-1"), mine, default));
        Assert.Null(await service.GetPairAsync(MentoringSite.As("mentee-1"), other, default));
        Assert.Null(await service.GetPairAsync(MentoringSite.As("mentor-1"), other, default));
        Assert.NotNull(await service.GetPairAsync(MentoringSite.As("staff-1", staff: true), other, default));
        await Assert.ThrowsAsync<PairNotFoundException>(() => service.SaveGoalAsync(MentoringSite.As("mentee-1"), other, null, new GoalDetails { Title = "Not mine" }, null, default));
        await Assert.ThrowsAsync<PairNotFoundException>(() => service.LogMeetingAsync(MentoringSite.As("mentor-1"), other, Input(MentoringSite.Start), 0, default));
    }

    [Fact]
    public async Task Private_notes_are_read_by_their_author_only_never_by_the_mentee_or_staff()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(3));
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var version = (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Version;
        await service.LogMeetingAsync(MentoringSite.As("mentor-1"), pairId, Input(MentoringSite.Start.AddDays(1), "Worried about burnout"), version, default);
        var noteId = (await db.PrivateNotes.SingleAsync()).Id;

        Assert.Equal("Worried about burnout", (await service.FindPrivateNoteAsync(MentoringSite.As("mentor-1"), noteId, default))?.Text);
        Assert.Null(await service.FindPrivateNoteAsync(MentoringSite.As("mentee-1"), noteId, default));
        Assert.Null(await service.FindPrivateNoteAsync(MentoringSite.As("staff-1", staff: true), noteId, default));
        Assert.Empty((await service.GetPairAsync(MentoringSite.As("mentee-1"), pairId, default))!.MyPrivateNotes);
        Assert.Empty((await service.GetPairAsync(MentoringSite.As("staff-1", staff: true), pairId, default))!.MyPrivateNotes);
        Assert.Single((await service.GetPairAsync(MentoringSite.As("mentor-1"), pairId, default))!.MyPrivateNotes);

        var notification = Assert.Single(site.Notifications.Published, n => n.Request.Kind == MentoringNotifications.MeetingLogged);
        Assert.Equal("mentee-1", notification.Request.RecipientUserId);
        Assert.True(notification.InTransaction);
        Assert.DoesNotContain(site.Notifications.Published, n => n.Request.Data.Values.Any(v => v.Contains("burnout", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_stale_form_is_refused_with_a_message_and_changes_nothing()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var ex = await Assert.ThrowsAsync<MentoringRuleException>(() => service.LogMeetingAsync(MentoringSite.As("mentor-1"), pairId, Input(MentoringSite.Start), version: 1, default));
        Assert.Equal(MentoringService.StaleMessage, ex.Message);
        Assert.Empty(scope.ServiceProvider.GetRequiredService<MentoringDbContext>().Meetings);
    }

    [Fact]
    public async Task A_mentee_request_goes_to_the_mentor_and_expires_after_the_deadline()
    {
        await using var site = new MentoringSite();
        await site.ApproveAsync("mentor-1", ApplicationRole.Mentor, "Org A", ["succession"]);
        await site.ApproveAsync("mentee-1", ApplicationRole.Mentee, "Org B", ["succession"]);
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var pair = await service.RequestMentorAsync(MentoringSite.As("mentee-1"), "mentor-1", "Could you help me?", default);
        Assert.Contains(site.Notifications.Published, n => n.Request.Kind == MentoringNotifications.RequestReceived && n.Request.RecipientUserId == "mentor-1");

        var task = scope.ServiceProvider.GetRequiredService<RequestExpiryTask>();
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(6));
        Assert.Equal(0, await task.RunOnceAsync(default));
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(8));
        await task.RunAsync(default);
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        Assert.Equal(PairStatus.Expired, (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pair.Id)).Status);
        Assert.Contains(site.Notifications.Published, n => n.Request.Kind == MentoringNotifications.RequestExpired && n.Request.RecipientUserId == "mentee-1");
    }

    [Fact]
    public async Task Stall_detection_reminds_the_mentor_once_per_idle_stretch_and_sends_staff_a_digest()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        await using var scope = site.Scope();
        var task = scope.ServiceProvider.GetRequiredService<StallDetectionTask>();
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(20));
        Assert.Equal(0, await task.RunOnceAsync(default));
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(22));
        await task.RunAsync(default);
        Assert.Equal(0, await task.RunOnceAsync(default));
        var reminder = Assert.Single(site.Notifications.Published, n => n.Request.Kind == MentoringNotifications.StallReminder);
        Assert.Equal("mentor-1", reminder.Request.RecipientUserId);
        Assert.Equal($"/mentoring/pairs/{pairId}", reminder.Request.Url);
        Assert.Equal("22", reminder.Request.Data["days"]);
        Assert.Equal("staff-1", Assert.Single(site.Notifications.Published, n => n.Request.Kind == MentoringNotifications.StallDigest).Request.RecipientUserId);
    }

    [Fact]
    public async Task Meeting_reminders_go_to_both_sides_once()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var version = (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Version;
        await service.ScheduleNextAsync(MentoringSite.As("mentee-1"), pairId, MentoringSite.Start.AddDays(3), 60, MeetingMode.Phone, null, version, default);
        var task = scope.ServiceProvider.GetRequiredService<MeetingReminderTask>();
        Assert.Equal(0, await task.RunOnceAsync(default));
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(2).AddHours(1));
        await task.RunAsync(default);
        Assert.Equal(0, await task.RunOnceAsync(default));
        var reminders = site.Notifications.Published.Where(n => n.Request.Kind == MentoringNotifications.MeetingReminder).Select(n => n.Request.RecipientUserId).Order().ToArray();
        Assert.Equal(["mentee-1", "mentor-1"], reminders);
    }

    [Fact]
    public async Task The_dashboard_uses_the_same_number_of_queries_for_one_mentee_or_many_and_respects_consent()
    {
        await using var site = new MentoringSite();
        await site.ActivePairAsync("mentor-1", "mentee-1");
        site.Learning.Sharing.Add("mentee-1");
        int one;
        await using (var scope = site.Scope())
        {
            site.Commands.Reset();
            var view = await scope.ServiceProvider.GetRequiredService<MentorDashboard>().GetAsync("mentor-1", default);
            one = site.Commands.Count;
            Assert.NotNull(Assert.Single(view.Mentees).Learning);
        }

        await site.ActivePairAsync("mentor-1", "mentee-2");
        await site.ActivePairAsync("mentor-1", "mentee-3");
        await using (var scope = site.Scope())
        {
            site.Commands.Reset();
            var view = await scope.ServiceProvider.GetRequiredService<MentorDashboard>().GetAsync("mentor-1", default);
            Assert.Equal(one, site.Commands.Count);
            Assert.Equal(3, view.Mentees.Count);
            Assert.Null(view.Mentees.Single(m => m.Pair.MenteeUserId == "mentee-2").Learning);
            Assert.NotNull(view.Mentees.Single(m => m.Pair.MenteeUserId == "mentee-1").Learning);
        }

        // The academy is asked once per page, for every mentee together, never once per mentee.
        Assert.Equal(2, site.Learning.BatchCalls);
        Assert.Equal(0, site.Learning.Calls);
    }

    [Fact]
    public async Task The_mentor_withdraws_with_a_confirmation_and_the_mentee_is_told()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        int Version() => db.Pairs.AsNoTracking().Single(p => p.Id == pairId).Version;

        await Assert.ThrowsAsync<MentoringRuleException>(() => service.WithdrawAsync(MentoringSite.As("mentor-1"), pairId, "Moving abroad", confirmed: false, Version(), default));
        await Assert.ThrowsAsync<MentoringRuleException>(() => service.WithdrawAsync(MentoringSite.As("mentee-1"), pairId, "Not for me", confirmed: true, Version(), default));
        await Assert.ThrowsAsync<PairNotFoundException>(() => service.WithdrawAsync(MentoringSite.As("mentor-2"), pairId, "x", confirmed: true, Version(), default));
        await Assert.ThrowsAsync<MentoringRuleException>(() => service.WithdrawAsync(MentoringSite.As("mentor-1"), pairId, "Moving abroad", confirmed: true, Version() - 1, default));
        await service.WithdrawAsync(MentoringSite.As("mentor-1"), pairId, "Moving abroad", confirmed: true, Version(), default);

        var pair = await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId);
        Assert.Equal((PairStatus.Withdrawn, "Moving abroad"), (pair.Status, pair.EndReason));
        var told = Assert.Single(site.Notifications.Published, n => n.Request.Kind == MentoringNotifications.PairWithdrawn);
        Assert.Equal("mentee-1", told.Request.RecipientUserId);
        Assert.True(told.InTransaction);
        Assert.Equal("Moving abroad", told.Request.Data["reason"]);
    }

    [Fact]
    public async Task Staff_re_pair_a_mentee_in_one_step_and_a_stale_or_unconfirmed_form_changes_nothing()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        await site.ApproveAsync("mentor-2", ApplicationRole.Mentor, "Org B", ["succession"]);
        await using var scope = site.Scope();
        var admin = scope.ServiceProvider.GetRequiredService<MentoringAdminService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        int Version() => db.Pairs.AsNoTracking().Single(p => p.Id == pairId).Version;

        var options = (await admin.RepairOptionsAsync(pairId, false, default))!.Value;
        Assert.Equal(["mentor-2"], options.Suggestions.Select(s => s.Mentor.UserId));
        await Assert.ThrowsAsync<MentoringRuleException>(() => admin.RepairAsync("staff-1", pairId, "mentor-2", "Not a good fit", confirmed: false, false, Version(), default));
        await Assert.ThrowsAsync<MentoringRuleException>(() => admin.RepairAsync("staff-1", pairId, "mentor-1", "Not a good fit", confirmed: true, false, Version(), default));
        await Assert.ThrowsAsync<MentoringRuleException>(() => admin.RepairAsync("staff-1", pairId, "nobody", "Not a good fit", confirmed: true, false, Version(), default));
        await Assert.ThrowsAsync<MentoringRuleException>(() => admin.RepairAsync("staff-1", pairId, "mentor-2", "Not a good fit", confirmed: true, false, Version() + 5, default));
        await Assert.ThrowsAsync<PairNotFoundException>(() => admin.RepairAsync("staff-1", 999, "mentor-2", "x", confirmed: true, false, 0, default));
        Assert.Equal(PairStatus.Active, (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Status);
        var before = site.Notifications.Published.Count;

        var next = await admin.RepairAsync("staff-1", pairId, "mentor-2", "Not a good fit", confirmed: true, false, Version(), default);

        var old = await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId);
        Assert.Equal((PairStatus.Withdrawn, "Not a good fit"), (old.Status, old.EndReason));
        var fresh = await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == next.Id);
        Assert.Equal(("mentor-2", "mentee-1", PairStatus.Proposed, "staff-1"), (fresh.MentorUserId, fresh.MenteeUserId, fresh.Status, fresh.ProposedByUserId));
        var sent = site.Notifications.Published.Skip(before).Select(n => (n.Request.Kind, n.Request.RecipientUserId)).ToList();
        Assert.Equal([(MentoringNotifications.PairWithdrawn, "mentor-1"), (MentoringNotifications.PairProposed, "mentor-2"), (MentoringNotifications.PairProposed, "mentee-1")], sent);
        Assert.All(site.Notifications.Published.Skip(before), n => Assert.True(n.InTransaction));
    }

    [Fact]
    public async Task Export_holds_my_own_private_notes_only_and_erasure_anonymises_the_mentees_pairs_for_the_mentor()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(3));
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var version = (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Version;
        await service.LogMeetingAsync(MentoringSite.As("mentor-1"), pairId, Input(MentoringSite.Start.AddDays(1), "Mentor's own thought"), version, default);
        var provider = scope.ServiceProvider.GetServices<IPersonalDataProvider>().Single(p => p.Section == "mentoring");

        var menteeExport = await provider.ExportAsync("mentee-1");
        Assert.Empty(menteeExport.Tables.Single(t => t.Name == "privateNotes").Rows);
        Assert.DoesNotContain(menteeExport.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Fields), f => f.Value?.Contains("own thought", StringComparison.Ordinal) == true);
        var mentorExport = await provider.ExportAsync("mentor-1");
        Assert.Single(mentorExport.Tables.Single(t => t.Name == "privateNotes").Rows);

        var erased = await provider.EraseAsync("mentee-1");
        Assert.True(erased.Anonymised >= 1);
        db.ChangeTracker.Clear();
        var pair = await db.Pairs.SingleAsync(p => p.Id == pairId);
        Assert.True(pair.MenteeErased);
        Assert.Equal("", pair.MenteeUserId);
        Assert.Single(db.Meetings.Where(m => m.PairId == pairId));
        Assert.NotNull(await service.GetPairAsync(MentoringSite.As("mentor-1"), pairId, default));
        Assert.Equal(PersonalDataErasure.None.Deleted, (await provider.EraseAsync("mentee-1")).Deleted);
    }

    [Fact]
    public async Task Metrics_report_meetings_hours_by_month_and_mode_and_the_online_share()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(40));
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        foreach (var (days, mode) in new[] { (1, MeetingMode.InPerson), (10, MeetingMode.Video), (35, MeetingMode.Phone) })
        {
            var version = (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Version;
            await service.LogMeetingAsync(MentoringSite.As("mentor-1"), pairId, Input(MentoringSite.Start.AddDays(days)) with { Mode = mode, Minutes = 90 }, version, default);
        }

        site.Commands.Reset();
        var metrics = await scope.ServiceProvider.GetServices<IMetricsSource>().Single(m => m.Module == "Mentoring").GetMetricsAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30));
        // Counted in the database: a fixed set of grouped queries and counts, never the period's rows (pairs twice,
        // the meetings once by mode and month together, goals).
        Assert.Equal(4, site.Commands.Count);
        Assert.All(site.Commands.Texts, sql => Assert.Matches("COUNT|SUM", sql));
        var meetings = metrics.Single(m => m.Key == "mentoring.meetings");
        Assert.Equal(3, meetings.Value);
        Assert.Equal(["2026-03", "2026-04"], meetings.Breakdowns.Single(b => b.Dimension == "month").Parts.Select(p => p.Key).ToArray());
        Assert.Equal(1, meetings.Breakdowns.Single(b => b.Dimension == "mode").Parts.Single(p => p.Key == "video").Value);
        Assert.Equal(4.5m, metrics.Single(m => m.Key == "mentoring.hours").Value);
        Assert.Equal(4.5m, metrics.Single(m => m.Key == "mentoring.hours").Breakdowns.Single(b => b.Dimension == "month").Parts.Sum(p => p.Value));
        Assert.Equal(3, meetings.Breakdowns.Single(b => b.Dimension == "month").Parts.Sum(p => p.Value));
        Assert.Equal(1, metrics.Single(m => m.Key == "mentoring.pairs-active").Value);
        Assert.Equal(0, metrics.Single(m => m.Key == "mentoring.pairs-completed").Value);
        // 2 of 3 meetings online: the share would reveal counts the dashboard shows as "< 5", so it is left out.
        Assert.DoesNotContain(metrics, m => m.Key == "mentoring.online-share");
        Assert.Equal(1, metrics.Single(m => m.Key == "mentoring.pairs-started").Value);
    }

    [Fact]
    public async Task The_online_share_is_reported_once_both_sides_are_large_enough_to_show()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        site.Clock.SetUtcNow(MentoringSite.Start.AddDays(40));
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        for (var i = 0; i < 15; i++)
        {
            var version = (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Version;
            var mode = i < 5 ? MeetingMode.Phone : MeetingMode.InPerson;
            await service.LogMeetingAsync(MentoringSite.As("mentor-1"), pairId, Input(MentoringSite.Start.AddDays(1 + (i * 2))) with { Mode = mode, Minutes = 30 }, version, default);
        }

        var metrics = await scope.ServiceProvider.GetServices<IMetricsSource>().Single(m => m.Module == "Mentoring").GetMetricsAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30));
        Assert.Equal(33.3m, metrics.Single(m => m.Key == "mentoring.online-share").Value);
    }

    [Fact]
    public async Task Staff_matching_never_pairs_within_one_organisation_without_override()
    {
        await using var site = new MentoringSite();
        await site.ApproveAsync("mentor-1", ApplicationRole.Mentor, "Same Group", ["succession"]);
        await site.ApproveAsync("mentee-1", ApplicationRole.Mentee, "same group", ["succession"]);
        await using var scope = site.Scope();
        var admin = scope.ServiceProvider.GetRequiredService<MentoringAdminService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var application = await db.Applications.SingleAsync(a => a.UserId == "mentee-1");
        await Assert.ThrowsAsync<MentoringRuleException>(() => admin.ConfirmPairAsync("staff-1", application.Id, "mentor-1", false, default));
        var pair = await admin.ConfirmPairAsync("staff-1", application.Id, "mentor-1", true, default);
        Assert.True(pair.SameOrganisationOverride);
        Assert.Equal(2, site.Notifications.Published.Count(n => n.Request.Kind == MentoringNotifications.PairProposed));
    }

    [Fact]
    public async Task The_next_meeting_downloads_as_an_ics_event()
    {
        await using var site = new MentoringSite();
        var pairId = await site.ActivePairAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var version = (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Version;
        await service.ScheduleNextAsync(MentoringSite.As("mentor-1"), pairId, MentoringSite.Start.AddDays(3), 45, MeetingMode.Video, "Zoom", version, default);
        var pair = await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId);
        var ics = MeetingCalendar.ToIcs(pair, "Mentoring meeting", null, "portal.example", site.Clock.GetUtcNow());
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260305T020000Z", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND:20260305T024500Z", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:Zoom", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:" + site.Clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), ics, StringComparison.Ordinal);
    }
}

public sealed class CertificateTests
{
    private sealed class RecordingIssuer : Portal.Learning.ICertificateIssuer
    {
        public List<Portal.Learning.ProgrammeCertificateRequest> Requests { get; } = [];

        public Task<string> IssueAsync(Portal.Learning.ProgrammeCertificateRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult("ABCDEFGHJKMNPQRS");
        }
    }

    [Fact]
    public async Task Completing_a_mentorship_issues_the_mentee_a_certificate_once()
    {
        var issuer = new RecordingIssuer();
        await using var site = new MentoringSite(issuer: issuer);
        var pairId = await site.ActivePairAsync();
        await using var scope = site.Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var version = (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).Version;
        await service.EndAsync(MentoringSite.As("mentor-1"), pairId, completed: true, "Both goals reached", version, default);
        var request = Assert.Single(issuer.Requests);
        Assert.Equal(("mentee-1", $"mentoring-pair:{pairId}"), (request.HolderUserId, request.SourceKey));
        Assert.Equal("ABCDEFGHJKMNPQRS", (await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pairId)).CertificateCode);
    }
}
