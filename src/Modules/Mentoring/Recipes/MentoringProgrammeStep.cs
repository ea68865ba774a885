using Microsoft.EntityFrameworkCore;
using Portal.Caching;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Mentoring.Services;
using Portal.People;
using Portal.Recipes;
using Portal.Globalization;

namespace Portal.Mentoring.Recipes;

public sealed class MentoringProgrammeModel
{
    public List<RecipeApplication> Applications { get; set; } = [];
    public List<RecipePair> Pairs { get; set; } = [];
}

public sealed class RecipeApplication
{
    public string UserName { get; set; } = "";
    public string Role { get; set; } = "mentor";
    public string Status { get; set; } = "approved";
    public string? Organisation { get; set; }
    public List<string> Areas { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> Districts { get; set; } = [];
    public List<string> Availability { get; set; } = [];
    public int Capacity { get; set; } = 2;
    public string? About { get; set; }
    public string? Preferences { get; set; }
    public string? DeclineReason { get; set; }
}

public sealed class RecipePair
{
    public string Mentor { get; set; } = "";
    public string Mentee { get; set; } = "";

    /// <summary>requested, proposed, active, completed, ended-early.</summary>
    public string Stage { get; set; } = "active";
    public int StartedDaysAgo { get; set; } = 60;
    public string? Reason { get; set; }
    public bool? MentorFit { get; set; }
    public bool? MenteeFit { get; set; }
    public int? NextMeetingInDays { get; set; }
    public List<RecipeGoal> Goals { get; set; } = [];
    public List<RecipeMeeting> Meetings { get; set; } = [];
}

public sealed class RecipeGoal
{
    public string Title { get; set; } = "";
    public string? Specific { get; set; }
    public string? Measure { get; set; }
    public string? Relevance { get; set; }
    public int? TargetInDays { get; set; }
    public string Status { get; set; } = "in-progress";
    public int Progress { get; set; }
}

public sealed class RecipeMeeting
{
    public int DaysAgo { get; set; }
    public int Minutes { get; set; } = 60;
    public string Mode { get; set; } = "in-person";
    public string? Topics { get; set; }
    public string? Notes { get; set; }
    public string? PrivateNote { get; set; }
    public int? Rating { get; set; }
    public List<string> Actions { get; set; } = [];
}

/// <summary>Demo programme: applications, and pairs at each stage with goals and logged meetings. Idempotent: an
/// application is matched on (user, role), a pair on (mentor, mentee).</summary>
internal sealed class MentoringProgrammeStep(MentoringDbContext db, IPersonDirectory directory, TimeProvider clock, PersonCache<MentorStatus> mentors) : RecipeStepHandler<MentoringProgrammeModel>
{
    private static readonly string[] Stages = ["requested", "proposed", "active", "completed", "ended-early"];

    public override string StepName => "MentoringProgramme";

    public override IEnumerable<string> Validate(MentoringProgrammeModel model, RecipeExecutionContext context)
    {
        foreach (var a in model.Applications)
        {
            if (a.Role is not ("mentor" or "mentee"))
            {
                yield return $"Application of {a.UserName}: role must be mentor or mentee.";
            }
        }

        foreach (var p in model.Pairs.Where(p => !Stages.Contains(p.Stage)))
        {
            yield return $"Pair {p.Mentor}/{p.Mentee}: unknown stage '{p.Stage}'.";
        }
    }

