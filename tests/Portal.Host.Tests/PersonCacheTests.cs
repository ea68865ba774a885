using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Portal.Caching;
using Portal.Clustering;
using Portal.Modules;

namespace Portal.Host.Tests;

/// <summary>
/// The per-person cache contract (<see cref="PersonCache{T}"/>, registered with <c>AddPersonCache&lt;T&gt;</c>): one
/// person's answer is dropped without touching another's, and a change signalled on one node makes every node read
/// again. Two nodes are two service providers (each its own HybridCache) on one signal bus.
/// </summary>
public sealed class PersonCacheTests : IDisposable
{
    private const string Channel = "tests.answers";

    private readonly ClusterBus _bus = new();
    private readonly ServiceProvider _nodeA;
    private readonly ServiceProvider _nodeB;

    // What the "database" says per person, and how often each node read it.
    private readonly Dictionary<string, int> _stored = new() { ["u1"] = 1, ["u2"] = 2 };
    private int _readsA;
    private int _readsB;

    public PersonCacheTests()
    {
        _nodeA = Node();
        _nodeB = Node();
    }

    private ServiceProvider Node()
    {
        var services = new ServiceCollection();
        services.AddHybridCache();
        services.AddSingleton<IClusterSignal>(_bus);
        services.AddPersonCache<Answer>(Channel, TimeSpan.FromMinutes(5));
        return services.BuildServiceProvider();
    }

    private Task<int> ReadAsync(ServiceProvider node, string personId) =>
        ReadCoreAsync(node.GetRequiredService<PersonCache<Answer>>(), personId, node == _nodeA);

    private async Task<int> ReadCoreAsync(PersonCache<Answer> cache, string personId, bool onA)
    {
        var answer = await cache.GetOrCreateAsync(personId, (Tests: this, PersonId: personId, OnA: onA), static (state, _) =>
        {
            if (state.OnA)
            {
                state.Tests._readsA++;
            }
            else
            {
                state.Tests._readsB++;
            }

            return ValueTask.FromResult(new Answer(state.Tests._stored[state.PersonId]));
        });
        return answer.Value;
    }

    [Fact]
    public async Task Each_answer_is_read_once_per_person_and_node()
    {
        Assert.Equal(1, await ReadAsync(_nodeA, "u1"));
        Assert.Equal(1, await ReadAsync(_nodeA, "u1"));
        Assert.Equal(2, await ReadAsync(_nodeA, "u2"));
        Assert.Equal(2, _readsA);

        Assert.Equal(1, await ReadAsync(_nodeB, "u1"));
        Assert.Equal(1, _readsB);
    }

    [Fact]
    public async Task Forgetting_one_person_here_leaves_everyone_else_and_every_other_node_alone()
    {
        await ReadAsync(_nodeA, "u1");
        await ReadAsync(_nodeA, "u2");
        await ReadAsync(_nodeB, "u1");
        _stored["u1"] = 10;
        _stored["u2"] = 20;
        var generation = _nodeA.GetRequiredService<PersonCache<Answer>>().Generation;

        await _nodeA.GetRequiredService<PersonCache<Answer>>().ForgetHereAsync("u1");

        Assert.Equal(10, await ReadAsync(_nodeA, "u1"));
        Assert.Equal(2, await ReadAsync(_nodeA, "u2"));
        Assert.Equal(1, await ReadAsync(_nodeB, "u1"));
        Assert.Equal(3, _readsA);
        Assert.Equal(generation, _nodeA.GetRequiredService<PersonCache<Answer>>().Generation);
        Assert.Empty(_bus.Published);
    }

    [Fact]
    public async Task Forgetting_a_person_everywhere_is_at_once_here_and_moves_every_nodes_generation()
    {
        await ReadAsync(_nodeA, "u1");
        await ReadAsync(_nodeB, "u1");
        await ReadAsync(_nodeB, "u2");
        _stored["u1"] = 10;
        _stored["u2"] = 20;
        var before = _nodeB.GetRequiredService<PersonCache<Answer>>().Generation;

        await _nodeA.GetRequiredService<PersonCache<Answer>>().ForgetAsync("u1");

        Assert.Equal(new[] { Channel }, _bus.Published);
        Assert.Equal(before + 1, _nodeB.GetRequiredService<PersonCache<Answer>>().Generation);
        Assert.Equal(10, await ReadAsync(_nodeA, "u1"));
        // The signal carries no person: the other node reads everyone again.
        Assert.Equal(10, await ReadAsync(_nodeB, "u1"));
        Assert.Equal(20, await ReadAsync(_nodeB, "u2"));
    }

