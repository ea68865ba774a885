using Microsoft.EntityFrameworkCore;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Search;

namespace Portal.Knowledge.Tests;

public sealed class ArticleEditorTests
{
    internal static ArticleInput Input(string slug = "running-meetings", string culture = "en", string title = "Running a good meeting") => new()
    {
        Slug = slug,
        Culture = culture,
        TranslationKey = "running-meetings",
        Content = new ArticleContent { Title = title, Body = "Start on time and **end on time**." },
    };

    [Fact]
    public async Task Saving_and_publishing_queue_the_article_for_indexing_after_commit()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();
        var editor = site.Editor(db);

        var created = await editor.CreateAsync(Input(), "staff-1", CancellationToken.None);
        var published = await editor.ApplyAsync(created.Id!.Value, ArticleAction.Publish, CancellationToken.None);

        Assert.True(published.Succeeded);
        Assert.Equal(2, site.Queue.Changes.Count);
        Assert.Equal(2, site.Queue.WithTransaction);
        Assert.All(site.Queue.Changes, c => Assert.Equal(new IndexChange("kb-article", created.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), c));
        await using var check = site.NewContext();
        Assert.Equal(ArticleStatus.Published, (await check.Articles.SingleAsync()).Status);
    }

    [Fact]
    public async Task When_the_indexing_log_cannot_be_written_the_change_rolls_back()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        var id = (await editor.CreateAsync(Input(), "staff-1", CancellationToken.None)).Id!.Value;

        site.Queue.Fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => editor.ApplyAsync(id, ArticleAction.Publish, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => editor.CreateAsync(Input(slug: "second"), "staff-1", CancellationToken.None));

        // Neither change was committed: no published article that search would never hear about.
        await using var check = site.NewContext();
        var article = await check.Articles.SingleAsync();
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal("running-meetings", article.Slug);
    }

    [Fact]
    public async Task A_body_nested_too_deeply_to_render_is_refused_with_a_clear_message_and_nothing_is_saved()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        var input = new ArticleInput
        {
            Slug = "deep",
            Culture = "en",
            Content = new ArticleContent { Title = "Deep", Body = new string('>', 50_000) + " quoted" },
        };

        var result = await editor.CreateAsync(input, "staff-1", CancellationToken.None);

        Assert.Equal([ArticleEditor.CannotRenderMessage], result.Errors);
        Assert.Empty(site.Queue.Changes);
        await using var check = site.NewContext();
        Assert.Empty(await check.Articles.ToListAsync());
    }

    [Fact]
    public async Task A_second_article_with_the_same_slug_and_language_is_refused()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        await editor.CreateAsync(Input(), null, CancellationToken.None);

        var again = await editor.CreateAsync(Input(), null, CancellationToken.None);
        var otherLanguage = await editor.CreateAsync(Input(culture: "zh-HK", title: "開好一個會"), null, CancellationToken.None);

        Assert.Equal(["Another article in this language already uses this web address."], again.Errors);
        Assert.True(otherLanguage.Succeeded);
    }

    [Fact]
    public async Task Saving_unchanged_content_makes_no_revision_and_restore_makes_one()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        var id = (await editor.CreateAsync(Input(), null, CancellationToken.None)).Id!.Value;

        await editor.UpdateAsync(id, Input(), null, null, CancellationToken.None);
        await editor.UpdateAsync(id, Input(title: "Chairing a meeting"), null, "retitled", CancellationToken.None);
        var restored = await editor.RestoreAsync(id, 1, "staff-9", CancellationToken.None);

        Assert.True(restored.Succeeded);
        await using var check = site.NewContext();
        var revisions = await check.Revisions.Where(r => r.ArticleId == id).OrderBy(r => r.Number).ToListAsync();
        Assert.Equal([1, 2, 3], revisions.Select(r => r.Number));
        Assert.Equal("Running a good meeting", (await check.Articles.SingleAsync()).Title);
        Assert.Equal("Restored revision 1", revisions[2].Note);
    }

    [Fact]
    public async Task A_broken_rule_is_reported_not_thrown()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        var id = (await editor.CreateAsync(Input(), null, CancellationToken.None)).Id!.Value;

        var result = await editor.ApplyAsync(id, ArticleAction.Unpublish, CancellationToken.None);

        Assert.Equal(["Only a published article can be unpublished."], result.Errors);
    }

    [Fact]
    public async Task An_accepted_upload_is_stored_in_the_data_folder_under_a_random_name()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        var id = (await editor.CreateAsync(Input(), null, CancellationToken.None)).Id!.Value;
        var bytes = UploadValidatorTests.OfficePackage("word/");

        var (result, attachment) = await editor.UploadAsync(id, "會議議程 範本.docx", bytes.Length, new MemoryStream(bytes), "staff-1", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.NotNull(attachment);
        Assert.Equal("會議議程-範本.docx", attachment.FileName);
        var path = Path.Combine(site.DataFolder.Root, "uploads", "kb", attachment.StoredName);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.DoesNotContain("會議", attachment.StoredName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_upload_leaves_no_file_and_no_record()
    {
        using var site = new TestSite(maxUploadBytes: 100);
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        var id = (await editor.CreateAsync(Input(), null, CancellationToken.None)).Id!.Value;
        var bytes = new byte[500];

        // The stream is longer than the limit even though the declared length is small.
        var (result, attachment) = await editor.UploadAsync(id, "a.pdf", 10, new MemoryStream(bytes), null, CancellationToken.None);

        Assert.Equal(["The file is too large."], result.Errors);
        Assert.Null(attachment);
        Assert.Empty(Directory.GetFiles(site.DataFolder.GetFolder("uploads", "kb")));
        Assert.Equal(0, await db.Attachments.CountAsync());
    }
}
