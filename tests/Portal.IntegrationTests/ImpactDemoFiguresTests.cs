using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Hosting.Recipes;
using Portal.Impact.Services;
using Portal.IntegrationTests.Infrastructure;
using Portal.Metrics;

namespace Portal.IntegrationTests;

/// <summary>
/// Issue 13: the mentoring, forum and partner-matching figures against the demo recipes' known values
/// (content-recipes/mentoring|forum|matching.recipe.json), through the metrics contract and the impact report, on
/// SQLite and on PostgreSQL (the grouped queries translate on both). The expected figures are read from the recipe
/// files themselves, so a change to the demo data changes them with it. The period is the last twelve months, which
/// holds every dated item of the demo recipes.
/// </summary>
public abstract class ImpactDemoFiguresTests<TSite>(TSite site) : IClassFixture<TSite>, IAsyncLifetime where TSite : PortalSite
{
    private static readonly SemaphoreSlim Setup = new(1, 1);

    private static DateOnly Today => Globalization.PortalCultures.Today(TimeProvider.System);

    private static DateOnly From => Today.AddDays(-365);

    private static JsonElement Step(string recipe, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "content-recipes", recipe + ".recipe.json")));
        return doc.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).Clone();
    }

    public async Task InitializeAsync()
    {
        await Setup.WaitAsync();
        try
        {
            _ = site.CreateClient();
            using var scope = site.Services.CreateScope();
            if (!await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Communities.AnyAsync())
            {
                var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
                foreach (var recipe in new[] { "demo-users", "mentoring", "forum", "matching" })
                {
                    await executor.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", recipe + ".recipe.json"));
                }
            }
        }
        finally
        {
            Setup.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IReadOnlyList<MetricValue>> FiguresAsync(string module)
    {
        using var scope = site.Services.CreateScope();
        var source = scope.ServiceProvider.GetServices<IMetricsSource>().Single(s => s.Module == module);
        return await source.GetMetricsAsync(From, Today);
    }

    private static decimal Part(MetricValue metric, string dimension, string key) =>
        metric.Breakdowns.Single(b => b.Dimension == dimension).Parts.SingleOrDefault(p => p.Key == key)?.Value ?? 0;

    [Fact]
    public async Task Mentoring_reports_the_demo_programmes_meetings_hours_and_modes()
    {
        var meetings = Step("mentoring", "MentoringProgramme").GetProperty("pairs").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("meetings", out var m) ? m.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(m => (Mode: m.GetProperty("mode").GetString()!, Minutes: m.GetProperty("minutes").GetInt32()))
            .ToList();
        Assert.NotEmpty(meetings);

        var figures = await FiguresAsync("Mentoring");
        var count = figures.Single(m => m.Key == "mentoring.meetings");
        Assert.Equal(meetings.Count, count.Value);
        foreach (var mode in new[] { "in-person", "phone", "video" })
        {
            Assert.Equal(meetings.Count(m => m.Mode == mode), Part(count, "mode", mode));
        }

        var hours = figures.Single(m => m.Key == "mentoring.hours");
        Assert.Equal(Math.Round(meetings.Sum(m => m.Minutes) / 60m, 1), hours.Value);
        Assert.Equal(Math.Round(meetings.Where(m => m.Mode != "in-person").Sum(m => m.Minutes) / 60m, 1), hours.OnlineHours);
    }

    [Fact]
    public async Task Forum_reports_the_demo_posts_and_active_members_and_a_field_kept_to_oneself_counts_as_not_shared()
    {
        var forum = Step("forum", "Forum");
        var threads = forum.GetProperty("threads").EnumerateArray().ToList();
        var authors = threads.SelectMany(t => new[] { t.GetProperty("author").GetString()! }
            .Concat(t.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("author").GetString()!))).ToList();
        var members = forum.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("userName").GetString()!);
        var active = authors.Distinct().Select(a => members[a]).ToList();

        var figures = await FiguresAsync("Forum");
        var posts = figures.Single(m => m.Key == "forum.posts");
        Assert.Equal(authors.Count, posts.Value);
        Assert.Equal(authors.Count, posts.Breakdowns.Single(b => b.Dimension == "month").Parts.Sum(p => p.Value));
        Assert.Equal(members.Count, figures.Single(m => m.Key == "forum.members-joined").Value);
        Assert.Equal(0, figures.Single(m => m.Key == "forum.ratings").Value); // no demo member agreed to statistics

        var people = figures.Single(m => m.Key == "forum.active-members");
        Assert.Equal(active.Count, people.Value);
        foreach (var band in active.GroupBy(m => m.GetProperty("ageBand").GetString()!))
        {
            Assert.Equal(band.Count(), Part(people, "age-band", band.Key));
        }

        var districts = active.GroupBy(m => m.GetProperty("district").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (key, n) in districts)
        {
            Assert.Equal(n, Part(people, "district", key));
        }

        foreach (var condition in active.SelectMany(m => m.GetProperty("conditions").EnumerateObject().Select(c => c.Name)).GroupBy(c => c))
        {
            Assert.Equal(condition.Count(), Part(people, "condition", condition.Key));
        }

        Assert.Equal(0, Part(people, "district", "not-shared"));

        // An active member now keeps their district to themselves ("only me"): counted as "not shared", not in the district.
        var (userName, member) = members.First(m => active.Contains(m.Value));
        var district = member.GetProperty("district").GetString()!;
        using (var scope = site.Services.CreateScope())
        {
            var userId = (await scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>().FindByUserNameAsync(userName))!.UserId;
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            var profile = await db.Profiles.SingleAsync(p => p.UserId == userId);
            profile.Update([.. profile.Conditions.Select(c => (c.Condition, c.SinceYear))], profile.ConditionsVisibility, profile.AgeBand, profile.AgeBandVisibility,
                profile.District, FieldVisibility.OnlyMe, profile.CaringRole, profile.CaringRoleVisibility, profile.Findable, profile.OnErasure, Today.Year);
            await db.SaveChangesAsync();
        }

        try
        {
            var after = (await FiguresAsync("Forum")).Single(m => m.Key == "forum.active-members");
            Assert.Equal(active.Count, after.Value);
            Assert.Equal(1, Part(after, "district", "not-shared"));
            Assert.Equal(districts[district] - 1, Part(after, "district", district));
            Assert.Equal(Part(people, "age-band", member.GetProperty("ageBand").GetString()!), Part(after, "age-band", member.GetProperty("ageBand").GetString()!));
        }
        finally
        {
            using var scope = site.Services.CreateScope();
            var userId = (await scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>().FindByUserNameAsync(userName))!.UserId;
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            var profile = await db.Profiles.SingleAsync(p => p.UserId == userId);
            profile.Update([.. profile.Conditions.Select(c => (c.Condition, c.SinceYear))], profile.ConditionsVisibility, profile.AgeBand, profile.AgeBandVisibility,
                profile.District, profile.AgeBandVisibility /* the demo gives every field one visibility */, profile.CaringRole, profile.CaringRoleVisibility, profile.Findable, profile.OnErasure, Today.Year);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Matching_reports_the_demo_network_groups_supported_and_remote_hours()
    {
        var step = Step("matching", "PartnerMatching");
        var needs = step.GetProperty("needs").EnumerateArray().ToDictionary(n => n.GetProperty("key").GetString()!);
        var matches = step.GetProperty("matches").EnumerateArray().ToList();
        var partners = step.GetProperty("partners").EnumerateArray().ToList();
        var completed = matches.Where(m => m.GetProperty("stage").GetString() == "completed").ToList();

        var figures = await FiguresAsync("Matching");
        // Every demo organisation posted its needs in the last twelve months.
        Assert.Equal(needs.Values.Select(n => n.GetProperty("organisation").GetString()).Distinct().Count(), figures.Single(m => m.Key == "groups.supported").Value);
        Assert.Equal(needs.Count, figures.Single(m => m.Key == "partners.needs-posted").Value);
        Assert.Equal(completed.Count, figures.Single(m => m.Key == "partners.matches-completed").Value);
        var hours = figures.Single(m => m.Key == "partners.hours");
        Assert.Equal(completed.Sum(m => m.GetProperty("hours").GetInt32()), hours.Value);
        Assert.Equal(completed.Where(m => needs[m.GetProperty("need").GetString()!].GetProperty("mode").GetString() == "remote").Sum(m => m.GetProperty("hours").GetInt32()), hours.OnlineHours);
        var total = figures.Single(m => m.Key == "partners.total");
        Assert.Equal(partners.Count, total.Value);
        foreach (var type in partners.GroupBy(p => p.GetProperty("type").GetString()!))
        {
            Assert.Equal(type.Count(), Part(total, "type", type.Key));
        }
    }

    [Fact]
    public async Task The_impact_report_adds_up_the_online_share_of_service_from_every_module()
    {
        var mentoring = (await FiguresAsync("Mentoring")).Single(m => m.Key == "mentoring.hours");
        var matching = (await FiguresAsync("Matching")).Single(m => m.Key == "partners.hours");
        using var scope = site.Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<ImpactReportBuilder>().BuildAsync(new ReportPeriod(From, Today));
        Assert.DoesNotContain(report.Sections, s => s.Failed);
        var centre = report.Sections.Single(s => s.Module == ImpactReportBuilder.CentreSection);
        var total = mentoring.Value + matching.Value;
        Assert.True(total > 0);
        Assert.Equal(Math.Round((mentoring.OnlineHours!.Value + matching.OnlineHours!.Value) * 100m / total, 1), centre.Metrics.Single(m => m.Key == "service.online-share").Value);
        Assert.Equal(total, centre.Metrics.Single(m => m.Key == "service.hours").Value);
        Assert.Contains(report.AllMetrics, m => m.Key == "groups.supported" && m.Value > 0);
    }
}

public sealed class SqliteImpactDemoFiguresTests(PortalSite site) : ImpactDemoFiguresTests<PortalSite>(site);

[Collection(PostgresCollection.Name)]
public sealed class PostgresImpactDemoFiguresTests(PostgresPortalSite site) : ImpactDemoFiguresTests<PostgresPortalSite>(site);
