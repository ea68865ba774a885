using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Academy;
using Portal.Academy.Data;
using Portal.Learning;
using Portal.Mentoring;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Mentoring.Services;
using Portal.People;

namespace Portal.Benchmarks;

/// <summary>
/// The mentor scheme at programme scale: 2,000 pairs and 50,000 meetings (plus 3 goals and 2 action items per pair)
/// in a SQLite file. Times a mentor's "My mentees" dashboard with 30 mentees (target p95 ≤ 30 ms) and the staff
/// programme report (target ≤ 200 ms). The dashboard includes academy progress through the academy's real
/// <see cref="ILearningProgressQuery"/> (every mentee has two enrolments, half of them shared with the mentor): once as
/// the dashboard asks it, all mentees in one batch, and once one mentee at a time (the contract's default), to compare.
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- mentoring [iterations]</c>
/// </summary>
public static class MentoringBenchmark
{
    private const int Pairs = 2_000;
    private const int Meetings = 50_000;
    private const string BusyMentor = "mentor-0000";

    public static async Task RunAsync(string[] args)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 200;
        var folder = Directory.CreateTempSubdirectory("mentoring-bench-");
        var path = Path.Combine(folder.FullName, "portal.db");
        try
        {
            var (services, configuration) = ModuleBenchmarkHost.Create(path);
            services.AddSingleton<IPersonDirectory, Directory100>();
            services.AddMentoringServices(configuration);
            services.AddAcademyServices(configuration);
            services.Replace(ServiceDescriptor.Scoped<ILearningProgressQuery>(sp =>
            {
                var academy = new Portal.Academy.Services.LearningProgressQuery(sp.GetRequiredService<AcademyDbContext>());
                return OneByOne ? new OneAtATime(academy) : academy;
            }));
            await using var provider = services.BuildServiceProvider();

            var seed = System.Diagnostics.Stopwatch.StartNew();
            await SeedAsync(provider);
            SeedAcademy($"Data Source={path}");
            Console.WriteLine($"seeded {Pairs:N0} pairs, {Meetings:N0} meetings in {seed.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1024 / 1024} MB)");

            async Task<List<double>> DashboardAsync(bool oneByOne)
            {
                OneByOne = oneByOne;
                return await BenchmarkStats.TimeAsync(iterations, 20, async _ =>
                {
                    await using var scope = provider.CreateAsyncScope();
                    var view = await scope.ServiceProvider.GetRequiredService<MentorDashboard>().GetAsync(BusyMentor, default);
                    if (view.Mentees.Count != 30 || view.Mentees.Count(m => m.Learning is not null) != 15)
                    {
                        throw new InvalidOperationException($"expected 30 mentees, 15 sharing; got {view.Mentees.Count}, {view.Mentees.Count(m => m.Learning is not null)}");
                    }
                });
            }

            var dashboard = await DashboardAsync(oneByOne: false);
            var oneAtATime = await DashboardAsync(oneByOne: true);
            OneByOne = false;
            var report = await BenchmarkStats.TimeAsync(Math.Max(20, iterations / 5), 5, async _ =>
            {
                await using var scope = provider.CreateAsyncScope();
                var view = await scope.ServiceProvider.GetRequiredService<ProgrammeReport>().GetAsync(default);
                if (view.Months.Sum(m => m.Meetings) == 0)
                {
                    throw new InvalidOperationException("the report found no meetings");
                }
            });

            var dashboardP95 = BenchmarkStats.Percentile(dashboard, 95);
            var reportP95 = BenchmarkStats.Percentile(report, 95);
            Console.WriteLine($"mentor dashboard, 30 mentees: {BenchmarkStats.Summary(dashboard)}   limit p95 ≤ 30 ms   {(dashboardP95 <= 30 ? "OK" : "OVER")}");
            Console.WriteLine($"  same, academy asked per mentee (before): {BenchmarkStats.Summary(oneAtATime)}");
            Console.WriteLine($"staff programme report:       {BenchmarkStats.Summary(report)}   limit ≤ 200 ms      {(reportP95 <= 200 ? "OK" : "OVER")}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Also seeds the impact benchmark's mentoring figures (ImpactBenchmark).</summary>
    internal static Task SeedAsync(IServiceProvider provider) => SeedAsync(provider, new MentoringSeedPlan
    {
        Pairs = Pairs,
        Meetings = Meetings,
        // The first 30 pairs belong to one busy mentor; the rest spread over 400 mentors.
        MentorId = i => i < 30 ? BusyMentor : $"mentor-{1 + (i % 400):D4}",
        MenteeId = i => $"mentee-{i:D5}",
        StaffId = "staff",
        Start = new DateTimeOffset(2025, 12, 1, 2, 0, 0, TimeSpan.Zero),
        Now = DateTimeOffset.UtcNow,
    });

    /// <summary>Pairs (both sides have accepted the agreement), three goals and two action items each, and meetings
    /// spread over the pairs; also used by the synthetic site (<see cref="SyntheticSite"/>).</summary>
    internal static async Task SeedAsync(IServiceProvider provider, MentoringSeedPlan plan)
    {
        var start = plan.Start;
        var now = plan.Now;
        var random = new Random(42);
        var pairIds = new List<long>(plan.Pairs);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
            await db.Database.EnsureCreatedAsync();
            var academy = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            await academy.Database.ExecuteSqlRawAsync(string.Join('\n', academy.Database.GenerateCreateScript().Split('\n')
                .Select(l => l.Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal).Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal).Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal))));
            var pairs = new List<Pair>(plan.Pairs);
            for (var i = 0; i < plan.Pairs; i++)
            {
                var pair = Pair.Propose(plan.MentorId(i), plan.MenteeId(i), plan.StaffId, 80, false, start.AddDays(-random.Next(0, 200)));
                pair.AcceptAgreement(PairSide.Mentor, pair.CreatedUtc.AddDays(1));
                pair.AcceptAgreement(PairSide.Mentee, pair.CreatedUtc.AddDays(2));
                pairs.Add(pair);
            }

