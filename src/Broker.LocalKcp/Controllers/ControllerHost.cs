using System.Threading.Channels;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;
using Microsoft.Extensions.Logging;

namespace Broker.LocalKcp.Controllers;

/// <summary>
/// Runs LocalKcp's controllers: store listeners only enqueue (they run under the store lock), one loop per
/// controller dequeues, de-duplicates and reconciles, retrying failures after a short delay.
/// </summary>
public sealed partial class ControllerHost
{
    private readonly List<Task> _loops = [];

    private ControllerHost()
    {
    }

    public static ControllerHost Start(ControlPlane plane, ILogger logger, CancellationToken cancellationToken)
    {
        var host = new ControllerHost();
        Controller[] controllers =
        [
            new WorkspaceController(plane),
            new ApiExportController(plane),
            new ApiBindingController(plane),
            new EndpointSliceController(plane),
        ];
        foreach (var controller in controllers)
        {
            var queue = Channel.CreateUnbounded<ObjectKey?>(new UnboundedChannelOptions { SingleReader = true });
            foreach (var shard in plane.Shards)
            {
                shard.Store.AddListener(e =>
                {
                    if (e.Resource == controller.Primary && e.Object is { } o)
                    {
                        queue.Writer.TryWrite(o.Key);
                    }
                    else if (controller.ResyncOn(e))
                    {
                        queue.Writer.TryWrite(null);
                    }
                });
            }

            queue.Writer.TryWrite(null);
            host._loops.Add(Task.Run(() => RunAsync(plane, controller, queue, logger, cancellationToken), CancellationToken.None));
        }

        return host;
    }

    public async Task StopAsync()
    {
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static async Task RunAsync(ControlPlane plane, Controller controller, Channel<ObjectKey?> queue, ILogger logger, CancellationToken cancellationToken)
    {
        var pending = new HashSet<ObjectKey>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(cancellationToken))
            {
                var resync = false;
                while (queue.Reader.TryRead(out var key))
                {
                    if (key is { } k)
                    {
                        pending.Add(k);
                    }
                    else
                    {
                        resync = true;
                    }
                }

                if (resync)
                {
                    foreach (var shard in plane.Shards)
                    {
                        pending.UnionWith(shard.Store.List(controller.Primary, null, null).Items.Select(o => o.Key));
                    }
                }

                var batch = pending.ToList();
                pending.Clear();
                foreach (var key in batch)
                {
                    await ReconcileAsync(plane, controller, queue, key, logger, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private static async Task ReconcileAsync(ControlPlane plane, Controller controller, Channel<ObjectKey?> queue, ObjectKey key, ILogger logger, CancellationToken cancellationToken)
    {
        if (plane.Clusters.TryGetByName(key.Cluster) is not { } cluster)
        {
            return;
        }

        TimeSpan? again;
        try
        {
            again = await controller.ReconcileAsync(cluster, key.Name, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReconcileFailed(logger, controller.GetType().Name, key.ToString(), e);
            // Conflicts and races with users are normal; try again shortly (level-triggered).
            again = TimeSpan.FromMilliseconds(100);
        }

        if (again is { } delay)
        {
            _ = RequeueAsync(plane.Time, queue, key, delay, cancellationToken);
        }
    }

    private static async Task RequeueAsync(TimeProvider time, Channel<ObjectKey?> queue, ObjectKey key, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            queue.Writer.TryWrite(key);
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
    }

    internal static bool IsKcpApi(StorageKey resource, string plural) => resource.Group == KcpGroups.Apis && resource.Resource == plural;
}
