namespace Broker.Controllers.Migrations.Configuration;

/// <summary>The outcome of compiling a MigrationConfiguration: the compiled form, or every problem found, one line
/// each (<c>stage "copy": successConditions[0]: 1:6: undeclared reference to 'fromm'</c>).</summary>
public sealed record MigrationConfigurationCompilation(CompiledMigrationConfiguration? Compiled, IReadOnlyList<string> Problems)
{
    public bool IsValid => Compiled is not null;

    /// <summary>The problems joined, for a condition message.</summary>
    public string Message => string.Join("; ", Problems);
}
