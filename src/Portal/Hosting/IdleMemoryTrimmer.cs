using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Portal.Hosting;

/// <summary>
/// Gives memory back to the machine once the portal has gone quiet. Under load the garbage collector keeps a large
/// allocation budget committed (after a busy spell on two cores about 130 MB held for 30 MB of live objects), and it
/// only gives that back during a collection, which hardly comes while nobody asks for anything: the memory stays
/// resident until the next busy spell, on a small server that also runs the database. When the process has allocated
/// less than <see cref="QuietBytesPerSecond"/> a second for <see cref="MemoryTrimSettings.QuietPeriod"/> (no requests
/// to speak of), SQLite's idle connections are closed, one full collection that decommits what it can
/// (<see cref="GCCollectionMode.Aggressive"/>) runs when the collector holds at least
/// <see cref="MemoryTrimSettings.MinimumMegabytes"/> more than it uses, and the C library is asked to return its free
/// pages (<c>malloc_trim</c>). The connections and the C heaps are given back even when the collector holds little: a
/// collection late in the load (the collector's own, shrinking its budget) can leave it so, with the C heaps still
/// full. Once per quiet spell: the portal must be busy again before the next. No request waits for it; the pause (tens
/// of milliseconds) falls when there is nobody to notice.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(
    IManagedMemory memory, TimeProvider time, IOptions<PortalOptions> options, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    /// <summary>How often the allocations are looked at.</summary>
    internal static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Allocating less than this a second counts as quiet: a page allocates about 150 KB, so a few pages a
    /// second and the background tasks' polling are quiet; a busy spell allocates a hundred times more.</summary>
    internal const long QuietBytesPerSecond = 1024 * 1024;

    private long _allocated = -1;
    private long _lastLook;
    private long _quietSince;
    private bool _done;

    /// <summary>One look (every <see cref="Tick"/>); true when memory was given back.</summary>
    internal bool Check()
    {
        var settings = options.Value.MemoryTrim;
        var now = time.GetTimestamp();
        var allocated = memory.Allocated;
        var since = _allocated < 0 ? TimeSpan.Zero : time.GetElapsedTime(_lastLook, now);
        var busy = _allocated < 0 || allocated - _allocated > QuietBytesPerSecond * Math.Max(1, since.TotalSeconds);
        (_allocated, _lastLook) = (allocated, now);
        if (busy)
        {
            _quietSince = now;
            _done = false;
            return false;
        }

        if (_done || time.GetElapsedTime(_quietSince, now) < (settings.QuietPeriod > Tick ? settings.QuietPeriod : Tick))
        {
            return false;
        }

        // Once per quiet spell: the figures hardly change while quiet.
        _done = true;
        var slack = memory.Slack;
        var collect = slack >= Math.Max(0, settings.MinimumMegabytes) * 1024L * 1024;
        memory.GiveBack(collect);
        _allocated = memory.Allocated;
        LogGivenBack(logger, slack / (1024 * 1024), collect, memory.Slack / (1024 * 1024));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.MemoryTrim.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Check();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Giving memory back is a saving, never a reason for the portal to stop.
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving memory back failed; the portal carries on.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Quiet: the collector held {Before} MB more than it used (full collection: {Collected}); {After} MB after giving memory back.")]
    private static partial void LogGivenBack(ILogger logger, long before, bool collected, long after);
}

/// <summary>What <see cref="IdleMemoryTrimmer"/> reads from the runtime and asks of it.</summary>
internal interface IManagedMemory
{
    /// <summary>Bytes allocated by the process so far.</summary>
    long Allocated { get; }

    /// <summary>Bytes the collector has committed beyond the heap its last collection left.</summary>
    long Slack { get; }

    /// <summary>SQLite's idle connections closed, a full compacting collection that decommits what it can (when
    /// <paramref name="collect"/>), then the C library's free pages.</summary>
    void GiveBack(bool collect);
}

internal sealed partial class RuntimeMemory : IManagedMemory
{
    public long Allocated => GC.GetTotalAllocatedBytes();

    public long Slack
    {
        get
        {
            var info = GC.GetGCMemoryInfo();
            return Math.Max(0, info.TotalCommittedBytes - info.HeapSizeBytes);
        }
    }

    public void GiveBack(bool collect)
    {
        // SQLite's idle pooled connections each keep a page cache of up to 2 MB (C memory); they are opened again
        // when next needed. Connections in use are closed when they are given back, so nothing is cut short.
        SqliteConnection.ClearAllPools();
        if (collect)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        TrimNative();
    }

    /// <summary>The C library's free pages back to the machine; false where there is no glibc (Windows, macOS, musl,
    /// which has no <c>malloc_trim</c>): the managed part is given back all the same.</summary>
    internal static bool TrimNative()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