            db.Pairs.AddRange(pairs);
            await db.SaveChangesAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var pair in pairs)
            {
                pairIds.Add(pair.Id);
                for (var g = 0; g < 3; g++)
                {
                    var (title, measure) = plan.Goal(g, pair.Id);
                    db.Goals.Add(Goal.Create(pair.Id, new GoalDetails
                    {
                        Title = title, Measure = measure, Status = (GoalStatus)(g % 3), Progress = g * 30,
                        TargetDate = DateOnly.FromDateTime(now.AddDays(60).UtcDateTime),
                    }, pair.StartedUtc!.Value));
                }

                db.ActionItems.Add(ActionItem.Add(pair.Id, null, "Draw a successor map", ActionOwner.Mentee, null, now));
                db.ActionItems.Add(ActionItem.Add(pair.Id, null, "Send the agenda", ActionOwner.Mentee, null, now));
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        var perPair = plan.Meetings / plan.Pairs;
        for (var batch = 0; batch < pairIds.Count; batch += 200)
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var ids = pairIds.Skip(batch).Take(200).ToList();
            var pairs = await db.Pairs.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync();
            foreach (var pair in pairs)
            {
                var last = pair.LastActivityUtc;
                for (var m = 0; m < perPair; m++)
                {
                    DateTimeOffset held;
                    if (plan.SpreadMeetingsToNow)
                    {
                        held = pair.StartedUtc!.Value + ((now - pair.StartedUtc!.Value) * (m + 1) / (perPair + 1)) + TimeSpan.FromHours(random.Next(0, 10));
                    }
                    else
                    {
                        held = pair.StartedUtc!.Value.AddDays(1 + m * 12 % 360).AddHours(random.Next(0, 10));
                        if (held > now)
                        {
                            held = now.AddDays(-random.Next(1, 300));
                        }
                    }

                    var (topics, notes) = plan.Meeting(m, pair.Id);
                    db.Meetings.Add(Meeting.Log(pair, held, 30 + random.Next(0, 90), (MeetingMode)(m % 3), topics, notes, now));
                    last = held > last ? held : last;
                }

                // As logging a meeting through the service does: the pair is not stalled since its last meeting.
                pair.Touch(last);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
    }

    private static bool OneByOne;

    /// <summary>Two enrolments per mentee in four courses; every second mentee shares progress with the mentor.</summary>
    private static void SeedAcademy(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        using (var course = ImpactBenchmark.Command(connection, tx, "INSERT INTO acad_Courses (Id, Slug, TitleZh, TitleEn, SummaryZh, SummaryEn, AudienceZh, AudienceEn, OutcomesZh, OutcomesEn, Hours, Language, CertificateWordingZh, CertificateWordingEn, Published, CreatedUtc, UpdatedUtc) VALUES ($id, $slug, '課程', 'Course', '', '', '', '', '[]', '[]', '6', 'both', '', '', 1, $now, $now)", "$id", "$slug", "$now"))
        {
            for (var c = 1; c <= 4; c++)
            {
                ImpactBenchmark.Run(course, c, "course-" + c, now);
            }
        }

        using var enrol = ImpactBenchmark.Command(connection, tx, "INSERT INTO acad_Enrolments (UserId, CourseId, EnrolledUtc, LastActivityUtc, ShareWithMentor) VALUES ($user, $course, $at, $at, $share)", "$user", "$course", "$at", "$share");
        for (var i = 0; i < Pairs; i++)
        {
            ImpactBenchmark.Run(enrol, $"mentee-{i:D5}", 1 + i % 4, now, i % 2);
            ImpactBenchmark.Run(enrol, $"mentee-{i:D5}", 1 + (i + 1) % 4, now, i % 2);
        }

        tx.Commit();
    }

    /// <summary>The academy's query without its batch: the contract's default asks one learner at a time.</summary>
    private sealed class OneAtATime(ILearningProgressQuery inner) : ILearningProgressQuery
    {
        public Task<IReadOnlyList<CourseProgressSummary>?> GetProgressAsync(string learnerUserId, string viewerUserId, CancellationToken cancellationToken = default) =>
            inner.GetProgressAsync(learnerUserId, viewerUserId, cancellationToken);
    }

    private sealed class Directory100 : IPersonDirectory
    {
        private static PersonInfo Person(string id) => new(id, id, "Name " + id, null, false, "zh-HK", ["Member"]);

        public Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default) => Task.FromResult<PersonInfo?>(Person(userId));

        public Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) => Task.FromResult<PersonInfo?>(Person(userName));

        public Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PersonInfo>>([.. userIds.Select(Person)]);

        public Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PersonInfo>>([]);
    }
}

