using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        var today = HongKongDate.Today(clock);
        var candidates = await db.News
            .AsNoTracking()
            .Where(n => n.Status == PublishStatus.Published && n.PublishDate <= today)
            .Select(n => new { n.Id, n.PublishDate, n.UpdatedUtc })
            .ToListAsync(cancellationToken);
        var arrived = candidates
            .Where(n => n.PublishDate > DateOnly.FromDateTime(PortalCultures.ToHongKong(n.UpdatedUtc).DateTime))
            .Select(n => n.Id)
            .ToList();
        await notifier.NewsChangedAsync(arrived, cancellationToken);
        return arrived.Count;
    }
}

/// <summary>Runs <see cref="ScheduledNewsIndexer"/> at start-up and when the Hong Kong date changes (checked each minute).</summary>
internal sealed class ScheduledNewsWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScheduledNewsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateOnly? done = null;
        try
        {
            // Let the host finish creating the schema and running the set-up recipe first.
            await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var today = HongKongDate.Today(clock);
                if (done != today)
                {
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        var queued = await scope.ServiceProvider.GetRequiredService<ScheduledNewsIndexer>().RunOnceAsync(stoppingToken);
                        logger.LogInformation("Queued {Count} news item(s) whose publish date has arrived for search indexing.", queued);
                        done = today;
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // Try again at the next check; the site itself is unaffected.
                        logger.LogWarning(exception, "Could not queue scheduled news for search indexing.");
                    }
                }

                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
