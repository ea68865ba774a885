using Portal.Forum.Models;
using Portal.Forum.Services;

namespace Portal.Forum.Tests;

public sealed class RuleTests
{
    [Theory]
    [InlineData("有時我真係想死", true)]
    [InlineData("I sometimes want to die.", true)]
    [InlineData("Thinking about SELF-HARM again", true)]
    [InlineData("今日去咗物理治療，好攰", false)]
    [InlineData("My pain is killing me today", false)]
    public void Self_harm_words_are_found_in_Cantonese_Chinese_and_English(string text, bool expected) =>
        Assert.Equal(expected, ContentRules.MentionsSelfHarm(text));

    [Fact]
    public void Mentions_are_display_names_after_an_at_sign_with_spaces_left_out()
    {
        Assert.Equal(["阿玲", "DanielChan"], ContentRules.Mentions("多謝 @阿玲 同 @DanielChan！email me at a@b.com"));
        Assert.Equal(ContentRules.MentionKey("Daniel Chan"), ContentRules.MentionKey("danielchan"));
        Assert.Empty(ContentRules.Mentions(null));
    }

    [Fact]
    public void A_topic_asked_to_be_public_waits_for_approval_and_changing_it_again_needs_a_new_approval()
    {
        var topic = Topic.Start(1, "u1", TopicKind.Article, "My story", "zh-HK", TopicVisibility.Public, false, ["caring"], [], ForumSite.Start);
        Assert.Equal(TopicVisibility.Community, topic.Visibility);
        topic.ApprovePublic(ForumSite.Start);
        Assert.Equal(TopicVisibility.Public, topic.Visibility);
        Assert.Throws<ForumRuleException>(() => topic.ApprovePublic(ForumSite.Start));
        topic.ChangeVisibility(TopicVisibility.Members, ForumSite.Start);
        topic.ChangeVisibility(TopicVisibility.Public, ForumSite.Start);
        Assert.Equal(TopicVisibility.Community, topic.Visibility);
        Assert.Throws<ForumRuleException>(() => Topic.Start(1, "u1", TopicKind.Discussion, "Hi", "en", TopicVisibility.Community, false, [], [], ForumSite.Start));
        Assert.Throws<ForumRuleException>(() => Topic.Start(1, "u1", TopicKind.Discussion, "Valid title", "en", TopicVisibility.Community, false, ["flu"], [], ForumSite.Start));
    }

    [Fact]
    public void Post_states_held_hidden_approved_removed_and_erased()
    {
        var topic = Topic.Start(1, "u1", TopicKind.Discussion, "Valid title", "en", TopicVisibility.Community, false, [], [], ForumSite.Start);
        var post = Post.Write(topic, "u1", false, "Some words", "k", ForumSite.Start);
        Assert.Equal(1, post.Number);
        Assert.Equal(2, Post.Write(topic, "u2", false, "More words", null, ForumSite.Start).Number);
        post.Flagged(2, 3);
        Assert.Equal(PostStatus.Published, post.Status);
        post.Flagged(3, 3);
        Assert.Equal(PostStatus.Hidden, post.Status);
        post.Approve();
        Assert.Equal(PostStatus.Published, post.Status);
        var revision = post.Edit("u1", "Changed words", ForumSite.Start.AddHours(1));
        Assert.Equal("Some words", revision.Markdown);
        post.Remove("moderator");
        Assert.Throws<ForumRuleException>(() => post.Edit("u1", "Again", ForumSite.Start));
        Assert.Throws<ForumRuleException>(() => post.Approve());
        post.EraseText();
        Assert.Equal("", post.Markdown);
        Assert.Equal("", post.AuthorUserId);
        Assert.Throws<ForumRuleException>(() => Post.Write(topic, "u1", false, " ", null, ForumSite.Start));
    }

    [Fact]
    public void Contact_requests_are_answered_once()
    {
        Assert.Throws<ForumRuleException>(() => ContactRequest.Send("a", "a", "Hello there", ForumSite.Start));
        var request = ContactRequest.Send("a", "b", "Hello there", ForumSite.Start);
        request.Answer(false, "ignored reply text", ForumSite.Start);
        Assert.Equal(ContactStatus.Ignored, request.Status);
        Assert.Null(request.Reply);
        Assert.Throws<ForumRuleException>(() => request.Answer(true, null, ForumSite.Start));
    }
}
