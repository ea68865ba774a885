using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Search.Data;
using Portal.Search.Querying;

namespace Portal.Search.Services;

/// <summary>The synonym list from the database, cached briefly. Edits on this node invalidate it at once; other nodes re-read within the cache duration.</summary>
internal sealed class SynonymCache(IServiceScopeFactory scopes, IOptions<SearchOptions> options, TimeProvider clock) : ISynonymSource, IDisposable
{
    private readonly SemaphoreSlim loading = new(1, 1);

    public void Dispose() => loading.Dispose();
    private volatile Entry? current;

    public async ValueTask<SynonymSet> GetAsync(CancellationToken cancellationToken = default)
    {
        var entry = current;
        if (entry is not null && clock.GetUtcNow() < entry.ExpiresUtc)
        {
            return entry.Set;
        }

        await loading.WaitAsync(cancellationToken);
        try
        {
            entry = current;
            if (entry is not null && clock.GetUtcNow() < entry.ExpiresUtc)
            {
                return entry.Set;
            }

            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>().CreateDbContextAsync(cancellationToken);
            var lines = await db.Synonyms.AsNoTracking().Select(s => s.Terms).ToListAsync(cancellationToken);
            var set = new SynonymSet(lines.Select(SynonymSet.ParseLine));
            current = new Entry(set, clock.GetUtcNow() + options.Value.SynonymCacheDuration);
            return set;
        }
        finally
        {
            loading.Release();
        }
    }

    public void Invalidate() => current = null;

    private sealed record Entry(SynonymSet Set, DateTimeOffset ExpiresUtc);
}
