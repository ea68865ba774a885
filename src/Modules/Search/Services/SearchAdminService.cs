using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Search.Data;
using Portal.Search.Indexing;
using Portal.Search.Models;

namespace Portal.Search.Services;

public sealed record SynonymRow(long Id, string Terms);

public sealed record QueryReportRow(string Query, int Count, int LastHits);

/// <summary>
/// This node's index and the shared indexing log: rows kept, the oldest kept (null when empty), the highest id
/// pruned and how long rows are kept (zero or less: forever).
/// </summary>
public sealed record IndexStatus(
    int Documents,
    long AppliedLogId,
    long LatestLogId,
    bool Rebuilding,
    int LogEntries,
    DateTimeOffset? OldestLogEntryUtc,
    long PrunedUpToLogId,
    TimeSpan LogRetention)
{
    /// <summary>Items the indexing worker set aside (it could not read or index them), newest first.</summary>
    public IReadOnlyList<SetAsideRow> SetAside { get; init; } = [];

    /// <summary>The error of this node's last index update or rebuild, when it failed (null after a success).</summary>
    public string? LastFailure { get; init; }
}

/// <summary>An item set aside: its source and id, the error, and when.</summary>
public sealed record SetAsideRow(string Source, string ItemId, string Error, DateTimeOffset WhenUtc);

/// <summary>Staff use cases: synonym list, query report, index status and rebuild.</summary>
internal sealed class SearchAdminService(
    SearchDbContext db,
    SynonymCache synonyms,
    SearchIndex index,
    IndexUpdater updater,
    IOptions<SearchOptions> options,
    TimeProvider clock,
    ILogger<SearchAdminService> logger) : ISearchAdministration
{
    public async Task<IReadOnlyList<SynonymRow>> GetSynonymsAsync(CancellationToken cancellationToken) =>
        await db.Synonyms.AsNoTracking().OrderBy(s => s.Id).Select(s => new SynonymRow(s.Id, s.Terms)).ToListAsync(cancellationToken);

    /// <summary>Adds a group; false when the line has fewer than two words (or is too long).</summary>
    public async Task<bool> AddSynonymAsync(string line, CancellationToken cancellationToken)
    {
        var group = SynonymGroup.TryCreate(line, clock.GetUtcNow());
        if (group is null)
        {
            return false;
        }

        db.Synonyms.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        synonyms.Invalidate();
        return true;
    }

    /// <summary>Null when the group does not exist; false when the line is not valid.</summary>
    public async Task<bool?> UpdateSynonymAsync(long id, string line, CancellationToken cancellationToken)
    {
        var group = await db.Synonyms.FindAsync([id], cancellationToken);
        if (group is null)
        {
            return null;
        }

        if (!group.TryUpdate(line, clock.GetUtcNow()))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        synonyms.Invalidate();
        return true;
    }

    public async Task<bool> DeleteSynonymAsync(long id, CancellationToken cancellationToken)
    {
        var deleted = await db.Synonyms.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        synonyms.Invalidate();
        return deleted;
    }

    public async Task<IReadOnlyList<QueryReportRow>> GetTopQueriesAsync(int days, int take, bool zeroHitsOnly, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-Math.Clamp(days, 1, 366));
        var query = db.QueryLog.AsNoTracking().Where(q => q.CreatedUtc >= since);
        if (zeroHitsOnly)
        {
            query = query.Where(q => q.Hits == 0);
        }

        var rows = await query
            .GroupBy(q => q.Query)
            .Select(g => new { Query = g.Key, Count = g.Count(), LastId = g.Max(x => x.Id) })
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.Query)
            .Take(Math.Clamp(take, 1, 200))
            .ToListAsync(cancellationToken);
        var lastIds = rows.Select(r => r.LastId).ToList();
        var hits = await db.QueryLog.AsNoTracking().Where(q => lastIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.Hits, cancellationToken);
        return [.. rows.Select(r => new QueryReportRow(r.Query, r.Count, hits.GetValueOrDefault(r.LastId)))];
    }

    public async Task<IndexStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var horizon = await IndexingLogPruner.ReadHorizonAsync(db, cancellationToken);
        var count = await db.IndexingLog.CountAsync(cancellationToken);
        var latest = await db.IndexingLog.MaxAsync(x => (long?)x.Id, cancellationToken) ?? 0;
        var oldest = count == 0
            ? (DateTimeOffset?)null
            : await db.IndexingLog.AsNoTracking().OrderBy(x => x.CreatedUtc).Select(x => (DateTimeOffset?)x.CreatedUtc).FirstOrDefaultAsync(cancellationToken);

        // With every row pruned the log is empty, but changes up to the horizon did happen.
        return new IndexStatus(
            index.IsOpen ? index.DocumentCount : 0,
            index.LastAppliedLogId,
            Math.Max(latest, horizon),
            updater.IsRebuilding,
            count,
            oldest,
            horizon,
            options.Value.LogRetention)
        {
            SetAside = await db.SetAside.AsNoTracking().OrderByDescending(e => e.Id).Take(50)
                .Select(e => new SetAsideRow(e.Source, e.ItemId, e.Error, e.CreatedUtc)).ToListAsync(cancellationToken),
            LastFailure = updater.LastFailure,
        };
    }

    /// <summary>Starts a rebuild in the background (the page shows the status); false when one is running.</summary>
    public bool StartRebuild()
    {
        if (updater.IsRebuilding)
        {
            return false;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await updater.RebuildAsync(null, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The search index rebuild failed.");
            }
        });
        return true;
    }
}
