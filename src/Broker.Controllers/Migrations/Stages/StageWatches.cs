using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Broker.Controllers.Sources;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Migrations.Stages;

/// <summary>
/// Watches the stage objects in the stage target, one informer per kind in use (started when a stage first makes an
/// object of that kind), selecting only objects with the migration-name label. A change (a Job that finished, a ConfigMap
/// a person approved) names its Migration on <see cref="Changes"/>, which queues it at once instead of at its next poll.
/// </summary>
public sealed class StageWatches(ClusterClient target, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private static readonly CacheIndex ByMigration = CacheIndex.ByLabel(StageObjects.MigrationLabel);

    private readonly ConcurrentDictionary<GroupVersionResource, (WorkspaceInformer Informer, IDisposable Subscription)> _watches = new();
    private readonly Subject<string> _changes = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Names of the Migrations whose stage objects changed.</summary>
    public IObservable<string> Changes => _changes.AsObservable();

    /// <summary>Starts watching <paramref name="resource"/> unless it is watched.</summary>
    public void Ensure(GroupVersionResource resource)
    {
        if (_watches.ContainsKey(resource))
        {
            return;
        }

        // Under a lock, not GetOrAdd: a factory that runs twice would start an informer nobody stops.
        lock (_gate)
        {
            if (_disposed || _watches.ContainsKey(resource))
            {
                return;
            }

            var informer = new WorkspaceInformer(target, resource, new InformerOptions { LabelSelector = StageObjects.MigrationLabel }, time, loggers, ByMigration);
            var subscription = informer.Store.Changes
                .SelectMany(change => new[] { change.Old, change.New })
                .SelectMany(cached => cached?.IndexValues(ByMigration.Name) ?? [])
                .Subscribe(_changes.OnNext);
            _watches[resource] = (informer, subscription);
            informer.Start();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        foreach (var (informer, subscription) in _watches.Values)
        {
            subscription.Dispose();
            await informer.DisposeAsync();
        }

        _changes.OnCompleted();
        _changes.Dispose();
    }
}
