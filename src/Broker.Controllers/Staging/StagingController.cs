using System.Diagnostics.Metrics;
using System.Reactive.Disposables;
using Broker.Controllers.Placement;
using Broker.Kcp.Http;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Broker.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Staging;

/// <summary>
/// The staging-workspace controller: a queue of staging workspace names, fed by the Placements (every workspace one names,
/// before and after each change, and all of them at start) and by the staging root's Workspaces (their progress), worked
/// by a <see cref="StagingWorkspaceReconciler"/>. Objects waiting for a workspace are queued from <see cref="StagingWorkspaces.Ready"/>.
/// </summary>
public sealed class StagingController(StagingWorkspaces staging, PlacementRecords placements, KcpClient client, Meter meter, TimeProvider time, ILoggerFactory loggers)
{
    public const string Name = "stagingworkspaces";

    // Each pass makes at most a few requests; a restart over many workspaces reads each one's binding once.
    private const int Workers = 4;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var queue = new RateLimitingQueue<string>(Name, new RateLimitingQueueOptions(), meter, time);
        using var subscriptions = new CompositeDisposable(
            placements.Cache.Changes.Subscribe(change =>
            {
                AddNamed(queue, change.Old);
                AddNamed(queue, change.New);
            }),
            staging.Changes.Subscribe(queue.Add));
        foreach (var cached in placements.Cache.Snapshot.All)
        {
            AddNamed(queue, cached); // listed before the subscription; the queue drops repeats
        }

        var reconciler = new StagingWorkspaceReconciler(staging, placements, client, loggers.CreateLogger<StagingWorkspaceReconciler>());
        await new Controller<string>(Name, queue, reconciler, new ControllerOptions { Workers = Workers }, loggers.CreateLogger<Controller<string>>())
            .RunAsync(cancellationToken);
    }

    private static void AddNamed(RateLimitingQueue<string> queue, CachedObject? placement)
    {
        foreach (var name in placement?.IndexValues(PlacementRecords.ByStagingWorkspace.Name) ?? [])
        {
            queue.Add(name);
        }
    }
}
