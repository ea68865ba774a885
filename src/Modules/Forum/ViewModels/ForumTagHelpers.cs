using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;
using Portal.Forum.Models;
using Portal.Forum.Resources;
using Portal.Forum.Services;

namespace Portal.Forum.ViewModels;

// Tag helpers, not partial views, for what a list shows on every row: a partial costs a view lookup, a page object
// with its own buffers and a ViewContext each time, and the forum's lists render two per thread (issue 16: the
// front page's partials were a fifth of its allocations). The markup is what the partials wrote.

/// <summary><c>&lt;forum-author author="…" /&gt;</c>: who wrote a thread or post, as far as the viewer may know.</summary>
[HtmlTargetElement("forum-author", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ForumAuthorTagHelper(IStringLocalizer<ForumStrings> t) : TagHelper
{
    public AuthorView? Author { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var author = Author ?? throw new InvalidOperationException("<forum-author> needs an author.");
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "forum-author");
        if (!author.Erased && !author.Anonymous && author.ProfileId is not null)
        {
            output.TagName = "a";
            output.Attributes.SetAttribute("href", "/community/members/" + author.ProfileId);
            output.Content.SetContent(author.Name);
            return;
        }

        output.TagName = "span";
        if (author.Erased)
        {
            output.Content.SetContent(t["Former member"]);
        }
        else if (author.Anonymous)
        {
            output.Content.SetContent(t["Anonymous member"]);
            if (author.RevealedToModerator)
            {
                // Only moderators see who wrote an anonymous post, marked as such.
                output.Content.AppendHtml(" <span class=\"badge warning\">").Append(t["Moderators only:"]).AppendHtml(" <a href=\"/community/members/")
                    .Append(author.ProfileId).AppendHtml("\">").Append(author.Name).AppendHtml("</a></span>");
            }
        }
        else
        {
            output.Content.SetContent(t["Member"]);
        }
    }
}

/// <summary><c>&lt;forum-visibility topic="…" /&gt;</c>: who can read a thread, and whether it waits to be made public.</summary>
[HtmlTargetElement("forum-visibility", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ForumVisibilityTagHelper(IStringLocalizer<ForumStrings> t) : TagHelper
{
    public Topic? Topic { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var topic = Topic ?? throw new InvalidOperationException("<forum-visibility> needs a topic.");
        output.TagName = null;
        var (css, text) = topic.Visibility switch
        {
            TopicVisibility.Public => ("badge forum-public", t["Public"]),
            TopicVisibility.Members => ("badge", t["All signed-in members"]),
            _ => ("badge", t["Community members only"]),
        };
        output.Content.SetHtmlContent("<span class=\"" + css + "\">").Append(text).AppendHtml("</span>");
        if (topic.AwaitingPublicApproval)
        {
            output.Content.AppendHtml(" <span class=\"badge warning\">").Append(t["Public once a moderator has read it"]).AppendHtml("</span>");
        }
    }
}
