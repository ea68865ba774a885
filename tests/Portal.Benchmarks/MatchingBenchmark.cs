using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Matching;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Services;

namespace Portal.Benchmarks;

/// <summary>
/// Partner matching at network scale: 5,000 partners, 2,000 open needs from 300 groups, 4,000 matches at every stage
/// and 3,000 passes in a SQLite file. Times the scored partner suggestions for one need (target p95 ≤ 20 ms) and the
/// staff network page's figures (target ≤ 200 ms), and prints them side by side with the limits.
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- matching [iterations]</c>
/// </summary>
public static class MatchingBenchmark
{
    private const int Partners = 5_000;
    private const int Needs = 2_000;
    private const int Groups = 300;
    private const int Matches = 4_000;
    private const int Passes = 3_000;

    public static async Task RunAsync(string[] args)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 200;
        var folder = Directory.CreateTempSubdirectory("matching-bench-");
        var path = Path.Combine(folder.FullName, "portal.db");
        try
        {
            var (services, configuration) = ModuleBenchmarkHost.Create(path);
            services.AddMatchingServices(configuration);
            await using var provider = services.BuildServiceProvider();

            var seed = System.Diagnostics.Stopwatch.StartNew();
            var needIds = await SeedAsync(provider);
            Console.WriteLine($"seeded {Partners:N0} partners, {Needs:N0} open needs, {Matches:N0} matches, {Passes:N0} passes in {seed.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1024 / 1024} MB)");

            var random = new Random(7);
            var suggestions = await BenchmarkStats.TimeAsync(iterations, 20, async _ =>
            {
                await using var scope = provider.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
                var needId = needIds[random.Next(needIds.Count)];
                var need = await db.Needs.AsNoTracking().FirstAsync(x => x.Id == needId);
                var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId);
                var found = await scope.ServiceProvider.GetRequiredService<MatchingService>().SuggestPartnersAsync(need, organisation, new SuggestionFilter(), default);
                if (found.Count == 0)
                {
                    throw new InvalidOperationException($"no suggestion for need {needId}");
                }
            });
            // The pure scoring alone (profiles already in memory), to tell scoring from database time.
            List<PartnerProfile> profiles;
            NeedProfile sample;
            List<PassRecord> passes;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
                profiles = [.. (await scope.ServiceProvider.GetRequiredService<PartnerDirectory>().GetAsync(default)).Profiles];
                var need = await db.Needs.AsNoTracking().FirstAsync(x => x.Id == needIds[0]);
                var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId);
                sample = MatchingService.ToProfile(need, organisation);
                passes = await db.Passes.AsNoTracking().Select(p => new PassRecord(p.NeedId, p.PartnerId, p.OrganisationId, p.Area, p.Side)).ToListAsync();
            }

            var scoring = await BenchmarkStats.TimeAsync(iterations, 20, _ =>
            {
                Scoring.PartnersFor(sample, profiles, passes, 40);
                return Task.CompletedTask;
            });
            var network = await BenchmarkStats.TimeAsync(Math.Max(20, iterations / 5), 5, async _ =>
            {
                await using var scope = provider.CreateAsyncScope();
                var report = await scope.ServiceProvider.GetRequiredService<MatchingAdminService>().NetworkAsync(default);
                if (report.NeedsOpen < Needs / 2)
                {
                    throw new InvalidOperationException("the network page found too few open needs");
                }
            });

            var suggestionsP95 = BenchmarkStats.Percentile(suggestions, 95);
            var networkP95 = BenchmarkStats.Percentile(network, 95);
            Console.WriteLine($"suggestions for one need (load + score {Partners:N0} partners + top 20): {BenchmarkStats.Summary(suggestions)}   limit p95 ≤ 20 ms    {(suggestionsP95 <= 20 ? "OK" : "OVER")}");
            Console.WriteLine($"  scoring alone, all 5,000 profiles in memory (no pre-filter):  {BenchmarkStats.Summary(scoring)}");
            Console.WriteLine($"staff network page figures:                                    {BenchmarkStats.Summary(network)}   limit p95 ≤ 200 ms   {(networkP95 <= 200 ? "OK" : "OVER")}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Also seeds the impact benchmark's partner-matching figures (ImpactBenchmark).</summary>
    internal static async Task<List<long>> SeedAsync(IServiceProvider provider)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.AddHours(8).UtcDateTime);
        string Pick(IReadOnlyList<(string Slug, string En, string Zh)> list) => list[random.Next(list.Count)].Slug;
        List<string> Some(IReadOnlyList<(string Slug, string En, string Zh)> list, int most) =>
            [.. Enumerable.Range(0, 1 + random.Next(most)).Select(_ => Pick(list)).Distinct()];

        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var organisations = Enumerable.Range(0, Groups).Select(i => Organisation.Register($"leader-{i:D4}", new OrganisationDetails
        {
            NameZh = $"自助組織 {i}", NameEn = $"Self-help group {i}", Conditions = Some(Vocabulary.Causes, 3), District = Pick(Vocabulary.Districts),
            Size = 20 + random.Next(500), YearFounded = 1980 + random.Next(45), ContactEmail = $"group{i}@example.org",
        }, today.Year, now.AddDays(-400))).ToList();
        db.Organisations.AddRange(organisations);
        await db.SaveChangesAsync();

        var partners = Enumerable.Range(0, Partners).Select(i => Partner.Register($"partner-{i:D5}", new PartnerDetails
        {
            Type = Pick(Vocabulary.PartnerTypes), DisplayName = $"Partner {i}", Skills = Some(Vocabulary.Areas, 3), Districts = Some(Vocabulary.Districts, 4),
            Languages = Some(Vocabulary.Languages, 2), Causes = Some(Vocabulary.Causes, 3), HoursPerMonth = 1 + random.Next(20),
            OnSite = random.Next(4) > 0, Remote = true, ContactEmail = $"partner{i}@example.org",
        }, now.AddDays(-random.Next(1, 300)))).ToList();
        db.Partners.AddRange(partners);
        await db.SaveChangesAsync();

        var needs = Enumerable.Range(0, Needs).Select(i => Need.Post(organisations[i % Groups].Id, organisations[i % Groups].LeaderUserId, new NeedDetails
        {
            Area = Pick(Vocabulary.Areas), Title = $"Need {i}", Description = "Help the group with this, please.", HoursPerMonth = 1 + random.Next(12),
            Months = 1 + random.Next(6), Deadline = today.AddDays(30 + random.Next(200)), Mode = (WorkMode)random.Next(3), Language = Pick(Vocabulary.Languages),
        }, today, now.AddDays(-random.Next(1, 60)))).ToList();
        db.Needs.AddRange(needs);
        await db.SaveChangesAsync();

        var pairs = new HashSet<(long, long)>();
        for (var i = 0; pairs.Count < Matches && i < Matches * 3; i++)
        {
            var need = needs[random.Next(needs.Count)];
            var partner = partners[random.Next(partners.Count)];
            if (!pairs.Add((need.Id, partner.Id)))
            {
                continue;
            }

            var offered = now.AddDays(-random.Next(1, 300));
            var match = Match.ExpressInterest(need, partner, null, 50 + random.Next(50), offered.AddDays(7), offered);
            switch (random.Next(6))
            {
                case 0:
                    break;
                case 1:
                    match.Answer(false, "Not now", "leader", offered.AddDays(random.Next(0, 6)));
                    break;
                case 2:
                    match.ExpireIfOverdue(offered.AddDays(8));
                    break;
                default:
                    match.Answer(true, null, "leader", offered.AddHours(random.Next(1, 120)));
                    match.Introduce("staff", offered.AddDays(6));
                    match.Start(offered.AddDays(8));
                    match.GiveFeedback(MatchSide.Partner, "Done", 5, random.Next(1, 40), offered.AddDays(10 + random.Next(60)));
                    break;
            }

            db.Matches.Add(match);
        }

        for (var i = 0; i < Passes; i++)
        {
            var need = needs[random.Next(needs.Count)];
            var partner = partners[random.Next(partners.Count)];
            if (pairs.Add((need.Id, -partner.Id)))
            {
                db.Passes.Add(Pass.Record(need, partner.Id, (PassSide)(1 + random.Next(2)), "Not the right fit", "someone", now.AddDays(-random.Next(1, 100))));
            }
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        return [.. needs.Select(n => n.Id)];
    }
}