/// <summary>What <see cref="MentoringBenchmark.SeedAsync(IServiceProvider, MentoringSeedPlan)"/> writes: pair <c>i</c>
/// between <see cref="MentorId"/>(i) and <see cref="MenteeId"/>(i), and <see cref="Meetings"/> meetings in all.</summary>
internal sealed record MentoringSeedPlan
{
    public required int Pairs { get; init; }

    public required int Meetings { get; init; }

    public required Func<int, string> MentorId { get; init; }

    public required Func<int, string> MenteeId { get; init; }

    /// <summary>The member of staff who proposed the pairs.</summary>
    public required string StaffId { get; init; }

    public required DateTimeOffset Start { get; init; }

    /// <summary>No meeting is held after this.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Each pair's meetings evenly between its start and <see cref="Now"/> (its last one recent, so the stall
    /// check finds nothing); otherwise every 12 days from the start.</summary>
    public bool SpreadMeetingsToNow { get; init; }

    /// <summary>The title and measure of goal <c>g</c> (0–2) of a pair.</summary>
    public Func<int, long, (string Title, string Measure)> Goal { get; init; } = (g, _) => ($"Goal {g}", "Measured by the committee");

    /// <summary>The topics and shared notes of meeting <c>m</c> of a pair.</summary>
    public Func<int, long, (string Topics, string Notes)> Meeting { get; init; } = (_, _) => ("Topics", "Shared notes");
}
