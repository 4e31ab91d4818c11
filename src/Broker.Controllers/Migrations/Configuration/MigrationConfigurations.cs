using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>
/// The platform workspace's MigrationConfigurations as the broker uses them, read from their informer's store. Each
/// is compiled once per resourceVersion, so neither the Migration controller's passes nor the status reconciler
/// parse CEL again until the configuration changes; one that does not even parse is never found and never throws.
/// </summary>
public sealed class MigrationConfigurations(ObjectStore cache)
{
    public static readonly GroupVersionResource Resource = new("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations");

    // By key, with the cached object compiled: the store replaces an object on every change, so the same instance
    // needs no resourceVersion read (what makes a pass's lookup cheap); a relist's new instance is matched by version.
    private readonly ConcurrentDictionary<ObjectKey, (CachedObject Source, MigrationConfigurationEntry Entry)> _entries = new();

    /// <summary>The configuration for moving objects of <paramref name="from"/> to <paramref name="to"/>: the first by
    /// name when several cover it (then namespace and workspace break the tie), or null when none does. Its compilation
    /// may be invalid: a move it covers should then fail with <see cref="MigrationConfigurationCompilation.Message"/>.</summary>
    public FoundMigrationConfiguration? Find(GroupVersionKind from, GroupVersionKind to) => FindEntry(from, to)?.Found;

    /// <summary>As <see cref="Find"/>, with the configuration's key.</summary>
    public MigrationConfigurationEntry? FindEntry(GroupVersionKind from, GroupVersionKind to)
    {
        var snapshot = cache.Snapshot;
        var found = snapshot.All
            .Select(Get)
            .Where(e => e.Found is { } f && Same(f.Configuration.Spec.From, from) && Same(f.Configuration.Spec.To, to))
            .OrderBy(e => e.Key.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Cluster, StringComparer.Ordinal)
            .FirstOrDefault();
        Forget(snapshot);
        return found;
    }

    /// <summary>The cached configuration at <paramref name="key"/> and its entry; false when there is none.</summary>
    public bool TryGetCached(ObjectKey key, [NotNullWhen(true)] out CachedObject? cached, [NotNullWhen(true)] out MigrationConfigurationEntry? entry)
    {
        entry = cache.TryGet(key, out cached) && cached is not null ? Get(cached) : null;
        return entry is not null;
    }

    /// <summary>The entry for <paramref name="cached"/>, compiled only when its resourceVersion is new.</summary>
    public MigrationConfigurationEntry Get(CachedObject cached)
    {
        if (_entries.TryGetValue(cached.Key, out var known) && ReferenceEquals(known.Source, cached))
        {
            return known.Entry;
        }

        var version = cached.ResourceVersion;
        var entry = known.Entry is { } previous && previous.ResourceVersion == version ? previous : Compile(cached, version);
        _entries[cached.Key] = (cached, entry);
        return entry;
    }

    private static MigrationConfigurationEntry Compile(CachedObject cached, string version)
    {
        MigrationConfiguration? configuration;
        try
        {
            configuration = cached.Deserialize(BrokerJsonContext.Default.MigrationConfiguration);
        }
        catch (JsonException e)
        {
            return Unparsed(cached, version, e.Message);
        }

        if (configuration?.Spec is null)
        {
            return Unparsed(cached, version, "no spec");
        }

        var compilation = MigrationConfigurationCompiler.Compile(configuration);
        return new MigrationConfigurationEntry(cached.Key, version, configuration.Metadata.Generation, compilation, new FoundMigrationConfiguration(configuration, compilation));
    }

    private static MigrationConfigurationEntry Unparsed(CachedObject cached, string version, string reason) =>
        new(cached.Key, version, (long?)cached.ToJsonObject()["metadata"]?["generation"], new MigrationConfigurationCompilation(null, [$"does not parse: {reason}"]), null);

    // Drops the compilations of deleted configurations, so the dictionary never outgrows the store.
    private void Forget(StoreSnapshot snapshot)
    {
        if (_entries.Count <= snapshot.Count)
        {
            return;
        }

        foreach (var key in _entries.Keys)
        {
            if (!snapshot.TryGet(key, out _))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    // Upstream writes "core" for the core group.
    private static bool Same(GroupVersionKind? a, GroupVersionKind b) =>
        a is not null && Group(a.Group) == Group(b.Group) && a.Version == b.Version && a.Kind == b.Kind;

    private static string Group(string? group) => group is null or "core" ? "" : group;
}
