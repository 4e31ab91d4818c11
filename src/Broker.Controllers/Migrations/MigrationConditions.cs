namespace Broker.Controllers.Migrations;

/// <summary>The conditions a Migration carries, and the reasons a move fails with.</summary>
public static class MigrationConditions
{
    /// <summary>False while a precondition of the next stage does not hold; the message names the stage and the expression.</summary>
    public const string PreconditionsMet = "PreconditionsMet";

    /// <summary>False while a success condition of the running stage does not hold.</summary>
    public const string StageSucceeded = "StageSucceeded";

    /// <summary>True after the stage marked <c>progress</c> (the initial copy) succeeded.</summary>
    public const string DataCopied = "DataCopied";

    /// <summary>True once every stage succeeded (at once for a move without stages).</summary>
    public const string StagesCompleted = "StagesCompleted";

    /// <summary>True once the consumer's related objects hold the new provider's data.</summary>
    public const string CutoverComplete = "CutoverComplete";

    /// <summary>True on a failed migration; the reason says why, the message names the stage.</summary>
    public const string Failed = "Failed";

    public const string ReasonStageTimedOut = "StageTimedOut";
    public const string ReasonCutoverTimedOut = "CutoverTimedOut";
    public const string ReasonTemplateRejected = "TemplateRejected";
    public const string ReasonEvaluationFailed = "EvaluationFailed";
    public const string ReasonInvalidConfiguration = "InvalidConfiguration";
    public const string ReasonSuperseded = "Superseded";

    /// <summary>kcp refused the broker a permission the migration needs (on <see cref="StageSucceeded"/>, not a failure: it is retried).</summary>
    public const string ReasonForbidden = "Forbidden";
}
