namespace Broker.Controllers.Migrations.Configuration;

/// <summary>The condition the broker writes on a MigrationConfiguration.</summary>
public static class MigrationConfigurationConditions
{
    public const string Valid = "Valid";

    public const string ReasonCompiled = "Compiled";

    public const string ReasonInvalid = "Invalid";
}
