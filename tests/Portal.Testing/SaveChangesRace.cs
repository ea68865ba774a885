using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Testing;

/// <summary>
/// Makes a double submit happen on purpose, the same way every time: <see cref="RunAsync"/> starts the first request
/// and, at the moment it is about to save (after it has read), runs the whole second request, which reads the same
/// rows and saves first. The first then saves on what it read before, as the slower of two real requests does. On
/// <see cref="ModuleTestSite{TContext}"/>'s one connection the two never run a command at the same time.
/// </summary>
public sealed class SaveChangesRace : SaveChangesInterceptor
{
    private Func<Task>? _second;

    /// <summary>True when the second request ran inside the first's save (false: the first never saved, e.g. it
    /// deleted with one statement, and the second ran after it).</summary>
    public bool Interleaved { get; private set; }

    public async Task RunAsync(Func<Task> first, Func<Task> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        Interleaved = false;
        _second = second;
        try
        {
            await first();
        }
        finally
        {
            if (Interlocked.Exchange(ref _second, null) is { } notRun)
            {
                await notRun();
            }
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _second, null) is { } second)
        {
            Interleaved = true;
            await second();
        }

        return result;
    }
}
