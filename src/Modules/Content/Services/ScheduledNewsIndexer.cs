using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.BackgroundTasks;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Globalization;

namespace Portal.Content.Services;

/// <summary>
/// News scheduled for a later date becomes visible on that date (Hong Kong time) without anyone saving it again,
/// so nothing would tell the search index. This queues every published item whose publish date came after its last
/// save and has now arrived. Re-indexing an item twice is harmless, so it simply runs at start-up (catching up days
/// the portal was down) and again whenever the Hong Kong date changes.
/// </summary>
public sealed class ScheduledNewsIndexer(ContentDbContext db, TimeProvider clock, ContentIndexNotifier notifier)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var today = PortalCultures.Today(clock);
        var candidates = await db.News
            .AsNoTracking()
            .Where(n => n.Status == PublishStatus.Published && n.PublishDate <= today)
            .Select(n => new { n.Id, n.PublishDate, n.UpdatedUtc })
            .ToListAsync(cancellationToken);
        var arrived = candidates
            .Where(n => n.PublishDate > PortalCultures.DateInHongKong(n.UpdatedUtc))
            .Select(n => n.Id)
            .ToList();
        await notifier.NewsChangedAsync(arrived, cancellationToken);
        return arrived.Count;
    }
}

/// <summary>The background task <c>content.scheduled-news</c>: runs <see cref="ScheduledNewsIndexer"/> at start-up
/// and again when the Hong Kong date changes (looked at each minute), on one node at a time.</summary>
internal sealed class ScheduledNewsTask(ScheduledNewsIndexer indexer, ScheduledNewsTask.Progress progress, TimeProvider clock, ILogger<ScheduledNewsTask> logger) : IBackgroundTask
{
    public const string Name = "content.scheduled-news";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = PortalCultures.Today(clock);
        if (progress.Done == today)
        {
            return;
        }

        var queued = await indexer.RunOnceAsync(cancellationToken);
        logger.LogInformation("Queued {Count} news item(s) whose publish date has arrived for search indexing.", queued);
        progress.Done = today;
    }

    /// <summary>The Hong Kong date this node last queued (a failed run leaves it, so the next turn tries again).</summary>
    internal sealed class Progress
    {
        public DateOnly? Done { get; set; }
    }
}
