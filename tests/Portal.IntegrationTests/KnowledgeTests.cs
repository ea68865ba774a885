using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Search;

namespace Portal.IntegrationTests;

/// <summary>The knowledge base on the real host, on SQLite and on PostgreSQL: the sample recipe loads (twice, without
/// duplicates), public pages answer, drafts and members-only articles stay hidden, and the search feed is right.</summary>
public abstract class KnowledgeTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : PortalSite
{
    protected TSite Site { get; } = site;

    private async Task LoadSampleAsync()
    {
        var executor = Site.Services.GetRequiredService<RecipeExecutor>();
        var file = Path.Combine(AppContext.BaseDirectory, "content-recipes", "knowledge.recipe.json");
        await executor.ExecuteAsync(file);
        await executor.ExecuteAsync(file);
    }

    [Fact]
    public async Task The_sample_recipe_loads_once_however_often_it_runs()
    {
        await LoadSampleAsync();

        using var scope = Site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KnowledgeDbContext>();
        var sample = await db.Articles.Where(a => a.Slug == "carer-stress").ToListAsync();
        Assert.Equal(["en", "zh-HK"], sample.Select(a => a.Culture).Order());
        Assert.All(sample, a => Assert.Equal(1, a.CurrentRevision));
        Assert.Contains("照顧者", sample.Single(a => a.Culture == "zh-HK").Tags);
        Assert.Equal(9, await db.Categories.CountAsync());
    }

