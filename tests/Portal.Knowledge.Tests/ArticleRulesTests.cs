using Portal.Knowledge.Models;

namespace Portal.Knowledge.Tests;

public sealed class ArticleRulesTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc);

    private static ArticleContent Content(string title = "照顧者的壓力", string body = "照顧者也需要休息。") => new()
    {
        Title = title,
        Summary = "摘要",
        Body = body,
        Tags = ["照顧者", " Carer ", "照顧者"],
        Audiences = ["carers"],
    };

    private static Article NewArticle() => Article.Create("carer-stress", "zh-HK", "carer-stress", Content(), "staff-1", T0);

    [Fact]
    public void A_new_article_is_a_draft_with_its_first_revision()
    {
        var article = NewArticle();

        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Null(article.PublishedUtc);
        Assert.Equal(1, article.CurrentRevision);
        var revision = Assert.Single(article.Revisions);
        Assert.Equal(1, revision.Number);
        Assert.Equal("照顧者的壓力", revision.Title);
        Assert.Equal(["照顧者", "carer"], article.Tags);
    }

    [Fact]
    public void Review_then_publish_sets_the_publication_date_once()
    {
        var article = NewArticle();
        article.SubmitForReview(T0.AddHours(1));
        Assert.Equal(ArticleStatus.InReview, article.Status);

        article.Publish(T0.AddHours(2));
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(T0.AddHours(2), article.PublishedUtc);

        article.Unpublish(T0.AddDays(1));
        Assert.Equal(ArticleStatus.Unpublished, article.Status);

        article.Publish(T0.AddDays(2));
        Assert.Equal(T0.AddHours(2), article.PublishedUtc);
    }

    [Fact]
    public void Publishing_twice_is_refused()
    {
        var article = NewArticle();
        article.Publish(T0);

        var error = Assert.Throws<KnowledgeRuleException>(() => article.Publish(T0));
        Assert.Equal("The article is already published.", error.Message);
    }

    [Fact]
    public void Only_a_published_article_can_be_unpublished()
    {
        var article = NewArticle();

        Assert.Throws<KnowledgeRuleException>(() => article.Unpublish(T0));
        Assert.Equal(ArticleStatus.Draft, article.Status);
    }

    [Fact]
    public void A_published_article_cannot_be_sent_for_review()
    {
        var article = NewArticle();
        article.Publish(T0);

        Assert.Throws<KnowledgeRuleException>(() => article.SubmitForReview(T0));
        Assert.Equal(ArticleStatus.Published, article.Status);
    }

    [Fact]
    public void Only_an_article_in_review_returns_to_draft()
    {
        var article = NewArticle();
        Assert.Throws<KnowledgeRuleException>(() => article.ReturnToDraft(T0));

        article.SubmitForReview(T0);
        article.ReturnToDraft(T0);
        Assert.Equal(ArticleStatus.Draft, article.Status);
    }

    [Fact]
    public void Every_revise_keeps_a_revision_and_restore_adds_a_new_one()
    {
        var article = NewArticle();
        article.Revise(Content("第二版", "第二版內容"), "staff-2", T0.AddDays(1));
        article.Revise(Content("第三版", "第三版內容"), "staff-2", T0.AddDays(2));

        var first = article.Revisions.Single(r => r.Number == 1);
        var restored = article.Restore(first, "staff-3", T0.AddDays(3));

        Assert.Equal(4, restored.Number);
        Assert.Equal(4, article.Revisions.Count);
        Assert.Equal("照顧者的壓力", article.Title);
        Assert.Equal("照顧者也需要休息。", article.Body);
        Assert.Equal("Restored revision 1", restored.Note);
        Assert.Equal("第三版", article.Revisions.Single(r => r.Number == 3).Title);
    }

    [Fact]
    public void An_edit_of_a_published_article_waits_as_a_draft_until_its_changes_are_published()
    {
        var article = NewArticle();
        article.Publish(T0.AddHours(1));

        var draft = article.Revise(Content("修訂中的標題", "尚未發佈的內容"), "staff-2", T0.AddDays(1));

        // Readers still get the published text; the editor gets the draft.
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal("照顧者的壓力", article.Title);
        Assert.Equal("照顧者也需要休息。", article.Body);
        Assert.Equal(T0.AddHours(1), article.UpdatedUtc);
        Assert.Equal(2, article.DraftRevision);
        Assert.Equal("修訂中的標題", article.EditingContent(draft).Title);

        article.PublishChanges(draft, T0.AddDays(2));

        Assert.Equal("修訂中的標題", article.Title);
        Assert.Equal("尚未發佈的內容", article.Body);
        Assert.Equal(T0.AddDays(2), article.UpdatedUtc);
        Assert.Null(article.DraftRevision);
        Assert.Equal(2, article.CurrentRevision);
        Assert.Throws<KnowledgeRuleException>(() => article.PublishChanges(draft, T0.AddDays(3)));
    }

    [Fact]
    public void Discarded_or_replaced_changes_never_go_live()
    {
        var article = NewArticle();
        article.Publish(T0);
        var first = article.Revise(Content("第一個草稿"), "staff-2", T0.AddDays(1));
        var second = article.Revise(Content("第二個草稿"), "staff-2", T0.AddDays(2));

        // A stale page publishing the first draft after the second was saved is refused.
        var stale = Assert.Throws<KnowledgeRuleException>(() => article.PublishChanges(first, T0.AddDays(3)));
        Assert.Contains("later edit", stale.Message, StringComparison.Ordinal);

        article.DiscardChanges();
        Assert.Null(article.DraftRevision);
        Assert.Equal("照顧者的壓力", article.Title);
        Assert.Equal(3, article.Revisions.Count);
        Assert.Throws<KnowledgeRuleException>(() => article.PublishChanges(second, T0.AddDays(3)));
    }

    [Fact]
    public void Unpublishing_keeps_the_pending_changes_as_the_articles_text()
    {
        var article = NewArticle();
        article.Publish(T0);
        var draft = article.Revise(Content("草稿標題"), "staff-2", T0.AddDays(1));

        article.Unpublish(T0.AddDays(2), draft);

        Assert.Equal(ArticleStatus.Unpublished, article.Status);
        Assert.Equal("草稿標題", article.Title);
        Assert.Null(article.DraftRevision);
    }

    [Fact]
    public void Restoring_an_old_revision_of_a_published_article_is_a_draft_too()
    {
        var article = NewArticle();
        article.Revise(Content("第二版"), "staff-2", T0.AddDays(1));
        article.Publish(T0.AddDays(2));

        article.Restore(article.Revisions.Single(r => r.Number == 1), "staff-3", T0.AddDays(3));

        Assert.Equal("第二版", article.Title);
        Assert.Equal(3, article.DraftRevision);
    }

    [Fact]
    public void A_recipe_update_of_a_published_article_goes_live_and_clears_a_pending_draft()
    {
        var article = NewArticle();
        article.Publish(T0);
        article.Revise(Content("草稿"), "staff-2", T0.AddDays(1));

        article.ReviseLive(Content("食譜更新"), null, T0.AddDays(2), "Updated by recipe");

        Assert.Equal("食譜更新", article.Title);
        Assert.Null(article.DraftRevision);
    }

    [Fact]
    public void Restoring_another_articles_revision_is_refused()
    {
        var article = NewArticle();
        var other = Article.Create("other", "en", null, Content("Other", "Other body"), null, T0);

        Assert.Throws<KnowledgeRuleException>(() => article.Restore(other.Revisions[0], null, T0));
    }

    [Theory]
    [InlineData("Bad Slug")]
    [InlineData("../etc")]
    [InlineData("照顧者")]
    [InlineData("")]
    public void A_bad_slug_is_refused(string slug)
    {
        var error = Assert.Throws<KnowledgeRuleException>(() => Article.Create(slug, "en", null, Content(), null, T0));
        Assert.Contains("web address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_title_is_refused_and_nothing_changes()
    {
        var article = NewArticle();

        var error = Assert.Throws<KnowledgeRuleException>(() => article.Revise(Content(title: "  "), null, T0));
        Assert.Equal("Enter a title.", error.Message);
        Assert.Equal(1, article.CurrentRevision);
        Assert.Equal("照顧者的壓力", article.Title);
    }

    [Fact]
    public void Terms_typed_with_chinese_commas_are_split()
    {
        Assert.Equal(["照顧者", "互助", "volunteer"], ArticleContent.SplitTerms("照顧者，互助、Volunteer, ,照顧者"));
    }
}
