using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Content;
using Portal.Forum.Models;
using Portal.Forum.Resources;
using Portal.Forum.Services;
using Portal.Forum.ViewModels;

namespace Portal.Forum.Controllers;

/// <summary>The moderators' queue and decisions (staff and members given the ModerateForum permission).</summary>
[Area("Forum")]
[Authorize(Policy = Permissions.ModerateForumPolicy)]
public sealed class ForumModerationController(
    ModerationService moderation,
    ForumAccess access,
    IMarkdownRenderer markdown,
    Portal.Privacy.IPersonalDataAccessLog audit,
    IStringLocalizer<ForumStrings> t) : ForumControllerBase(t)
{
    /// <summary>The reason a moderator gives covers the whole queue.</summary>
    private const string QueueScope = "forum.moderation";

    [HttpGet("/community/moderation")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        var queue = await moderation.QueueAsync(viewer, ct);
        var authors = queue.Items.Select(i => i.Post.AuthorUserId).Where(a => a.Length > 0 && a != viewer.UserId).Distinct().ToList();
        if (authors.Count > 0)
        {
            if (audit.GivenReason(QueueScope) is not { } reason)
            {
                return View(Portal.Privacy.PersonalDataReasonPrompt.ViewName, new Portal.Privacy.PersonalDataReasonPrompt(AuditedAreas.HeldPosts, QueueScope, "/community/moderation"));
            }

            await audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(viewer.UserId, authors, AuditedAreas.HeldPosts, Portal.Privacy.PersonalDataAction.Viewed, reason, "review queue"), ct);
        }

        return View(new ModerationPage { Queue = queue, Html = queue.Items.ToDictionary(i => i.Post.Id, i => markdown.ToSafeHtml(i.Post.Markdown)) });
    }

    [HttpPost("/community/moderation/posts/{id:long}/approve")]
    public Task<IActionResult> Approve(long id, string? reason, CancellationToken ct) =>
        Act(async v => await RecordDecisionAsync(v, await moderation.ApproveAsync(v, id, reason, ct), reason, "approved post " + id, ct), "The post is shown. Your decision is in the log.", ct);

    [HttpPost("/community/moderation/posts/{id:long}/remove")]
    public Task<IActionResult> Remove(long id, string? reason, CancellationToken ct) =>
        Act(async v => await RecordDecisionAsync(v, await moderation.RemoveAsync(v, id, reason, ct), reason, "removed post " + id, ct), "The post is removed. Your decision is in the log.", ct);

    [HttpPost("/community/moderation/threads/{id:long}/public")]
    public Task<IActionResult> MakePublic(long id, CancellationToken ct) =>
        Act(async v => await moderation.ApprovePublicAsync(v, id, ct), "The article is now public.", ct);

    [HttpPost("/community/moderation/members/{publicId}/standing")]
    public async Task<IActionResult> Standing(string publicId, MemberStanding standing, int days, string? reason, CancellationToken ct)
    {
        try
        {
            var viewer = await access.ViewerAsync(User, ct);
            var member = await moderation.SetStandingAsync(viewer, publicId, standing, days, reason, ct);
            await audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(viewer.UserId, member, AuditedAreas.Profiles, Portal.Privacy.PersonalDataAction.Changed, reason, "standing: " + standing), ct);
            ShowStatus("Saved. Your decision is in the log.");
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
        catch (ForumRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect("/community/members/" + Uri.EscapeDataString(publicId));
    }

    /// <summary>Audit trail: a moderator's decision about a member's post. The reason is the one typed with the decision,
    /// else the one given for the review queue, else the decision itself (moderating is why the post was opened).</summary>
    private Task RecordDecisionAsync(ForumViewer viewer, string author, string? reason, string item, CancellationToken ct) =>
        author.Length == 0
            ? Task.CompletedTask
            : audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(viewer.UserId, author, AuditedAreas.HeldPosts, Portal.Privacy.PersonalDataAction.Changed,
                string.IsNullOrWhiteSpace(reason) ? audit.GivenReason(QueueScope) ?? "Moderation decision" : reason.Trim(), item), ct);

    private async Task<IActionResult> Act(Func<ForumViewer, Task> action, string done, CancellationToken ct)
    {
        try
        {
            await action(await access.ViewerAsync(User, ct));
            ShowStatus(done);
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
        catch (ForumRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect("/community/moderation");
    }
}

/// <summary>Staff settings: communities, the support notice and the word filter.</summary>
[Area("Forum")]
[Authorize(Policy = Permissions.ManageForumPolicy)]
public sealed class ForumAdminController(ForumService forum, ModerationService moderation, IStringLocalizer<ForumStrings> t) : ForumControllerBase(t)
{
    [HttpGet("/admin/forum")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(ct));

    private async Task<AdminPage> PageAsync(CancellationToken ct)
    {
        var settings = await moderation.SettingsAsync(ct);
        return new AdminPage
        {
            Settings = settings,
            Communities = await forum.CommunitiesAsync(ct),
            NoticeZh = settings.SupportNoticeZh,
            NoticeEn = settings.SupportNoticeEn,
            WordFilter = settings.WordFilter,
        };
    }

    [HttpPost("/admin/forum/settings")]
    public async Task<IActionResult> Settings(string? noticeZh, string? noticeEn, string? wordFilter, CancellationToken ct)
    {
        try
        {
            await moderation.SaveSettingsAsync(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "", noticeZh ?? "", noticeEn ?? "", wordFilter, ct);
            ShowStatus("Saved.");
            return Redirect("/admin/forum");
        }
        catch (ForumRuleException ex)
        {
            AddError(ex.Message);
            var page = await PageAsync(ct);
            page.NoticeZh = noticeZh;
            page.NoticeEn = noticeEn;
            page.WordFilter = wordFilter;
            return View("Index", page);
        }
    }

    [HttpPost("/admin/forum/communities")]
    public async Task<IActionResult> AddCommunity([Bind(Prefix = "NewCommunity")] CommunityForm form, CancellationToken ct)
    {
        try
        {
            var community = await forum.AddCommunityAsync((form.Slug ?? "").Trim(), form.Condition ?? "", form.NameZh ?? "", form.NameEn ?? "", form.DescriptionZh ?? "", form.DescriptionEn ?? "",
                form.GuidelinesZh ?? "", form.GuidelinesEn ?? "", ct);
            ShowStatus("The community is added.");
            return Redirect("/community/" + community.Slug);
        }
        catch (ForumRuleException ex)
        {
            AddError(ex.Message);
            var page = await PageAsync(ct);
            page.NewCommunity = form;
            return View("Index", page);
        }
    }
}
