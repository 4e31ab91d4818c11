using Broker.Core.Api.V1Alpha1;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>A MigrationConfiguration and what compiling it gave.</summary>
public sealed record FoundMigrationConfiguration(MigrationConfiguration Configuration, MigrationConfigurationCompilation Compilation);
