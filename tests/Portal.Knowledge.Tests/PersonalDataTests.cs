using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Privacy;

namespace Portal.Knowledge.Tests;

public sealed class KnowledgePersonalDataTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc);

    private sealed class EchoLocalizer : IStringLocalizer<KnowledgeStrings>
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private static ArticleContent Content(string body) => new() { Title = "照顧者的壓力", Summary = "摘要", Body = body };

    [Fact]
    public async Task Articles_keep_their_text_and_lose_only_the_erased_authors_link()
    {
        using var site = new TestSite();
        await using (var db = site.NewContext())
        {
            var article = Article.Create("carer-stress", "zh-HK", "carer-stress", Content("第一版"), "staff-1", T0);
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            article.Revise(Content("第二版"), "staff-2", T0.AddDays(1));
            await db.SaveChangesAsync();
        }

        await using (var db = site.NewContext())
        {
            var provider = new KnowledgePersonalData(db, new EchoLocalizer());
            var export = await provider.ExportAsync("staff-1");
            var revision = export.Tables.Single(t => t.Name == "revisions").Rows.Single();
            Assert.Equal("carer-stress", revision.Fields.Single(f => f.Name == "article").Value);
            Assert.Equal("2026-01-05T02:00:00.0000000+00:00", revision.Fields.Single(f => f.Name == "createdUtc").Value);

            Assert.Equal(new PersonalDataErasure(0, 1), await provider.EraseAsync("staff-1"));
            Assert.Equal(PersonalDataErasure.None, await provider.EraseAsync("staff-1"));
            Assert.Equal(0, (await provider.ExportAsync("staff-1")).RowCount);
        }

        await using var read = site.NewContext();
        var revisions = await read.Revisions.OrderBy(r => r.Number).ToListAsync();
        Assert.Equal([null, "staff-2"], revisions.Select(r => r.AuthorUserId));
        Assert.Equal("第一版", revisions[0].Body);
        Assert.Equal("第二版", (await read.Articles.SingleAsync()).Body);
    }
}
