using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forum.Data;
using Portal.Forum.Models;

namespace Portal.Benchmarks;

/// <summary>
/// What <see cref="ForumSeeder"/> writes: members (a profile each, member <c>i</c> in community <c>i % communities</c>,
/// every fifth also in the next one), threads (thread <c>k</c> in community <c>k % communities</c>) and their posts,
/// with a reaction on every third post. The forum benchmark and the synthetic site (<see cref="SyntheticSite"/>)
/// each describe their own forum with it.
/// </summary>
internal sealed record ForumSeedPlan
{
    public required IReadOnlyList<long> CommunityIds { get; init; }

    /// <summary>The condition of each community (same order as <see cref="CommunityIds"/>).</summary>
    public required IReadOnlyList<string> Conditions { get; init; }

    public required int Members { get; init; }

    /// <summary>The user id of member <c>i</c> (0 ≤ i &lt; <see cref="Members"/>).</summary>
    public required Func<int, string> MemberId { get; init; }

    public Func<int, string> DisplayName { get; init; } = i => $"Member {i}";

    public required int Threads { get; init; }

    /// <summary>The number of posts of thread <c>k</c>, its opening post included.</summary>
    public required Func<int, int> PostsInThread { get; init; }

    /// <summary>The title and language of thread <c>k</c>.</summary>
    public Func<Random, int, (string Title, string Culture)> Thread { get; init; } = (_, k) => ($"Thread {k}: sleeping with pain", "zh-HK");

    /// <summary>The text of post <c>number</c> (0: the opening post) of thread <c>k</c> in the thread's language.</summary>
    public Func<Random, int, int, string, string> PostText { get; init; } =
        (_, k, p, _) => $"Post {p} in thread {k}. 我試過每日做伸展運動，對我有少少幫助。 **Take care.**";

    public required DateTimeOffset Start { get; init; }

    public TimeSpan ThreadSpacing { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan PostSpacing { get; init; } = TimeSpan.FromMinutes(30);

    public int Seed { get; init; } = 42;
}

/// <summary>Writes a <see cref="ForumSeedPlan"/> through the forum's own entities and DbContext, in large batches.</summary>
internal static class ForumSeeder
{
    /// <summary>Returns the ids of the threads, in the order they were written.</summary>
    public static async Task<List<long>> SeedAsync(IServiceProvider provider, ForumSeedPlan plan)
    {
        var random = new Random(plan.Seed);
        var communities = plan.CommunityIds.Count;
        var perCommunity = Math.Max(1, plan.Members / communities);
        string MemberOf(int community) => plan.MemberId(Math.Min(plan.Members - 1, community + communities * random.Next(0, perCommunity)));

        for (var batch = 0; batch < plan.Members; batch += 5_000)
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(plan.Members, batch + 5_000); i++)
            {
                var c = i % communities;
                var userId = plan.MemberId(i);
                var profile = MemberProfile.Create(userId, plan.DisplayName(i), plan.Start);
                profile.Update([(plan.Conditions[c], 2015)], FieldVisibility.MyCommunities, Vocabulary.AgeBands[i % 5].Slug, FieldVisibility.AllMembers,
                    Vocabulary.Districts[i % 18].Slug, FieldVisibility.MyCommunities, null, FieldVisibility.OnlyMe, i % 3 == 0, ErasureChoice.RemovePosts, 2026);
                profile.CountApprovedPost();
                db.Profiles.Add(profile);
                db.Memberships.Add(Membership.Join(plan.CommunityIds[c], userId, plan.Start));
                if (i % 5 == 0 && communities > 1)
                {
                    db.Memberships.Add(Membership.Join(plan.CommunityIds[(c + 1) % communities], userId, plan.Start));
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        var topicIds = new List<long>(plan.Threads);
        const int TopicsPerBatch = 50;
        for (var t = 0; t < plan.Threads; t += TopicsPerBatch)
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var topics = new List<(Topic Topic, int Index, int Community, string Culture)>();
            for (var k = t; k < Math.Min(plan.Threads, t + TopicsPerBatch); k++)
            {
                var c = k % communities;
                var when = plan.Start + plan.ThreadSpacing * k;
                var author = MemberOf(c);
                var visibility = k % 10 == 0 ? TopicVisibility.Members : TopicVisibility.Community;
                var (title, culture) = plan.Thread(random, k);
                var topic = Topic.Start(plan.CommunityIds[c], author, k % 7 == 0 ? TopicKind.Article : TopicKind.Discussion, title, culture,
                    visibility, k % 9 == 0, [plan.Conditions[c]], [Vocabulary.TopicTags[k % Vocabulary.TopicTags.Count].Slug], when);
                topics.Add((topic, k, c, culture));
                db.Topics.Add(topic);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            foreach (var (topic, k, c, culture) in topics)
            {
                for (var p = 0; p < plan.PostsInThread(k); p++)
                {
                    var author = p == 0 ? topic.AuthorUserId : MemberOf(c);
                    var at = topic.CreatedUtc + plan.PostSpacing * p;
                    var post = Post.Write(topic, author, p % 11 == 0, plan.PostText(random, k, p, culture), null, at);
                    if (p > 0)
                    {
                        topic.Replied(at);
                    }

                    db.Posts.Add(post);
                }

                topicIds.Add(topic.Id);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            var ids = topics.Select(x => x.Topic.Id).ToList();
            var posts = await db.Posts.AsNoTracking().Where(p => ids.Contains(p.TopicId)).Select(p => new { p.Id, p.Number }).ToListAsync();
            foreach (var post in posts.Where(p => p.Number % 3 == 0))
            {
                db.Reactions.Add(new Reaction(post.Id, plan.MemberId(communities * random.Next(0, perCommunity)), (ReactionKind)(post.Id % 3), plan.Start));
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        return topicIds;
    }
}
