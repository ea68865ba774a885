using Microsoft.Extensions.DependencyInjection;
using Portal.Impact.Models;
using Portal.Impact.Services;
using Portal.Metrics;

namespace Portal.Impact.Tests;

public sealed class ReportBuilderTests
{
    private static readonly ReportPeriod Year = new(new(2026, 1, 1), new(2026, 11, 20));

    internal static FakeSource Academy() => new("Academy", (from, _) =>
    [
        new("academy.enrolments", FakeSource.L("課程報名", "Course enrolments"), from.Year == 2026 ? 48 : 40, "count")
        {
            Breakdowns = [new("month", FakeSource.L("按月", "By month"),
            [
                new("2026-01", FakeSource.L("2026年1月", "Jan 2026"), 30),
                new("2026-02", FakeSource.L("2026年2月", "Feb 2026"), 3),
                new("2026-03", FakeSource.L("2026年3月", "Mar 2026"), 15),
            ])],
        },
        new("academy.participants-improved-share", FakeSource.L("有所提升的參加者", "Participants who improved"), from.Year == 2026 ? 80 : 70, "percent", 75),
    ]);

    internal static FakeSource Mentoring() => new("Mentoring", (from, _) =>
    [
        new("mentoring.pairs", FakeSource.L("師友配對", "Mentoring pairs"), 12, "count"),
        new("mentoring.hours", FakeSource.L("師友時數", "Mentoring hours"), 2, "hours"),
    ]);

    [Fact]
    public async Task Every_enabled_source_becomes_a_section_with_the_previous_period_for_trends()
    {
        var academy = Academy();
        await using var site = new ImpactSite(academy, Mentoring());
        await using var scope = site.Scope();
        using var _ = Cultures.Use("en");
        var report = await scope.ServiceProvider.GetRequiredService<ImpactReportBuilder>().BuildAsync(Year);

        Assert.Equal(["Academy", "Mentoring"], report.Sections.Select(s => s.Module));
        var enrolments = report.Sections[0].Metrics[0];
        Assert.Equal((48m, 40m, 1, 8m), (enrolments.Value, enrolments.Previous!.Value, enrolments.Trend!.Value, enrolments.Change!.Value));
        Assert.Equal([false, true, true], enrolments.Breakdowns[0].Parts.Select(p => p.Hidden)); // 3, and 15 as its complement
        Assert.Equal(new ReportPeriod(new(2025, 1, 1), new(2025, 11, 20)), report.PreviousPeriod);
        Assert.Contains((new DateOnly(2025, 1, 1), new DateOnly(2025, 11, 20), "en"), academy.Calls);
        Assert.True(report.Sections[1].Metrics[1].Hidden); // 2 hours
    }

    [Fact]
    public async Task The_online_share_of_service_adds_up_every_enabled_modules_service_hours()
    {
        var meetings = new FakeSource("Mentoring", (from, _) =>
        [
            new("mentoring.hours", FakeSource.L("師友時數", "Mentoring hours"), from.Year == 2026 ? 60 : 50, "hours") { OnlineHours = from.Year == 2026 ? 20 : 5 },
            new("mentoring.pairs", FakeSource.L("師友配對", "Mentoring pairs"), 12, "count"),
        ]);
        var partners = new FakeSource("Matching", (from, _) =>
        [
            new("partners.hours", FakeSource.L("義工時數", "Partner hours"), from.Year == 2026 ? 40 : 50, "hours") { OnlineHours = from.Year == 2026 ? 10 : 5 },
            new("groups.supported", FakeSource.L("獲支援的自助組織", "Self-help groups supported"), from.Year == 2026 ? 24 : 20, "count"),
        ]);
        await using var site = new ImpactSite(Academy(), meetings, partners);
        await using (var setup = site.Scope())
        {
            var targets = setup.ServiceProvider.GetRequiredService<ImpactTargetsService>();
            await targets.SetTargetAsync("service.online-share", 20, TargetUnits.Percent, "plan", "staff-1");
            await targets.SetTargetAsync("groups.supported", 20, TargetUnits.Growth, "plan", "staff-1");
        }

        await using var scope = site.Scope();
        using var _ = Cultures.Use("en");
        var builder = scope.ServiceProvider.GetRequiredService<ImpactReportBuilder>();
        var report = await builder.BuildAsync(Year);
        var centre = report.Sections[0];
        Assert.Equal((ImpactReportBuilder.CentreSection, "Across the centre"), (centre.Module, centre.Title));
        var share = centre.Metrics.Single(m => m.Key == "service.online-share");
        Assert.Equal((30m, 10m, "percent"), (share.Value, share.Previous!.Value, share.Unit)); // 30 of 100 hours; 10 of 100 the year before
        var hours = centre.Metrics.Single(m => m.Key == "service.hours");
        Assert.Equal([("online", 30m), ("in-person", 70m)], hours.Breakdowns.Single().Parts.Select(p => (p.Key, p.Value)));
        var online = report.Targets.Single(t => t.MetricKey == "service.online-share");
        Assert.Equal((30m, true), (online.Actual!.Value, online.Met!.Value));
        var groups = report.Targets.Single(t => t.MetricKey == "groups.supported");
        Assert.Equal((20m, true), (groups.Actual!.Value, groups.Met!.Value)); // 24 against 20: +20%

        // Partner matching switched off: only the mentoring hours make the share.
        site.Features.Disabled.Add("Matching");
        var without = await builder.BuildAsync(Year);
        Assert.Equal(33.3m, without.Sections[0].Metrics.Single(m => m.Key == "service.online-share").Value);
        // No module reporting service hours: no centre section, and the target says "no data yet".
        site.Features.Disabled.Add("Mentoring");
        var none = await builder.BuildAsync(Year);
        Assert.DoesNotContain(none.Sections, s => s.Module == ImpactReportBuilder.CentreSection);
        Assert.False(none.Targets.Single(t => t.MetricKey == "service.online-share").HasData);
    }