    [Fact]
    public async Task A_signal_from_another_node_moves_this_nodes_generation_and_every_answer_is_read_again()
    {
        await ReadAsync(_nodeA, "u1");
        await ReadAsync(_nodeA, "u2");
        _stored["u1"] = 10;
        var cache = _nodeA.GetRequiredService<PersonCache<Answer>>();
        var before = cache.Generation;

        // Another node (not this cache) changed a person and raised the channel.
        await _bus.PublishAsync(Channel);

        Assert.Equal(before + 1, cache.Generation);
        Assert.Equal(10, await ReadAsync(_nodeA, "u1"));
        Assert.Equal(2, await ReadAsync(_nodeA, "u2"));
        Assert.Equal(4, _readsA);

        // A signal on another channel is not this cache's business.
        await _bus.PublishAsync("tests.other");
        Assert.Equal(before + 1, cache.Generation);
    }

    [Fact]
    public async Task Forgetting_everyone_drops_every_answer_on_every_node()
    {
        await ReadAsync(_nodeA, "u1");
        await ReadAsync(_nodeB, "u2");
        _stored["u1"] = 10;
        _stored["u2"] = 20;

        await _nodeB.GetRequiredService<PersonCache<Answer>>().ForgetEveryoneAsync();

        Assert.Equal(10, await ReadAsync(_nodeA, "u1"));
        Assert.Equal(20, await ReadAsync(_nodeB, "u2"));
    }

    [Fact]
    public void Registration_is_idempotent_and_refuses_clashes_and_mutable_values()
    {
        var services = new ServiceCollection();
        services.AddPersonCache<Answer>(Channel, TimeSpan.FromMinutes(5));
        services.AddPersonCache<Answer>(Channel, TimeSpan.FromMinutes(5));
        Assert.Single(services, d => d.ServiceType == typeof(PersonCache<Answer>));

        // One value type, one channel: two caches writing the same keys, or one cache with two lifetimes, is a defect.
        Assert.Throws<InvalidOperationException>(() => services.AddPersonCache<OtherAnswer>(Channel, TimeSpan.FromMinutes(5)));
        Assert.Throws<InvalidOperationException>(() => services.AddPersonCache<Answer>("tests.elsewhere", TimeSpan.FromMinutes(5)));
        Assert.Throws<InvalidOperationException>(() => services.AddPersonCache<Answer>(Channel, TimeSpan.FromMinutes(1)));

        // HybridCache hands a mutable value to every reader: refused.
        Assert.Throws<ArgumentException>(() => services.AddPersonCache<MutableAnswer>("tests.mutable", TimeSpan.FromMinutes(5)));
    }

    public void Dispose()
    {
        _nodeA.Dispose();
        _nodeB.Dispose();
    }

    [ImmutableObject(true)]
    private sealed class Answer(int value)
    {
        public int Value { get; } = value;
    }

    [ImmutableObject(true)]
    private sealed class OtherAnswer;

    private sealed class MutableAnswer
    {
        public int Value { get; set; }
    }

    /// <summary>One signal bus for several nodes in one process: a channel raised by anyone reaches every subscriber,
    /// as the host's signal does across nodes.</summary>
    private sealed class ClusterBus : IClusterSignal
    {
        private readonly List<(string Channel, Func<CancellationToken, Task> Handler)> _handlers = [];

        public List<string> Published { get; } = [];

        public async Task PublishAsync(string channel, CancellationToken cancellationToken = default)
        {
            Published.Add(channel);
            foreach (var (_, handler) in _handlers.Where(h => h.Channel == channel).ToList())
            {
                await handler(cancellationToken);
            }
        }

        public IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler)
        {
            var entry = (channel, handler);
            _handlers.Add(entry);
            return new Unsubscriber(() => _handlers.Remove(entry));
        }

        private sealed class Unsubscriber(Action dispose) : IDisposable
        {
            public void Dispose() => dispose();
        }
    }
}
