using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Mentoring.Models;
using Portal.Mentoring.Resources;
using Portal.Mentoring.Services;
using Portal.Mentoring.ViewModels;
using Portal.People;
using Portal.Globalization;

namespace Portal.Mentoring.Controllers;

/// <summary>The pages of people in the scheme: applying, finding a mentor, the pair, "My mentees".</summary>
[Area("Mentoring")]
[Authorize]
public sealed class MentoringController(
    MentoringService mentoring,
    MentoringAccess access,
    MentorDashboard dashboard,
    IPersonDirectory directory,
    TimeProvider clock,
    IOptions<MentoringOptions> options,
    Portal.Navigation.ISiteLinks links,
    Portal.Privacy.IPersonalDataAccessLog audit,
    IStringLocalizer<MentoringStrings> t) : MentoringControllerBase(t)
{
    [HttpGet("/mentoring")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User);
        var pairs = await mentoring.MyPairsAsync(viewer, ct);
        var ids = pairs.SelectMany(p => new[] { p.MentorUserId, p.MenteeUserId }).Where(id => id.Length > 0).Distinct().ToList();
        var names = await directory.NamesAsync(ids, ct);
        return View(new HomePage { Applications = await mentoring.MyApplicationsAsync(UserId, ct), Pairs = pairs, Names = names, UserId = UserId });
    }

    [HttpGet("/mentoring/apply/mentor")]
    public Task<IActionResult> ApplyMentor(CancellationToken ct) => ApplyPage(ApplicationRole.Mentor, ct);

    [HttpGet("/mentoring/apply/mentee")]
    public Task<IActionResult> ApplyMentee(CancellationToken ct) => ApplyPage(ApplicationRole.Mentee, ct);

    private async Task<IActionResult> ApplyPage(ApplicationRole role, CancellationToken ct)
    {
        var existing = await mentoring.FindApplicationAsync(UserId, role, ct);
        var form = existing is null ? new ApplyForm { Role = role, Languages = ["yue"] } : ApplyForm.From(existing);
        return View("Apply", form);
    }

    [HttpPost("/mentoring/apply")]
    public async Task<IActionResult> Apply(ApplyForm form, CancellationToken ct)
    {
        if (!Enum.IsDefined(form.Role))
        {
            return BadRequest();
        }

        if (KeepTyped())
        {
            try
            {
                await mentoring.ApplyAsync(UserId, form.Role, form.ToDetails(), form.Version, ct);
                ShowStatus("Thank you. Your application has been sent to the scheme's staff.");
                return Redirect("/mentoring");
            }
            catch (MentoringRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        var existing = await mentoring.FindApplicationAsync(UserId, form.Role, ct);
        form.Status = existing?.Status;
        form.DecisionReason = existing?.DecisionReason;
        return View("Apply", form);
    }

    [HttpGet("/mentoring/mentors")]
    public async Task<IActionResult> Mentors(CancellationToken ct) => View(await MentorsPageAsync(ct));

    [HttpPost("/mentoring/mentors/request")]
    public async Task<IActionResult> RequestMentor(string mentorId, string? message, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User);
        try
        {
            var pair = await mentoring.RequestMentorAsync(viewer, mentorId ?? "", message, ct);
            ShowStatus("Your request has been sent. The mentor will answer within a few days.");
            return Redirect($"/mentoring/pairs/{pair.Id}");
        }
        catch (MentoringRuleException ex)
        {
            AddError(ex.Message);
            var page = await MentorsPageAsync(ct);
            page.Message = message;
            return View("Mentors", page);
        }
    }

    private async Task<MentorsPage> MentorsPageAsync(CancellationToken ct)
    {
        var application = await mentoring.FindApplicationAsync(UserId, ApplicationRole.Mentee, ct);
        var approved = application?.Status == ApplicationStatus.Approved;
        var paired = approved && await mentoring.HasOpenPairAsMenteeAsync(UserId, ct);
        var suggestions = approved && !paired ? await mentoring.SuggestForMenteeAsync(UserId, false, ct) : [];
        var ids = suggestions.Select(s => s.Mentor.UserId).ToList();
        var names = await directory.NamesAsync(ids, ct);
        var bios = await mentoring.MentorBiosAsync(ids, ct);
        return new MentorsPage { Approved = approved, AlreadyPaired = paired, Suggestions = suggestions, Names = names, Bios = bios };
    }

    [HttpGet("/mentoring/mentees")]
    public async Task<IActionResult> Mentees(CancellationToken ct) => View(await dashboard.GetAsync(UserId, ct));

    [HttpGet("/mentoring/pairs/{id:long}")]
    public async Task<IActionResult> Pair(long id, CancellationToken ct)
    {
        var page = await PairPageAsync(id, ct);
        if (page is null)
        {
            return NotFoundPage();
        }

        // Staff outside the pair (audit trail): a reason first, then one entry for the mentor and one for the mentee.
        var viewer = await access.ViewerAsync(User);
        if (MentoringAccess.RoleIn(page.Pair, viewer) == PairRole.Staff)
        {
            var scope = "mentoring.pair:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (audit.GivenReason(scope) is not { } reason)
            {
                return View(Portal.Privacy.PersonalDataReasonPrompt.ViewName, new Portal.Privacy.PersonalDataReasonPrompt(AuditedAreas.Pairs, scope, Request.Path + Request.QueryString));
            }

            await audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(
                viewer.UserId, [page.Pair.MentorUserId, page.Pair.MenteeUserId], AuditedAreas.Pairs, Portal.Privacy.PersonalDataAction.Viewed, reason, "pair " + id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
        }

        if (page.Pair.NextMeetingUtc is { } next)
        {
            page.Next = new NextMeetingForm { When = PortalCultures.ToHongKong(next).DateTime, Minutes = page.Pair.NextMeetingMinutes, Mode = page.Pair.NextMeetingMode, Place = page.Pair.NextMeetingPlace };
        }

        // Default: now (Hong Kong), rounded down to the quarter hour, so the default is never in the future.
        var local = PortalCultures.ToHongKong(clock.GetUtcNow()).DateTime;
        page.Meeting.Held = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute / 15 * 15, 0, DateTimeKind.Unspecified);
        return View(page);
    }

    [HttpPost("/mentoring/pairs/{id:long}/respond")]
    public Task<IActionResult> Respond(long id, bool accept, CancellationToken ct) =>
        Act(id, v => mentoring.RespondAsync(v, id, accept, ct), accept ? "You accepted. Please read and accept the agreement." : "You declined the request.", ct);

    [HttpPost("/mentoring/pairs/{id:long}/agreement")]
    public Task<IActionResult> Agreement(long id, int version, bool agree, CancellationToken ct)
    {
        if (!agree)
        {
            AddError("Tick the box to say you agree.");
            return Rerender(id, null, ct);
        }

        return Act(id, v => mentoring.AcceptAgreementAsync(v, id, version, ct), "Thank you for accepting the agreement.", ct);
    }

    [HttpPost("/mentoring/pairs/{id:long}/fit")]
    public Task<IActionResult> Fit(long id, bool goodFit, CancellationToken ct) =>
        Act(id, v => mentoring.AnswerFitAsync(v, id, goodFit, ct), goodFit ? "Thank you for your answer." : "Thank you for your honesty. The scheme's staff will talk with you both about a new match: nobody is to blame.", ct);

    [HttpPost("/mentoring/pairs/{id:long}/goals")]
    public async Task<IActionResult> SaveGoal(long id, [Bind(Prefix = "Goal")] GoalForm goal, CancellationToken ct)
    {
        if (KeepTyped())
        {
            try
            {
                var viewer = await access.ViewerAsync(User);
                await mentoring.SaveGoalAsync(viewer, id, goal.Id, goal.ToDetails(), goal.Version, ct);
                ShowStatus("The goal is saved.");
                return Redirect($"/mentoring/pairs/{id}#goals");
            }
            catch (PairNotFoundException)
            {
                return NotFoundPage();
            }
            catch (MentoringRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        if (goal.Id is not null)
        {
            var pair = await access.FindPairAsync(id, await access.ViewerAsync(User), false, ct);
            return pair is null ? NotFoundPage() : View("Goal", new GoalPage { Pair = pair, Goal = goal });
        }

        return await Rerender(id, p => { p.Goal = goal; p.FormWithErrors = "goal"; }, ct);
    }

    [HttpGet("/mentoring/pairs/{id:long}/goals/{goalId:long}")]
    public async Task<IActionResult> Goal(long id, long goalId, CancellationToken ct)
    {
        var page = await PairPageAsync(id, ct);
        var goal = page?.Details.Goals.FirstOrDefault(g => g.Id == goalId);
        if (page is null || goal is null)
        {
            return NotFoundPage();
        }

        return View(new GoalPage { Pair = page.Pair, Goal = GoalForm.From(goal) });
    }

    [HttpPost("/mentoring/pairs/{id:long}/meetings")]
    public async Task<IActionResult> LogMeeting(long id, [Bind(Prefix = "Meeting")] MeetingForm meeting, int version, CancellationToken ct)
    {
        if (meeting.Held is null)
        {
            AddError("Enter the date and time of the meeting.");
        }
        else if (meeting.Minutes is null)
        {
            AddError("Enter the length in minutes.");
        }
        else if (!IsPlausible(meeting.Held.Value))
        {
            AddError("Please check the numbers and dates you typed.");
        }

        if (KeepTyped())
        {
            try
            {
                var viewer = await access.ViewerAsync(User);
                var actions = new[] { meeting.Action1, meeting.Action2, meeting.Action3 }
                    .Where(a => !string.IsNullOrWhiteSpace(a))
                    .Select(a => (a!, ActionOwner.Mentee, meeting.ActionsDue)).ToList();
                await mentoring.LogMeetingAsync(viewer, id, new MeetingInput(PortalCultures.FromHongKong(meeting.Held!.Value), meeting.Minutes!.Value,
                    meeting.Mode, meeting.Topics, meeting.SharedNotes, meeting.PrivateNote, actions), version, ct);
                ShowStatus("The meeting is logged. Your mentee will be asked to confirm it.");
                return Redirect($"/mentoring/pairs/{id}#meetings");
            }
            catch (PairNotFoundException)
            {
                return NotFoundPage();
            }
            catch (MentoringRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        return await Rerender(id, p => { p.Meeting = meeting; p.FormWithErrors = "meeting"; }, ct);
    }

    [HttpPost("/mentoring/pairs/{id:long}/meetings/{meetingId:long}/confirm")]
    public Task<IActionResult> ConfirmMeeting(long id, long meetingId, int? rating, CancellationToken ct) =>
        Act(id, v => mentoring.ConfirmMeetingAsync(v, id, meetingId, rating, ct), "Thank you. The meeting is confirmed.", ct);

    [HttpPost("/mentoring/pairs/{id:long}/actions/{actionId:long}")]
    public Task<IActionResult> ActionDone(long id, long actionId, bool done, CancellationToken ct) =>
        Act(id, v => mentoring.SetActionDoneAsync(v, id, actionId, done, ct), done ? "Well done: the action is ticked off." : "The action is open again.", ct);

    [HttpPost("/mentoring/pairs/{id:long}/next")]
    public async Task<IActionResult> Next(long id, [Bind(Prefix = "Next")] NextMeetingForm next, int version, CancellationToken ct)
    {
        if (next.When is null || next.Minutes is null)
        {
            AddError("Enter the date, time and length of the next meeting.");
        }
        else if (!IsPlausible(next.When.Value))
        {
            AddError("Please check the numbers and dates you typed.");
        }

        if (KeepTyped())
        {
            try
            {
                var viewer = await access.ViewerAsync(User);
                await mentoring.ScheduleNextAsync(viewer, id, PortalCultures.FromHongKong(next.When!.Value), next.Minutes!.Value, next.Mode, next.Place, version, ct);
                ShowStatus("The next meeting is planned. Add it to your calendar.");
                return Redirect($"/mentoring/pairs/{id}#next");
            }
            catch (PairNotFoundException)
            {
                return NotFoundPage();
            }
            catch (MentoringRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        return await Rerender(id, p => { p.Next = next; p.FormWithErrors = "next"; }, ct);
    }

    [HttpGet("/mentoring/pairs/{id:long}/next-meeting.ics")]
    public async Task<IActionResult> Calendar(long id, CancellationToken ct)
    {
        var page = await PairPageAsync(id, ct);
        if (page?.Pair.NextMeetingUtc is null)
        {
            return NotFoundPage();
        }

        var other = page.Role == PairRole.Mentor ? page.MenteeName : page.MentorName;
        var title = string.Format(T["Mentoring meeting with {0}"].Value, other);
        var ics = MeetingCalendar.ToIcs(page.Pair, title, links.Absolute($"/mentoring/pairs/{id}"), new Uri(links.BaseUrl).Host, clock.GetUtcNow());
        return File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "mentoring-meeting.ics");
    }

    [HttpPost("/mentoring/pairs/{id:long}/end")]
    public async Task<IActionResult> End(long id, [Bind(Prefix = "End")] EndForm end, int version, CancellationToken ct)
    {
        try
        {
            var viewer = await access.ViewerAsync(User);
            await mentoring.EndAsync(viewer, id, end.Completed, end.Reason ?? "", version, ct);
            ShowStatus(end.Completed ? "Congratulations on completing the mentorship." : "The pair has ended. Thank you both.");
            return Redirect($"/mentoring/pairs/{id}");
        }
        catch (PairNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MentoringRuleException ex)
        {
            AddError(ex.Message);
            return await Rerender(id, p => { p.End = end; p.FormWithErrors = "end"; }, ct);
        }
    }

    /// <summary>The mentor or staff withdraw the pair: a reason and a ticked "yes, withdraw" box (the confirmation).</summary>
    [HttpPost("/mentoring/pairs/{id:long}/withdraw")]
    public async Task<IActionResult> Withdraw(long id, [Bind(Prefix = "Withdraw")] WithdrawForm withdraw, int version, CancellationToken ct)
    {
        try
        {
            await mentoring.WithdrawAsync(await access.ViewerAsync(User), id, withdraw.Reason ?? "", withdraw.Confirm, version, ct);
            ShowStatus("The pair is withdrawn. The other side has been told.");
            return Redirect($"/mentoring/pairs/{id}");
        }
        catch (PairNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MentoringRuleException ex)
        {
            AddError(ex.Message);
            return await Rerender(id, p => { p.Withdraw = withdraw; p.FormWithErrors = "withdraw"; }, ct);
        }
    }

    /// <summary>One private note by id: its author sees it; for anyone else it does not exist.</summary>
    [HttpGet("/mentoring/notes/{noteId:long}")]
    public async Task<IActionResult> Note(long noteId, CancellationToken ct)
    {
        var note = await mentoring.FindPrivateNoteAsync(await access.ViewerAsync(User), noteId, ct);
        return note is null ? NotFoundPage() : View(note);
    }

    private async Task<IActionResult> Act(long id, Func<Viewer, Task> action, string status, CancellationToken ct)
    {
        try
        {
            await action(await access.ViewerAsync(User));
            ShowStatus(status);
            return Redirect($"/mentoring/pairs/{id}");
        }
        catch (PairNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MentoringRuleException ex)
        {
            AddError(ex.Message);
            return await Rerender(id, null, ct);
        }
    }

    private async Task<IActionResult> Rerender(long id, Action<PairPage>? keep, CancellationToken ct)
    {
        var page = await PairPageAsync(id, ct);
        if (page is null)
        {
            return NotFoundPage();
        }

        keep?.Invoke(page);
        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return View("Pair", page);
    }

    private async Task<PairPage?> PairPageAsync(long id, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User);
        var details = await mentoring.GetPairAsync(viewer, id, ct);
        return details is null ? null : new PairPage { Details = details, UserId = viewer.UserId, StallAfterDays = options.Value.StallAfterDays, Now = clock.GetUtcNow() };
    }

    /// <summary>Binding errors (e.g. letters in a number) become one message in the person's language; what they
    /// typed stays in the form. Returns true when there is nothing wrong so far.</summary>
    /// <summary>A date a person may mean in this scheme (a typed year 0001 or 9999 is a slip, and out of range for time zones).</summary>
    private static bool IsPlausible(DateTime local) => local.Year is >= 2000 and <= 2100;

    private bool KeepTyped() => ModelStateHelper.KeepTyped(ModelState, T["Please check the numbers and dates you typed."].Value);
}
