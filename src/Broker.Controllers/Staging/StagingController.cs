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
/// The staging-workspace controller: a queue of staging workspace names, fed by the Placements (a workspace one takes up
/// or lets go unless it is ready or already asked for, and every one named at start), by the staging root's Workspaces
/// (becoming Ready, being deleted, gone) and by the passes that ask for one not yet ready, worked
/// by a <see cref="StagingWorkspaceReconciler"/>. Objects waiting for a workspace are queued from <see cref="StagingWorkspaces.Ready"/>.
/// </summary>
public sealed class StagingController(StagingWorkspaces staging, PlacementRecords placements, KcpClient client, Meter meter, TimeProvider time, ILoggerFactory loggers)
{
    public const string Name = "stagingworkspaces";

    // A pass makes at most a few requests and mostly waits for them: a burst of new pairs, or a restart over many
    // workspaces (each one's binding read once), is prepared in parallel.
    private const int Workers = 16;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var queue = new RateLimitingQueue<string>(Name, new RateLimitingQueueOptions(), meter, time);
        using var subscriptions = new CompositeDisposable(
            placements.Cache.Changes.Subscribe(change =>
            {
                // Only a name a Placement takes up or lets go: most changes (status, phase) name the same workspaces, and
                // a workspace still being prepared would take a step for each. Nor one in hand: a ready workspace's pass
                // ends at once, and one a placement pass asked for keeps itself queued (a burst of new objects for one
                // pair made about five passes per workspace of these alone).
                var before = Named(change.Old);
                var after = Named(change.New);
                foreach (var name in after.Except(before, StringComparer.Ordinal).Concat(before.Except(after, StringComparer.Ordinal)))
                {
                    if (!staging.IsInHand(name))
                    {
                        queue.Add(name);
                    }
                }
            }),
            staging.Changes.Subscribe(queue.Add),
            staging.Demanded.Subscribe(queue.Add));
        foreach (var name in placements.Cache.Snapshot.All.SelectMany(Named))
        {
            queue.Add(name); // listed before the subscription; the queue drops repeats
        }

        var reconciler = new StagingWorkspaceReconciler(staging, placements, client, loggers.CreateLogger<StagingWorkspaceReconciler>());
        await new Controller<string>(Name, queue, reconciler, new ControllerOptions { Workers = Workers }, loggers.CreateLogger<Controller<string>>())
            .RunAsync(cancellationToken);
    }

    private static IEnumerable<string> Named(CachedObject? placement) => placement?.IndexValues(PlacementRecords.ByStagingWorkspace.Name) ?? [];
}