    [Fact]
    public async Task A_disabled_module_drops_out_and_a_failing_one_is_reported_without_breaking_the_page()
    {
        await using var site = new ImpactSite(Academy(), Mentoring(), new FailingSource());
        site.Features.Disabled.Add("mentoring");
        await using var scope = site.Scope();
        var report = await scope.ServiceProvider.GetRequiredService<ImpactReportBuilder>().BuildAsync(Year);
        Assert.Equal(["Academy", "Broken"], report.Sections.Select(s => s.Module));
        Assert.True(report.Sections[1].Failed);
    }

    [Fact]
    public async Task Targets_show_actual_against_goal_growth_and_no_data_yet()
    {
        await using var site = new ImpactSite(Academy());
        await using var scope = site.Scope();
        var targets = scope.ServiceProvider.GetRequiredService<ImpactTargetsService>();
        await targets.SetTargetAsync("academy.enrolments", 15, TargetUnits.Growth, "Plan", "u");
        await targets.SetTargetAsync("partners.companies", 13, TargetUnits.Count, "Plan", "u");
        using var _ = Cultures.Use("en");
        var report = await scope.ServiceProvider.GetRequiredService<ImpactReportBuilder>().BuildAsync(Year);

        var growth = report.Targets.Single(t => t.MetricKey == "academy.enrolments");
        Assert.Equal(20m, growth.Actual); // 48 against 40
        Assert.True(growth.Met);
        var partners = report.Targets.Single(t => t.MetricKey == "partners.companies");
        Assert.False(partners.HasData);
        Assert.Null(partners.Met);
        Assert.Equal("Partner companies in the network", partners.Label);
        var improved = report.Targets.Single(t => t.MetricKey == "academy.participants-improved-share");
        Assert.True(improved.SetByModule);
        Assert.Equal((80m, 75m, true), (improved.Actual!.Value, improved.Goal, improved.Met!.Value));
    }

    [Fact]
    public async Task The_bilingual_report_asks_each_source_once_per_language_and_restores_the_culture()
    {
        var academy = Academy();
        await using var site = new ImpactSite(academy);
        await using var scope = site.Scope();
        using var _ = Cultures.Use("en");
        var reports = await scope.ServiceProvider.GetRequiredService<ImpactReportBuilder>().BuildBilingualAsync(Year);
        Assert.Equal("課程報名", reports["zh-HK"].Sections[0].Metrics[0].Label);
        Assert.Equal("Course enrolments", reports["en"].Sections[0].Metrics[0].Label);
        Assert.Equal(["en", "en", "zh-HK", "zh-HK"], academy.Calls.Select(c => c.Culture).Order(StringComparer.Ordinal));
        Assert.Equal("en", System.Globalization.CultureInfo.CurrentUICulture.Name);
    }

    [Fact]
    public async Task The_public_page_shows_only_published_figures()
    {
        await using var site = new ImpactSite(Academy(), Mentoring());
        await using var scope = site.Scope();
        var targets = scope.ServiceProvider.GetRequiredService<ImpactTargetsService>();
        var page = scope.ServiceProvider.GetRequiredService<PublicImpactService>();
        Assert.Empty((await page.GetAsync()).Sections);

        await targets.SetPublishedAsync("mentoring.pairs", true, "u");
        var published = await page.GetAsync();
        var metric = Assert.Single(Assert.Single(published.Sections).Metrics);
        Assert.Equal("mentoring.pairs", metric.Key);
        Assert.Equal(new DateOnly(2026, 11, 20), published.Period.To);

        await targets.SetPublishedAsync("mentoring.pairs", false, "u");
        Assert.Empty((await page.GetAsync()).Sections);
    }
}
