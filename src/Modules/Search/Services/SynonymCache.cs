using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Search.Data;
using Portal.Search.Querying;

namespace Portal.Search.Services;

/// <summary>The synonym list from the database, cached briefly. Edits on this node invalidate it at once; other nodes
/// re-read within the cache duration. Either way, this node's cached search answers are dropped when the list it uses
/// changes (<see cref="SearchAnswerCache"/>).</summary>
internal sealed class SynonymCache(IServiceScopeFactory scopes, IOptions<SearchOptions> options, TimeProvider clock, SearchAnswerCache answers) : ISynonymSource, IDisposable
{
    private readonly SemaphoreSlim loading = new(1, 1);

    public void Dispose() => loading.Dispose();
    private volatile Entry? current;
    private List<string>? loaded;

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
            lines.Sort(StringComparer.Ordinal);
            var set = new SynonymSet(lines.Select(SynonymSet.ParseLine));
            var previous = loaded;
            loaded = lines;
            current = new Entry(set, clock.GetUtcNow() + options.Value.SynonymCacheDuration);
            if (previous is not null && !previous.SequenceEqual(lines, StringComparer.Ordinal))
            {
                // Edited on another node: answers cached here were ranked with the old list.
                answers.Changed();
            }

            return set;
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>The list was edited on this node: read it again, and drop the answers ranked with the old one.</summary>
    public void Invalidate()
    {
        current = null;
        answers.Changed();
    }

    private sealed record Entry(SynonymSet Set, DateTimeOffset ExpiresUtc);
}
