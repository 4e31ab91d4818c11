using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Watch;

/// <summary>Collects informer events as "TYPE key@rv" strings and lets a test wait for a count.</summary>
internal sealed class EventRecorder : IObserver<WatchEvent>
{
    private readonly Lock _gate = new();
    private readonly List<string> _events = [];

    public bool Completed { get; private set; }

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public async Task<IReadOnlyList<string>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Events.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return Events.Count >= count ? Events : throw new TimeoutException($"Expected {count} events, got: {string.Join(", ", Events)}");
    }

    public void OnNext(WatchEvent value)
    {
        lock (_gate)
        {
            _events.Add($"{value.Type.ToString().ToUpperInvariant()} {KubeObject.Key(value.Object)}@{KubeObject.ResourceVersion(value.Object)}");
        }
    }

    public void OnError(Exception error) => throw error;

    public void OnCompleted() => Completed = true;
}
