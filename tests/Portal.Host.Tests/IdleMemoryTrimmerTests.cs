using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Hosting;

namespace Portal.Host.Tests;

/// <summary>Memory is given back once the portal has gone quiet (allocating under 1 MB a second for the quiet period), once
/// per quiet spell, with a full collection only when the collector holds enough beyond what it uses.</summary>
public sealed class IdleMemoryTrimmerTests
{
    private const long MB = 1024 * 1024;

    private sealed class FakeMemory : IManagedMemory
    {
        public long Allocated { get; set; }

        public long Slack { get; set; } = 100 * MB;

        public int GivenBack { get; private set; }

        public int Collections { get; private set; }

        public void GiveBack(bool collect)
        {
            GivenBack++;
            Allocated += 64 * 1024; // a little, as the runtime's collection does
            if (collect)
            {
                Collections++;
                Slack = 2 * MB;
            }
        }
    }

    private static (IdleMemoryTrimmer Trimmer, FakeMemory Memory, FakeTimeProvider Time) Create(bool enabled = true)
    {
        var memory = new FakeMemory();
        var time = new FakeTimeProvider();
        var options = Options.Create(new PortalOptions { MemoryTrim = new MemoryTrimSettings { Enabled = enabled } });
        return (new IdleMemoryTrimmer(memory, time, options, NullLogger<IdleMemoryTrimmer>.Instance), memory, time);
    }

    /// <summary>Looks once a second for <paramref name="seconds"/> seconds; how many times memory was given back.</summary>
    private static int Watch(IdleMemoryTrimmer trimmer, FakeTimeProvider time, int seconds, Action? eachSecond = null)
    {
        var given = 0;
        for (var i = 0; i < seconds; i++)
        {
            eachSecond?.Invoke();
            given += trimmer.Check() ? 1 : 0;
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return given;
    }

    [Fact]
    public void Memory_is_given_back_once_after_ten_quiet_seconds()
    {
        var (trimmer, memory, time) = Create();
        Assert.Equal(0, Watch(trimmer, time, 10));
        Assert.Equal(0, memory.GivenBack);
        Assert.Equal(1, Watch(trimmer, time, 2));
        Assert.Equal(1, memory.GivenBack);

        // Still quiet, with the background tasks' trickle: nothing is given back twice.
        Assert.Equal(0, Watch(trimmer, time, 60, () => memory.Allocated += 200 * 1024));
        Assert.Equal(1, memory.GivenBack);
    }

    [Fact]
    public void Nothing_is_given_back_while_the_portal_is_busy()
    {
        var (trimmer, memory, time) = Create();
        Assert.Equal(0, Watch(trimmer, time, 120, () => memory.Allocated += 50 * MB));
        Assert.Equal(0, memory.GivenBack);
    }

    [Fact]
    public void A_burst_every_few_seconds_keeps_the_portal_from_counting_as_quiet()
    {
        var (trimmer, memory, time) = Create();
        var second = 0;
        Assert.Equal(0, Watch(trimmer, time, 60, () =>
        {
            if (second++ % 8 == 0)
            {
                memory.Allocated += 3 * MB;
            }
        }));
    }

    [Fact]
    public void A_few_pages_a_second_still_count_as_quiet()
    {
        var (trimmer, memory, time) = Create();
        Assert.Equal(1, Watch(trimmer, time, 12, () => memory.Allocated += 4 * 150 * 1024));
    }

    [Fact]
    public void Little_held_beyond_what_is_used_is_not_worth_a_full_collection_but_the_rest_is_given_back()
    {
        var (trimmer, memory, time) = Create();
        memory.Slack = 20 * MB;
        Assert.Equal(1, Watch(trimmer, time, 30));
        Assert.Equal((1, 0), (memory.GivenBack, memory.Collections));

        // More held later while still quiet changes nothing until someone comes back.
        memory.Slack = 80 * MB;
        Assert.Equal(0, Watch(trimmer, time, 30));
        memory.Allocated += 10 * MB;
        Assert.Equal(1, Watch(trimmer, time, 12));
        Assert.Equal((2, 1), (memory.GivenBack, memory.Collections));
    }

    [Fact]
    public void After_a_busy_spell_the_next_quiet_spell_gives_back_again()
    {
        var (trimmer, memory, time) = Create();
        Assert.Equal(1, Watch(trimmer, time, 12));
        Assert.Equal(0, Watch(trimmer, time, 30, () =>
        {
            memory.Allocated += 80 * MB;
            memory.Slack = 120 * MB;
        }));
        Assert.Equal(1, Watch(trimmer, time, 12));
        Assert.Equal(2, memory.GivenBack);
    }

    [Fact]
    public async Task The_running_service_looks_every_second_and_does_nothing_when_switched_off()
    {
        foreach (var enabled in new[] { true, false })
        {
            var (trimmer, memory, time) = Create(enabled);
            await trimmer.StartAsync(CancellationToken.None);

            // Fake seconds go by (the service starts and the timer's continuation runs on the thread pool, so each gets a
            // moment of real time) until memory was given back, or for five fake minutes: it needs only two looks ten
            // fake seconds apart, however many ticks a slow machine lets pass unseen.
            for (var i = 0; i < 300 && memory.GivenBack == 0; i++)
            {
                time.Advance(IdleMemoryTrimmer.Tick);
                await Task.Delay(20);
            }

            await trimmer.StopAsync(CancellationToken.None);
            Assert.Equal(enabled ? 1 : 0, memory.GivenBack);
        }
    }

    [Fact]
    public void The_runtime_gives_back_with_a_full_collection_and_the_C_library()
    {
        var before = GC.CollectionCount(2);
        var garbage = new List<byte[]>();
        for (var i = 0; i < 64; i++)
        {
            garbage.Add(new byte[256 * 1024]);
        }

        garbage.Clear();
        var memory = new RuntimeMemory();
        Assert.True(memory.Slack >= 0);
        memory.GiveBack(collect: true);
        Assert.True(GC.CollectionCount(2) > before, "no full collection ran");

        // glibc has malloc_trim; musl, Windows and macOS do not, and the managed part is given back all the same.
        var glibc = OperatingSystem.IsLinux() && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
        Assert.Equal(glibc, RuntimeMemory.TrimNative());
    }
}