    public override async Task ExecuteAsync(MentoringProgrammeModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var a in model.Applications)
        {
            var person = await directory.FindByUserNameAsync(a.UserName, cancellationToken)
                ?? throw new InvalidOperationException($"MentoringProgramme: no account named {a.UserName}.");
            var role = a.Role == "mentor" ? ApplicationRole.Mentor : ApplicationRole.Mentee;
            if (await db.Applications.AnyAsync(x => x.UserId == person.UserId && x.Role == role, cancellationToken))
            {
                continue;
            }

            var application = Application.Submit(person.UserId, role, new ApplicationDetails
            {
                Organisation = a.Organisation, Areas = a.Areas, Languages = a.Languages, Districts = a.Districts,
                Availability = a.Availability, Capacity = a.Capacity, About = a.About, Preferences = a.Preferences,
            }, now.AddDays(-120));
            if (a.Status == "approved")
            {
                application.Approve("recipe", now.AddDays(-115));
            }
            else if (a.Status == "declined")
            {
                application.Decline("recipe", a.DeclineReason ?? "-", now.AddDays(-115));
            }

            db.Applications.Add(application);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var p in model.Pairs)
        {
            var mentor = await directory.FindByUserNameAsync(p.Mentor, cancellationToken)
                ?? throw new InvalidOperationException($"MentoringProgramme: no account named {p.Mentor}.");
            var mentee = await directory.FindByUserNameAsync(p.Mentee, cancellationToken)
                ?? throw new InvalidOperationException($"MentoringProgramme: no account named {p.Mentee}.");
            if (await db.Pairs.AnyAsync(x => x.MentorUserId == mentor.UserId && x.MenteeUserId == mentee.UserId, cancellationToken))
            {
                continue;
            }

            var start = now.AddDays(-p.StartedDaysAgo);
            Pair pair;
            if (p.Stage == "requested")
            {
                pair = Pair.Request(mentor.UserId, mentee.UserId, p.Reason, 80, now.AddDays(5), now.AddDays(-2));
                db.Pairs.Add(pair);
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }

            pair = Pair.Propose(mentor.UserId, mentee.UserId, "recipe", 80, false, start.AddDays(-7));
            db.Pairs.Add(pair);
            await db.SaveChangesAsync(cancellationToken);
            if (p.Stage == "proposed")
            {
                pair.AcceptAgreement(PairSide.Mentor, start);
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }

            pair.AcceptAgreement(PairSide.Mentor, start);
            pair.AcceptAgreement(PairSide.Mentee, start);
            foreach (var g in p.Goals)
            {
                db.Goals.Add(Goal.Create(pair.Id, new GoalDetails
                {
                    Title = g.Title, Specific = g.Specific, Measure = g.Measure, Relevance = g.Relevance,
                    TargetDate = g.TargetInDays is { } d ? PortalCultures.Today(clock).AddDays(d) : null,
                    Status = g.Status switch { "achieved" => GoalStatus.Achieved, "not-started" => GoalStatus.NotStarted, "dropped" => GoalStatus.Dropped, _ => GoalStatus.InProgress },
                    Progress = g.Progress,
                }, start.AddDays(1)));
            }

            foreach (var m in p.Meetings.OrderByDescending(m => m.DaysAgo))
            {
                var held = now.AddDays(-m.DaysAgo);
                var mode = m.Mode switch { "phone" => MeetingMode.Phone, "video" => MeetingMode.Video, _ => MeetingMode.InPerson };
                var meeting = Meeting.Log(pair, held, m.Minutes, mode, m.Topics, m.Notes, held.AddHours(2));
                db.Meetings.Add(meeting);
                await db.SaveChangesAsync(cancellationToken);
                if (m.Rating is { } rating)
                {
                    meeting.Confirm(rating, held.AddDays(1));
                }

                if (!string.IsNullOrWhiteSpace(m.PrivateNote))
                {
                    db.PrivateNotes.Add(PrivateNote.Write(meeting.Id, mentor.UserId, m.PrivateNote, held.AddHours(2)));
                }

                foreach (var text in m.Actions)
                {
                    db.ActionItems.Add(ActionItem.Add(pair.Id, meeting.Id, text, ActionOwner.Mentee, DateOnly.FromDateTime(PortalCultures.ToHongKong(held.AddDays(14)).DateTime), held.AddHours(2)));
                }
            }

            if (p.MentorFit is { } mf && pair.MeetingCount >= Pair.FitCheckAfterMeetings)
            {
                pair.AnswerFit(PairSide.Mentor, mf);
            }

            if (p.MenteeFit is { } tf && pair.MeetingCount >= Pair.FitCheckAfterMeetings)
            {
                pair.AnswerFit(PairSide.Mentee, tf);
            }

            if (p.NextMeetingInDays is { } next && p.Stage == "active")
            {
                pair.ScheduleNext(PortalCultures.FromHongKong(PortalCultures.Today(clock).AddDays(next).ToDateTime(new TimeOnly(19, 0))), 60, MeetingMode.Video, null, now);
            }

            if (p.Stage == "completed")
            {
                pair.Complete(p.Reason ?? "Goals reached.", now.AddDays(-Math.Max(1, p.Meetings.Select(m => m.DaysAgo).DefaultIfEmpty(1).Min() - 1)));
            }
            else if (p.Stage == "ended-early")
            {
                pair.EndEarly(p.Reason ?? "-", now.AddDays(-1));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await mentors.ForgetEveryoneAsync(cancellationToken);
    }
}
