using Broker.Runtime.Cache;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>A cached MigrationConfiguration with its compilation, for one resourceVersion. <see cref="Found"/> is null
/// when the object does not even parse (then <see cref="Compilation"/> says why).</summary>
public sealed record MigrationConfigurationEntry(
    ObjectKey Key, string ResourceVersion, long? Generation, MigrationConfigurationCompilation Compilation, FoundMigrationConfiguration? Found);
