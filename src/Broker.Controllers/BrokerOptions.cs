using Broker.Kcp.Models;

namespace Broker.Controllers;

/// <summary>How the broker runs; each property states its default.</summary>
public sealed record BrokerOptions
{
    /// <summary>The platform workspace: holds the exports, the coordination records and (by default) the staging workspaces.</summary>
    public required ClusterPath PlatformWorkspace { get; init; }

    /// <summary>The export providers bind to publish AcceptAPIs. Default <c>acceptapis</c>.</summary>
    public string AcceptApiExport { get; init; } = "acceptapis";

    /// <summary>Exports whose objects are brokered; empty means every other endpoint slice of the platform workspace.</summary>
    public IReadOnlyList<string> BrokeredExports { get; init; } = [];

    /// <summary>Parent of the staging workspaces; default the platform workspace.</summary>
    public ClusterPath? StagingRoot { get; init; }

    /// <summary>How long a move waits for the new copy to become ready before it is abandoned. Default 10 minutes.</summary>
    public TimeSpan CutoverTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether moves run the stages of the MigrationConfiguration covering them. Off, every move is a Migration without
    /// stages: the new copy ready, cutover, the old copy deleted. Default true.
    /// </summary>
    public bool EnableMigration { get; init; } = true;

    /// <summary>How long a finished (CutoverCompleted or Failed) Migration is kept before it is deleted. Default 1 hour.</summary>
    public TimeSpan MigrationRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Kubeconfig of the stage target (where stage objects go: a cluster where Jobs run, or a kcp workspace); null: the platform workspace.</summary>
    public string? StageKubeconfig { get; init; }

    /// <summary>
    /// How long the staging workspace of a placed object may stay unusable (a restarted broker cannot confirm it, or one
    /// deleted by someone else cannot be made again) before a Warning Event on the object says so. The object keeps its
    /// status meanwhile, as its copy usually still serves. Default 1 minute.
    /// </summary>
    public TimeSpan StagingWarningAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>controller-runtime's default sync period: often enough to repair what no event reported, rarely enough to cost nothing.</summary>
    public static readonly TimeSpan DefaultReconcileInterval = TimeSpan.FromHours(10);

    /// <summary>
    /// How often every brokered object is queued again without an event (a periodic resync; zero turns it off). A pass over
    /// a settled object reads the cache and writes nothing. Default 10 hours.
    /// </summary>
    public TimeSpan ReconcileInterval { get; init; } = DefaultReconcileInterval;

    /// <summary>Parallel reconciles of brokered objects. Default 8.</summary>
    public int Workers { get; init; } = 8;

    /// <summary>
    /// How often the platform workspace's exports are listed again; a changed set of brokered resources restarts the
    /// controllers in process (everything is recovered from kcp). Default 30 seconds.
    /// </summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(30);

    public ClusterPath Staging => StagingRoot ?? PlatformWorkspace;
}
