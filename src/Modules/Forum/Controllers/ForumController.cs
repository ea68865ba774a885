using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Content;
using Portal.Forum.Models;
using Portal.Forum.Resources;
using Portal.Forum.Services;
using Portal.Forum.ViewModels;
using Portal.Globalization;
using Portal.Security;

namespace Portal.Forum.Controllers;

/// <summary>The members' pages: communities, threads, replies, profiles, ratings and members like me.</summary>
[Area("Forum")]
[Authorize]
public sealed class ForumController(
    ForumService forum,
    ForumAccess access,
    PeopleService people,
    RatingService ratings,
    IMarkdownRenderer markdown,
    IStringLocalizer<ForumStrings> t) : ForumControllerBase(t)
{
    [AllowAnonymous]
    [HttpGet("/community")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        return View(new IndexPage
        {
            Communities = await forum.CommunitiesAsync(ct),
            MemberCounts = await forum.MemberCountsAsync(ct),
            Viewer = viewer,
            Latest = await forum.LatestAsync(viewer, ct),
            HasProfile = await access.HasProfileAsync(viewer.UserId, ct),
        });
    }

    [AllowAnonymous]
    [HttpGet("/community/{slug}")]
    public async Task<IActionResult> Community(string slug, int page = 1, CancellationToken ct = default)
    {
        var community = await forum.FindCommunityAsync(slug, ct);
        if (community is null)
        {
            return NotFoundPage();
        }

        return View(await CommunityModelAsync(community, page, ct));
    }

    private async Task<CommunityPageModel> CommunityModelAsync(Community community, int page, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        return new CommunityPageModel
        {
            Page = await forum.CommunityPageAsync(community, viewer, page, ct),
            Viewer = viewer,
            HasProfile = await access.HasProfileAsync(viewer.UserId, ct),
        };
    }

    [HttpPost("/community/{slug}/join")]
    public async Task<IActionResult> Join(string slug, string? displayName, bool agree, CancellationToken ct)
    {
        var community = await forum.FindCommunityAsync(slug, ct);
        if (community is null)
        {
            return NotFoundPage();
        }

        try
        {
            await forum.JoinAsync(await access.ViewerAsync(User, ct), community.Id, displayName, agree, ct);
            ShowStatus("Welcome. You have joined the community.");
            return Redirect("/community/" + community.Slug);
        }
        catch (ForumRuleException ex)
        {
            AddError(ex.Message);
            var model = await CommunityModelAsync(community, 1, ct);
            model.DisplayName = displayName;
            return View("Community", model);
        }
    }

    [HttpPost("/community/{slug}/leave")]
    public async Task<IActionResult> Leave(string slug, CancellationToken ct)
    {
        var community = await forum.FindCommunityAsync(slug, ct);
        if (community is null)
        {
            return NotFoundPage();
        }

        await forum.LeaveAsync(await access.ViewerAsync(User, ct), community.Id, ct);
        ShowStatus("You have left the community. Your posts stay; you can join again at any time.");
        return Redirect("/community/" + community.Slug);
    }

    [HttpGet("/community/{slug}/new")]
    public async Task<IActionResult> NewTopic(string slug, string? kind, CancellationToken ct)
    {
        var community = await forum.FindCommunityAsync(slug, ct);
        if (community is null)
        {
            return NotFoundPage();
        }

        if (!ForumAccess.CanPostIn(community.Id, await access.ViewerAsync(User, ct)))
        {
            ShowError("Join the community to post in it.");
            return Redirect("/community/" + community.Slug);
        }

        var form = new TopicForm { Kind = kind == "article" ? TopicKind.Article : TopicKind.Discussion, Conditions = [community.Condition] };
        return View(new NewTopicPage { Community = community, Form = form });
    }

    [HttpPost("/community/{slug}/new")]
    [EnableRateLimiting(RateLimitPolicies.Posting)]
    public async Task<IActionResult> CreateTopic(string slug, [Bind(Prefix = "Form")] TopicForm form, CancellationToken ct)
    {
        var community = await forum.FindCommunityAsync(slug, ct);
        if (community is null)
        {
            return NotFoundPage();
        }

        if (KeepTyped())
        {
            try
            {
                var input = new TopicInput(form.Kind, form.Title ?? "", form.Text ?? "", form.Visibility, form.Anonymous, form.Conditions, form.Topics);
                var topic = await forum.StartTopicAsync(await access.ViewerAsync(User, ct), community.Id, input, PortalCultures.IsEnglish ? "en" : "zh-HK", form.Key, ct);
                ShowStatus(topic.Status == PostStatus.Held
                    ? "Thank you. As this is one of your first posts, a moderator will read it before others see it. This is usually within a day."
                    : "Your post is shared.");
                return Redirect("/community/threads/" + topic.Id);
            }
            catch (ForumRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        return View("NewTopic", new NewTopicPage { Community = community, Form = form });
    }

    [AllowAnonymous]
    [HttpGet("/community/threads/{id:long}")]
    public async Task<IActionResult> Thread(long id, int page = 1, CancellationToken ct = default)
    {
        var model = await ThreadModelAsync(id, page, ct);
        return model is null ? NotFoundPage() : View(model);
    }

    private async Task<ThreadPageModel?> ThreadModelAsync(long id, int page, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        var thread = await forum.ThreadAsync(id, viewer, page, ct);
        if (thread is null)
        {
            return null;
        }

        var html = thread.Posts.Where(p => ForumAccess.CanReadText(p.Post, viewer)).ToDictionary(p => p.Post.Id, p => markdown.ToSafeHtml(p.Post.Markdown));
        return new ThreadPageModel { Thread = thread, Viewer = viewer, Html = html };
    }

    [HttpPost("/community/threads/{id:long}/reply")]
    [EnableRateLimiting(RateLimitPolicies.Posting)]
    public async Task<IActionResult> Reply(long id, [Bind(Prefix = "Reply")] ReplyForm reply, CancellationToken ct)
    {
        try
        {
            var post = await forum.ReplyAsync(await access.ViewerAsync(User, ct), id, reply.Text ?? "", reply.Anonymous, reply.Key, ct);
            if (post.Status == PostStatus.Held)
            {
                ShowStatus("Thank you. As this is one of your first posts, a moderator will read it before others see it. This is usually within a day.");
            }

            return Redirect("/community/posts/" + post.Id);
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
        catch (ForumRuleException ex)
        {
            AddError(ex.Message);
        }

        var model = await ThreadModelAsync(id, int.MaxValue, ct);
        if (model is null)
        {
            return NotFoundPage();
        }

        model.Reply = reply;
        return View("Thread", model);
    }

    [AllowAnonymous]
    [HttpGet("/community/posts/{id:long}")]
    public async Task<IActionResult> Post(long id, CancellationToken ct)
    {
        var place = await forum.LocateAsync(id, await access.ViewerAsync(User, ct), ct);
        if (place is not { } p)
        {
            return NotFoundPage();
        }

        return Redirect($"/community/threads/{p.TopicId}" + (p.Page > 1 ? $"?page={p.Page}" : "") + $"#post-{id}");
    }

    [HttpPost("/community/posts/{id:long}/react")]
    public async Task<IActionResult> React(long id, ReactionKind kind, CancellationToken ct)
    {
        try
        {
            await forum.ReactAsync(await access.ViewerAsync(User, ct), id, kind, ct);
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
        catch (ForumRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect("/community/posts/" + id);
    }

    [HttpPost("/community/posts/{id:long}/flag")]
    public async Task<IActionResult> Flag(long id, FlagReason reason, string? note, CancellationToken ct)
    {
        try
        {
            await forum.FlagAsync(await access.ViewerAsync(User, ct), id, reason, note, ct);
            ShowStatus("Thank you for telling us. A moderator will look at this post.");
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
        catch (ForumRuleException ex)
        {
            ShowError(ex.Message);
        }

        var place = await forum.LocateAsync(id, await access.ViewerAsync(User, ct), ct);
        return place is { } p ? Redirect($"/community/threads/{p.TopicId}" + (p.Page > 1 ? $"?page={p.Page}" : "") + $"#post-{id}") : Redirect("/community");
    }

    [HttpPost("/community/threads/{id:long}/bookmark")]
    public async Task<IActionResult> Bookmark(long id, CancellationToken ct)
    {
        try
        {
            var added = await forum.ToggleBookmarkAsync(await access.ViewerAsync(User, ct), id, ct);
            ShowStatus(added ? "Saved to your bookmarks." : "Removed from your bookmarks.");
            return Redirect("/community/threads/" + id);
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
    }

    [HttpPost("/community/threads/{id:long}/follow")]
    public async Task<IActionResult> Follow(long id, CancellationToken ct)
    {
        try
        {
            var added = await forum.ToggleFollowAsync(await access.ViewerAsync(User, ct), id, ct);
            ShowStatus(added ? "You will be told of new replies." : "You will no longer be told of new replies.");
            return Redirect("/community/threads/" + id);
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
    }

    [HttpGet("/community/posts/{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct)
    {
        var found = await forum.EditableAsync(await access.ViewerAsync(User, ct), id, ct);
        if (found is not var (post, topic))
        {
            return NotFoundPage();
        }

        var form = new EditForm { Text = post.Markdown, Title = topic.Title, Conditions = [.. topic.ConditionList], Topics = [.. topic.TopicList], Visibility = topic.RequestedVisibility };
        return View(new EditPage { Post = post, Topic = topic, Form = form });
    }

    [HttpPost("/community/posts/{id:long}/edit")]
    public async Task<IActionResult> SaveEdit(long id, [Bind(Prefix = "Form")] EditForm form, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        if (KeepTyped())
        {
            try
            {
                var opening = (await forum.EditableAsync(viewer, id, ct))?.Post.IsOpening == true;
                await forum.EditAsync(viewer, id, form.Text ?? "", opening ? form.Title ?? "" : null, opening ? form.Conditions : null, opening ? form.Topics : null, opening ? form.Visibility : null, ct);
                ShowStatus("Your changes are saved. The earlier version is kept in the post's history.");
                return Redirect("/community/posts/" + id);
            }
            catch (ForumNotFoundException)
            {
                return NotFoundPage();
            }
            catch (ForumRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        var found = await forum.EditableAsync(viewer, id, ct);
        return found is var (post, topic) ? View("Edit", new EditPage { Post = post, Topic = topic, Form = form }) : NotFoundPage();
    }

    [HttpGet("/community/posts/{id:long}/history")]
    public async Task<IActionResult> History(long id, CancellationToken ct)
    {
        var found = await forum.HistoryAsync(await access.ViewerAsync(User, ct), id, ct);
        if (found is not var (post, topic, revisions))
        {
            return NotFoundPage();
        }

        return View(new HistoryPage
        {
            Post = post,
            Topic = topic,
            CurrentHtml = markdown.ToSafeHtml(post.Markdown),
            Revisions = [.. revisions.Select(r => (r, markdown.ToSafeHtml(r.Markdown)))],
        });
    }

    [HttpGet("/community/profile")]
    public async Task<IActionResult> Profile(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        var profile = await forum.ProfileOfAsync(viewer.UserId, ct);
        return View(new ProfilePage
        {
            Form = profile is null ? new ProfileForm() : ProfileForm.From(profile),
            Exists = profile is not null,
            PublicId = profile?.PublicId,
            Bookmarks = await forum.BookmarksAsync(viewer, ct),
        });
    }

    [HttpPost("/community/profile")]
    public async Task<IActionResult> SaveProfile([Bind(Prefix = "Form")] ProfileForm form, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        if (KeepTyped())
        {
            try
            {
                await people.SaveProfileAsync(viewer, form.ToInput(), ct);
                ShowStatus("Your profile is saved.");
                return Redirect("/community/profile");
            }
            catch (ForumRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        var profile = await forum.ProfileOfAsync(viewer.UserId, ct);
        return View("Profile", new ProfilePage { Form = form, Exists = profile is not null, PublicId = profile?.PublicId, Bookmarks = await forum.BookmarksAsync(viewer, ct) });
    }

    [HttpGet("/community/members/{publicId}")]
    public async Task<IActionResult> Member(string publicId, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        var profile = await people.ViewAsync(publicId, viewer, ct);
        return profile is null ? NotFoundPage() : View(new MemberPage { Profile = profile, CanModerate = viewer.IsModerator && !profile.IsMe });
    }

    [HttpGet("/community/ratings")]
    public async Task<IActionResult> Ratings(string? condition, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        if (!Vocabulary.Has(Vocabulary.Conditions, condition))
        {
            var profile = await forum.ProfileOfAsync(viewer.UserId, ct);
            condition = profile?.Conditions.FirstOrDefault()?.Condition ?? Vocabulary.Conditions[0].Slug;
        }

        return View(new RatingsPage { Condition = condition!, Summaries = await ratings.SummaryAsync(condition!, ct), Mine = await ratings.MineAsync(viewer.UserId, ct) });
    }

    [HttpGet("/community/ratings/rate")]
    public IActionResult Rate(string? condition, string? treatment) =>
        View(new RatingForm { Condition = Vocabulary.Has(Vocabulary.Conditions, condition) ? condition : null, Treatment = treatment });

    [HttpPost("/community/ratings/rate")]
    public async Task<IActionResult> SaveRating(RatingForm form, CancellationToken ct)
    {
        if (KeepTyped())
        {
            if (form.Effectiveness is null || form.SideEffects is null || form.Burden is null)
            {
                AddError("Answer each question on its scale.");
            }
            else
            {
                try
                {
                    await ratings.RateAsync(await access.ViewerAsync(User, ct), new RatingInput(form.Condition ?? "", form.Treatment ?? "", form.Kind, form.Effectiveness.Value,
                        form.SideEffects.Value, form.Burden.Value, form.Duration, form.StillUsing, form.WhyStopped), ct);
                    ShowStatus("Thank you for sharing your experience. Your rating is counted with others'; it is never shown on its own.");
                    return Redirect("/community/ratings?condition=" + Uri.EscapeDataString(form.Condition ?? ""));
                }
                catch (ForumRuleException ex)
                {
                    AddError(ex.Message);
                }
            }
        }

        return View("Rate", form);
    }

    [HttpGet("/community/like-me")]
    public async Task<IActionResult> LikeMe(CancellationToken ct) => View(await LikeMePageAsync(ct));

    private async Task<LikeMePage> LikeMePageAsync(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        var profile = await forum.ProfileOfAsync(viewer.UserId, ct);
        return new LikeMePage
        {
            HasConditions = profile?.Conditions.Count > 0,
            Findable = profile?.Findable == true,
            Matches = await people.LikeMeAsync(viewer, ct),
        };
    }

    [HttpPost("/community/like-me/{publicId}/contact")]
    public async Task<IActionResult> Contact(string publicId, string? message, CancellationToken ct)
    {
        try
        {
            await people.SendContactAsync(await access.ViewerAsync(User, ct), publicId, message, ct);
            ShowStatus("Your request is sent. If they accept, you will be told and can see their reply.");
            return Redirect("/community/like-me");
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
        catch (ForumRuleException ex)
        {
            AddError(ex.Message);
            var page = await LikeMePageAsync(ct);
            page.Message = message;
            return View("LikeMe", page);
        }
    }

    [HttpGet("/community/contacts")]
    public async Task<IActionResult> Contacts(CancellationToken ct)
    {
        var (received, sent) = await people.ContactsAsync(await access.ViewerAsync(User, ct), ct);
        return View(new ContactsPage { Received = received, Sent = sent });
    }

    [HttpPost("/community/contacts/{id:long}/answer")]
    public async Task<IActionResult> Answer(long id, bool accept, string? reply, CancellationToken ct)
    {
        try
        {
            await people.AnswerContactAsync(await access.ViewerAsync(User, ct), id, accept, reply, ct);
            ShowStatus(accept ? "You accepted. They can now see your reply." : "The request is ignored. They are not told.");
        }
        catch (ForumNotFoundException)
        {
            return NotFoundPage();
        }
        catch (ForumRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect("/community/contacts");
    }
}
