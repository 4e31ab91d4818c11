using System.Runtime.CompilerServices;
using System.Text.Json;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>
/// The platform workspace's MigrationConfigurations as the broker uses them: the one covering a move (by the from/to
/// GVK pair; the first by name when several do), with its compilation. Each cached version is compiled once.
/// </summary>
public sealed class MigrationConfigurations(ObjectStore cache)
{
    private readonly ConditionalWeakTable<CachedObject, FoundMigrationConfiguration> _compiled = [];

    /// <summary>The configuration for moving objects of <paramref name="from"/> to <paramref name="to"/>, or null when none covers it.</summary>
    public FoundMigrationConfiguration? Find(GroupVersionKind from, GroupVersionKind to) =>
        cache.Snapshot.All
            .Select(c => _compiled.GetValue(c, Compile))
            .Where(f => Same(f.Configuration.Spec.From, from) && Same(f.Configuration.Spec.To, to))
            .OrderBy(f => f.Configuration.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(f => f.Configuration.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    private static FoundMigrationConfiguration Compile(CachedObject cached)
    {
        var configuration = JsonSerializer.Deserialize(cached.Utf8Json.Span, BrokerJsonContext.Default.MigrationConfiguration)!;
        return new FoundMigrationConfiguration(configuration, MigrationConfigurationCompiler.Compile(configuration));
    }

    // Upstream writes "core" for the core group.
    private static bool Same(GroupVersionKind a, GroupVersionKind b) =>
        Group(a.Group) == Group(b.Group) && a.Version == b.Version && a.Kind == b.Kind;

    private static string Group(string group) => group == "core" ? "" : group;
}

/// <summary>A MigrationConfiguration and what compiling it gave.</summary>
public sealed record FoundMigrationConfiguration(MigrationConfiguration Configuration, MigrationConfigurationCompilation Compilation);
