using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using k8s.Models;

namespace Broker.Controllers.Migrations;

/// <summary>
/// The Migration records of the platform workspace: one per move, named after the Placement and the target, so a
/// restarted broker finds the move it was making. Reads come from the cache; a write returns the server's copy.
/// </summary>
public sealed class MigrationRecords(ClusterClient platform, string platformCluster, ObjectStore cache)
{
    public static readonly GroupVersionResource Resource = new("broker.platform-mesh.io", "v1alpha1", "migrations");
    public static readonly GroupVersionResource Configurations = new("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations");

    /// <summary>Migrations live in this namespace of the platform workspace.</summary>
    public const string Namespace = "default";

    /// <summary>On each Migration: the Placement whose move it is.</summary>
    public const string PlacementLabel = BrokerNames.Prefix + "placement";

    private readonly ConditionalWeakTable<CachedObject, Migration> _parsed = [];

    // The resourceVersion of each record's last write by this process: a cache older than that must not be acted on.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _written = new(StringComparer.Ordinal);

    public ObjectStore Cache => cache;

    /// <summary>
    /// m-&lt;hash(placement, target cluster, target export, start)&gt;: one per move attempt, so a move tried again after a
    /// failure, or back and forth, is a record of its own while the finished ones are retained.
    /// </summary>
    public static string NameOf(string placementName, ProviderReference to, DateTimeOffset started) =>
        "m-" + BrokerNames.Hash(placementName, to.Cluster, to.ApiExportName, started.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The Migration of the move a Placement records, if it records one.</summary>
    public static string? NameOf(Core.Api.V1Alpha1.Placement placement) =>
        placement.Spec.Target is { } target && placement.Status?.MoveStarted is { } started ? NameOf(placement.Metadata.Name!, target, started) : null;

    /// <summary>Whether a cached Placement may record a move (a target and a start), read from its JSON: most record
    /// none, and their changes need no typed record to tell.</summary>
    public static bool MayRecordMove(CachedObject placement)
    {
        using var document = placement.ReadDocument();
        return KubeElement.At(document.Root, "spec", "target") is { ValueKind: JsonValueKind.Object }
            && KubeElement.At(document.Root, "status", "moveStarted") is not null;
    }

    public Migration? Find(string name) =>
        cache.TryGet(new ObjectKey(platformCluster, Namespace, name), out var cached) && cached is not null ? Parsed(cached) : null;

    public IEnumerable<Migration> All() => cache.Snapshot.All.Select(Parsed);

    public Migration Parsed(CachedObject cached) =>
        _parsed.GetValue(cached, c => c.Deserialize(BrokerJsonContext.Default.Migration));

    /// <summary>
    /// The Migration of this move, created with state Pending when it does not exist yet (the server's copy when an
    /// earlier pass created it and the cache is behind).
    /// </summary>
    public async Task<Migration> EnsureAsync(
        string placementName, JsonObject consumer, ProviderReference from, ProviderReference to, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var name = NameOf(placementName, to, started);
        if (Find(name) is { } known)
        {
            return known;
        }

        var gvk = Gvk(consumer);
        var record = new Migration
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [PlacementLabel] = placementName } },
            Spec = new MigrationSpec
            {
                // Staging workspaces and provider paths, never consumer names: Migrations live beside the Placements.
                From = new MigrationRef { Gvk = KindAt(gvk, from.TranslatedTo), Name = KubeName(consumer), Namespace = KubeNamespace(consumer), ClusterName = from.StagingWorkspace ?? from.Cluster, Provider = from.Path ?? from.Cluster },
                To = new MigrationRef { Gvk = KindAt(gvk, to.TranslatedTo), Name = KubeName(consumer), Namespace = KubeNamespace(consumer), ClusterName = to.StagingWorkspace ?? to.Cluster, Provider = to.Path ?? to.Cluster },
            },
        };
        Migration created;
        try
        {
            created = Remember(Read(await platform.CreateAsync(Resource, Namespace, Write(record), cancellationToken)));
        }
        catch (AlreadyExistsException)
        {
            return Read(await platform.GetAsync(Resource, Namespace, name, cancellationToken));
        }

        return await UpdateStatusAsync(created with { Status = new MigrationStatus { State = MigrationStates.Pending } }, cancellationToken);
    }

    public async Task<Migration> UpdateStatusAsync(Migration migration, CancellationToken cancellationToken) =>
        Remember(Read(await platform.UpdateStatusAsync(Resource, Write(migration), cancellationToken)));

    /// <summary>
    /// False while the cache holds an older version of <paramref name="migration"/> than this process last wrote (its
    /// event is on its way). A step taken on such a version would redo what the write finished, such as making a
    /// stage's objects again after the stage succeeded; the write's event brings the record back.
    /// </summary>
    public bool IsCurrent(Migration migration) =>
        !_written.TryGetValue(migration.Metadata.Name!, out var written) || Version(migration) >= written;

    private Migration Remember(Migration written)
    {
        _written[written.Metadata.Name!] = Version(written);
        return written;
    }

    // kcp's resourceVersions are etcd revisions (LocalKcp's a shard's counter): integers that only grow.
    private static long Version(Migration migration) =>
        long.TryParse(migration.Metadata.ResourceVersion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : long.MaxValue;

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await platform.DeleteAsync(Resource, Namespace, name, null, cancellationToken);
            _written.TryRemove(name, out _);
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>The apiVersion/kind of an object as a GroupVersionKind.</summary>
    public static GroupVersionKind Gvk(JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? "";
        var slash = apiVersion.LastIndexOf('/');
        return new GroupVersionKind { Group = slash < 0 ? "" : apiVersion[..slash], Version = apiVersion[(slash + 1)..], Kind = (string?)obj["kind"] ?? "" };
    }

    // The kind of the copy on a provider: the brokered one, or the provider's own when its AcceptAPI translates, so a
    // MigrationConfiguration from one vendor kind to another covers the move.
    public static GroupVersionKind KindAt(GroupVersionKind brokered, TranslationTarget? translatedTo) =>
        translatedTo is { } target ? new GroupVersionKind { Group = target.Group, Version = target.Version, Kind = target.Kind } : brokered;

    private static JsonObject Write(Migration migration) => JsonSerializer.SerializeToNode(migration, BrokerJsonContext.Default.Migration)!.AsObject();

    private static Migration Read(JsonObject obj) => obj.Deserialize(BrokerJsonContext.Default.Migration)!;

    private static string KubeName(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "";

    private static string? KubeNamespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"];
}
