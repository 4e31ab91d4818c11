using Broker.Controllers.Migrations;
using Broker.Controllers.Migrations.Configuration;

namespace Broker.Controllers.Placement;

/// <summary>The broker's records in the platform workspace, as the controllers read and write them: Placements, Migrations and the MigrationConfigurations.</summary>
public sealed record PlatformRecords(PlacementRecords Placements, MigrationRecords Migrations, MigrationConfigurations Configurations);