    [Fact]
    public async Task Public_pages_answer_in_both_languages()
    {
        await LoadSampleAsync();
        using var client = Site.CreateBrowser();

        var home = await client.GetStringAsync("/kb");
        Assert.Contains("照顧者壓力：照顧別人，也要照顧自己", home, StringComparison.Ordinal);
        var filtered = await client.GetStringAsync("/kb?condition=" + Uri.EscapeDataString("中風"));
        Assert.Contains("中風後的復康路", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("照顧者壓力：照顧別人", filtered, StringComparison.Ordinal);
        var article = await client.GetStringAsync("/kb/articles/carer-stress?culture=en");
        Assert.Contains("<h1>Carer stress: caring for others, and for yourself</h1>", article, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"zh-HK\"", article, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/kb/no-such-topic")).StatusCode);
    }

    [Fact]
    public async Task Members_only_and_draft_articles_stay_hidden_from_anonymous_readers_and_search()
    {
        await LoadSampleAsync();
        long draftId;
        using (var scope = Site.Services.CreateScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ArticleEditor>();
            var created = await editor.CreateAsync(new ArticleInput
            {
                Slug = "draft-" + Guid.NewGuid().ToString("N")[..8],
                Culture = "en",
                Content = new ArticleContent { Title = "Unfinished draft", Body = "Not ready yet." },
            }, "staff", CancellationToken.None);
            draftId = created.Id!.Value;
        }

        using var client = Site.CreateBrowser();
        using var draftSlugScope = Site.Services.CreateScope();
        var draft = await draftSlugScope.ServiceProvider.GetRequiredService<KnowledgeDbContext>().Articles.SingleAsync(a => a.Id == draftId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/kb/articles/{draft.Slug}")).StatusCode);
        var membersOnly = await client.GetAsync("/kb/articles/leader-self-assessment");
        Assert.Equal(HttpStatusCode.Redirect, membersOnly.StatusCode);
        Assert.Contains("/account/sign-in", membersOnly.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var scope2 = Site.Services.CreateScope();
        var source = scope2.ServiceProvider.GetServices<ISearchDocumentSource>().Single(s => s.Source == "kb-article");
        Assert.Null(await source.GetAsync(draftId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var documents = new List<SearchDocument>();
        await foreach (var document in source.GetAllAsync())
        {
            documents.Add(document);
        }

        Assert.DoesNotContain(documents, d => d.Id == $"kb-article:{draftId}");
        Assert.All(documents.Where(d => d.Url.StartsWith("/kb/articles/leader-self-assessment", StringComparison.Ordinal)),
            d => Assert.Equal([SearchVisibility.AuthenticatedAudience], d.Visibility.Audiences));
        var carer = documents.Single(d => d.Url == "/kb/articles/carer-stress?culture=zh-HK");
        Assert.Equal(SearchVisibility.Public.Audiences, carer.Visibility.Audiences);
        Assert.Contains("護老者", carer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("**", carer.Body, StringComparison.Ordinal);
        Assert.Equal(["conditions"], carer.Facets["category"]);
    }
}

/// <summary>Staff write, preview, upload, publish, revise and restore through the real pages (SQLite).</summary>
public sealed partial class KnowledgeStaffTests(PortalSite site) : IClassFixture<PortalSite>
{
    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    private static string Message(string html) => MessagePattern().Match(html).Groups[1].Value;

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);

    [Fact]
    public async Task Staff_write_preview_upload_publish_and_restore()
    {
        using var client = await site.SignInAsync("staff");
        var slug = "staff-flow-" + Guid.NewGuid().ToString("N")[..8];
        var token = Token(await client.GetStringAsync("/admin/kb/new"));
        Assert.NotEmpty(token);

        // Bad input: the form comes back with the problem in Chinese, nothing is saved.
        var bad = await client.PostAsync("/admin/kb/new", Form(token, ("Form.Slug", "Bad Slug"), ("Form.Culture", "zh-HK"), ("Form.Title", ""), ("Form.Body", "x")));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("請輸入標題。", badHtml, StringComparison.Ordinal);
        Assert.Contains("網址只可包含小楷英文字母", badHtml, StringComparison.Ordinal);

        var created = await client.PostAsync("/admin/kb/new", Form(token, ("Form.Slug", slug), ("Form.Culture", "zh-HK"), ("Form.Title", "測試文章"), ("Form.Body", "**互助**很重要"), ("Form.Tags", "照顧者，義工")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editUrl = created.Headers.Location!.ToString();
        var id = editUrl.Split('/').Last();
        var edit = await client.GetStringAsync(editUrl);
        Assert.Equal("已儲存草稿。", Message(edit));

        // Live preview: sanitised HTML, token in the header; without the token the request is refused.
        using var preview = new HttpRequestMessage(HttpMethod.Post, "/admin/kb/preview")
        {
            Content = new FormUrlEncodedContent([new("markdown", "**bold** <script>alert(1)</script>")]),
        };
        preview.Headers.Add("RequestVerificationToken", Token(edit));
        var previewHtml = await (await client.SendAsync(preview)).Content.ReadAsStringAsync();
        Assert.Contains("<strong>bold</strong>", previewHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", previewHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/admin/kb/preview", new FormUrlEncodedContent([new("markdown", "x")]))).StatusCode);

        // Upload: a phone photo (EXIF orientation 6 + GPS position) is accepted and stored re-encoded; a file whose
        // content does not match its extension, and a "photo" that does not decode, are refused in Chinese.
        var photo = Portal.Knowledge.Tests.TestImages.WithExif(Portal.Knowledge.Tests.TestImages.Encode(40, 20, SkiaSharp.SKEncodedImageFormat.Jpeg), orientation: 6);
        await client.PostAsync($"/admin/kb/{id}/files", new MultipartFormDataContent { { new StringContent(Token(edit)), "__RequestVerificationToken" }, { new ByteArrayContent(photo), "file", "相片.jpg" } });
        var afterUpload = await client.GetStringAsync(editUrl);
        var fileUrl = FilePattern().Match(afterUpload).Value;
        Assert.NotEmpty(fileUrl);
        await client.PostAsync($"/admin/kb/{id}/files", new MultipartFormDataContent { { new StringContent(Token(edit)), "__RequestVerificationToken" }, { new ByteArrayContent("<svg/>"u8.ToArray()), "file", "x.pdf" } });
        Assert.Equal("檔案內容與檔案類型不符。請以正確格式重新儲存後再試。", Message(await client.GetStringAsync(editUrl)));
        var corrupt = await client.PostAsync($"/admin/kb/{id}/files", new MultipartFormDataContent { { new StringContent(Token(edit)), "__RequestVerificationToken" }, { new ByteArrayContent(photo[..300]), "file", "壞檔.jpg" } });
        Assert.Equal(HttpStatusCode.Redirect, corrupt.StatusCode);
        var afterCorrupt = await client.GetStringAsync(editUrl);
        Assert.StartsWith("無法讀取這張圖片", Message(afterCorrupt), StringComparison.Ordinal);
        Assert.DoesNotContain("壞檔", afterCorrupt, StringComparison.Ordinal);
        await client.PostAsync($"/admin/kb/{id}/files", new MultipartFormDataContent { { new StringContent(Token(edit)), "__RequestVerificationToken" }, { new ByteArrayContent(Portal.Knowledge.Tests.TestImages.PngBomb(60000, 60000)), "file", "bomb.png" } });
        Assert.StartsWith("圖片像素太多", Message(await client.GetStringAsync(editUrl)), StringComparison.Ordinal);
        await client.PostAsync($"/admin/kb/{id}/files", new MultipartFormDataContent { { new StringContent(Token(edit)), "__RequestVerificationToken" }, { new ByteArrayContent(OfficePackage()), "file", "範本.docx" } });
        var documentUrl = FilePattern().Matches(await client.GetStringAsync(editUrl)).Select(m => m.Value).Distinct().Single(u => u != fileUrl);

        // Before publication nobody else reaches the article or its file.
        using var anonymous = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/kb/articles/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(fileUrl)).StatusCode);

        await client.PostAsync($"/admin/kb/{id}/publish", Form(Token(edit)));
        Assert.Equal("文章已發佈。", Message(await client.GetStringAsync(editUrl)));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/kb/articles/{slug}")).StatusCode);
        var file = await anonymous.GetAsync(fileUrl);
        Assert.Equal("image/jpeg", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", file.Content.Headers.ContentDisposition!.DispositionType);
        var served = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal(-1, served.AsSpan().IndexOf("Exif"u8));
        using (var upright = SkiaSharp.SKBitmap.Decode(served))
        {
            Assert.Equal((20, 40), (upright.Width, upright.Height));
            Assert.True(Portal.Knowledge.Tests.TestImages.IsRed(upright.GetPixel(10, 5)));
        }

        // Toolkit files are downloads, never shown inline.
        var document = await anonymous.GetAsync(documentUrl);
        Assert.Equal("attachment", document.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("範本.docx", document.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", document.Headers.GetValues("X-Content-Type-Options").Single());

        // Revise: the edit of a published article waits as a draft, readers keep the published text until the
        // changes are published.
        await client.PostAsync(editUrl, Form(Token(edit), ("Form.Slug", slug), ("Form.Culture", "zh-HK"), ("Form.Title", "測試文章第二版"), ("Form.Body", "新內容"), ("Form.Note", "改標題"), ("intent", "save")));
        var pending = await client.GetStringAsync(editUrl);
        Assert.Equal("修改已儲存為草稿。在修改發佈之前，讀者看到的仍是已發佈的內容。", Message(pending));
        Assert.Contains("未發佈的修改", pending, StringComparison.Ordinal);
        Assert.Contains("value=\"測試文章第二版\"", pending, StringComparison.Ordinal);
        var live = await anonymous.GetStringAsync($"/kb/articles/{slug}");
        Assert.Contains("測試文章", live, StringComparison.Ordinal);
        Assert.DoesNotContain("第二版", live, StringComparison.Ordinal);
        Assert.DoesNotContain("新內容", live, StringComparison.Ordinal);
        await client.PostAsync($"/admin/kb/{id}/publish-changes", Form(Token(pending)));
        Assert.Equal("修改已發佈。", Message(await client.GetStringAsync(editUrl)));
        Assert.Contains("新內容", await anonymous.GetStringAsync($"/kb/articles/{slug}"), StringComparison.Ordinal);

        // Restore revision 1 as a new revision: a draft again, the page keeps the second version meanwhile.
        var revisions = await client.GetStringAsync($"/admin/kb/{id}/revisions");
        Assert.Contains("還原第 1 版", revisions, StringComparison.Ordinal);
        await client.PostAsync($"/admin/kb/{id}/revisions/1/restore", Form(Token(revisions)));
        var restored = await client.GetStringAsync(editUrl);
        Assert.Equal("已把第 1 版還原為新的一版。", Message(restored));
        Assert.Contains("value=\"測試文章\"", restored, StringComparison.Ordinal);
        Assert.Contains("第 3 版", restored, StringComparison.Ordinal);
        Assert.Contains("新內容", await anonymous.GetStringAsync($"/kb/articles/{slug}"), StringComparison.Ordinal);

        await client.PostAsync($"/admin/kb/{id}/unpublish", Form(Token(restored)));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/kb/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Members_cannot_reach_the_staff_pages()
    {
        using var client = await site.SignInAsync("member");
        var response = await client.GetAsync("/admin/kb");
        Assert.Contains("/account/access-denied", response.Headers.Location?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    private static byte[] OfficePackage()
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write("<Types/>");
            }

            using (var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open()))
            {
                writer.Write("<document/>");
            }
        }

        return memory.ToArray();
    }

    [GeneratedRegex("__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<div class=\"kb-message\"[^>]*>([^<]*)</div>")]
    private static partial Regex MessagePattern();

    [GeneratedRegex("/kb/files/[0-9a-f-]{36}")]
    private static partial Regex FilePattern();
}

public sealed class SqliteKnowledgeTests(PortalSite site) : KnowledgeTests<PortalSite>(site);

[Collection(PostgresCollection.Name)]
public sealed class PostgresKnowledgeTests(PostgresPortalSite site) : KnowledgeTests<PostgresPortalSite>(site);
