namespace Broker.Controllers.Migrations.Configuration;

/// <summary>A MigrationConfiguration that compiled: what the Migration controller runs.</summary>
/// <param name="ResourceVersion">The version compiled, so a cache can tell when to compile again.</param>
public sealed record CompiledMigrationConfiguration(string Name, string? ResourceVersion, IReadOnlyList<CompiledStage> Stages);
