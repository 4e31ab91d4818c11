namespace Broker.Controllers.Migrations.Configuration;

/// <summary>One stage of a <see cref="CompiledMigrationConfiguration"/>, every expression compiled.</summary>
/// <param name="Preconditions">Must all hold before the stage starts; they see from, to, migration and earlier stages' template keys.</param>
/// <param name="SuccessConditions">Must all hold for the stage to succeed; they also see this stage's template keys.</param>
/// <param name="Templates">In the order written.</param>
/// <param name="Progress">After this stage the migration is InitialCompleted.</param>
/// <param name="Timeout">How long the stage may run; null for no limit of its own.</param>
public sealed record CompiledStage(
    string Name,
    IReadOnlyList<CompiledCondition> Preconditions,
    IReadOnlyList<CompiledCondition> SuccessConditions,
    IReadOnlyList<CompiledTemplate> Templates,
    bool Progress,
    TimeSpan? Timeout);
