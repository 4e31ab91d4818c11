using System.Collections.Concurrent;
using Broker.Controllers.Placement;
using Broker.Controllers.Sources;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Controllers.Hosting;

/// <summary>The controllers' subscriptions to each brokered resource's changes and each export's owned Secrets, kept per
/// resource and per export so one can be added or dropped while the others stay.</summary>
internal sealed class ResourceSubscriptions(Func<BrokeredResource, IDisposable> subscribe, Func<OwnedSecrets, IDisposable> subscribeOwned) : IDisposable
{
    private readonly ConcurrentDictionary<GroupVersionResource, IDisposable> _resources = new();
    private readonly ConcurrentDictionary<string, IDisposable> _owned = new(StringComparer.Ordinal);

    public void Add(BrokeredResource resource) => _resources.AddOrUpdate(resource.Resource, _ => subscribe(resource), (_, old) =>
    {
        old.Dispose();
        return subscribe(resource);
    });

    public void Add(OwnedSecrets owned) => _owned.AddOrUpdate(owned.ExportName, _ => subscribeOwned(owned), (_, old) =>
    {
        old.Dispose();
        return subscribeOwned(owned);
    });

    public void Remove(GroupVersionResource resource)
    {
        if (_resources.TryRemove(resource, out var subscription))
        {
            subscription.Dispose();
        }
    }

    public void Remove(OwnedSecrets owned)
    {
        if (_owned.TryRemove(owned.ExportName, out var subscription))
        {
            subscription.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var subscription in _resources.Values.Concat(_owned.Values))
        {
            subscription.Dispose();
        }

        _resources.Clear();
        _owned.Clear();
    }
}
