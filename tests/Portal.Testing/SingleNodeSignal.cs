using System.Collections.Concurrent;
using Portal.Clustering;

namespace Portal.Testing;

/// <summary>The cluster signal of a site with one node: runs this node's handlers at once (there are no other
/// nodes) and keeps every channel published, in order, for assertions.</summary>
public sealed class SingleNodeSignal : IClusterSignal
{
    private readonly List<(string Channel, Func<CancellationToken, Task> Handler)> _handlers = [];
    private readonly ConcurrentQueue<string> _published = new();

    /// <summary>The channels published so far, oldest first.</summary>
    public IReadOnlyCollection<string> Published => _published;

    public async Task PublishAsync(string channel, CancellationToken cancellationToken = default)
    {
        _published.Enqueue(channel);
        List<Func<CancellationToken, Task>> handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers.Where(h => h.Channel == channel).Select(h => h.Handler)];
        }

        foreach (var handler in handlers)
        {
            await handler(cancellationToken);
        }
    }

    public IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler)
    {
        lock (_handlers)
        {
            _handlers.Add((channel, handler));
        }

        return new Unsubscribe(() =>
        {
            lock (_handlers)
            {
                _handlers.Remove((channel, handler));
            }
        });
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
