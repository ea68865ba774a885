using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Testing;

/// <summary>Counts the SQL commands that read rows (queries, sent asynchronously as the modules' services send them)
/// and keeps their text: for "no query per row" and
/// "figures in a fixed number of grouped queries". Add it to a DbContext's options as an interceptor
/// (<see cref="SqliteTestDatabase"/> and <see cref="ModuleTestSite{TContext}"/> do).</summary>
public sealed class SqlQueryCounter : DbCommandInterceptor
{
    private int _count;

    /// <summary>How many queries were sent since the start or the last <see cref="Reset"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The text of each query counted, oldest first.</summary>
    public ConcurrentQueue<string> Texts { get; } = new();

    /// <summary>Starts counting again from nothing.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Texts.Clear();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        Texts.Enqueue(command.CommandText);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
