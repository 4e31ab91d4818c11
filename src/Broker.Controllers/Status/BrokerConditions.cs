namespace Broker.Controllers.Status;

/// <summary>The condition types and reasons the broker writes on consumer objects and AcceptAPIs.</summary>
public static class BrokerConditions
{
    public const string Placed = "Placed";
    public const string Migrating = "Migrating";
    public const string Available = "Available";

    public const string ReasonPlaced = "Placed";
    public const string ReasonPlacing = "Placing";
    public const string ReasonNoMatchingProvider = "NoMatchingProvider";
    public const string ReasonStable = "Stable";
    public const string ReasonMoving = "Moving";
    public const string ReasonCutoverCompleted = "CutoverCompleted";
    public const string ReasonCutoverTimedOut = "CutoverTimedOut";

    /// <summary>The move's Migration failed for a reason it did not name (its own reason is used when it does).</summary>
    public const string ReasonMigrationFailed = "MigrationFailed";
    public const string ReasonProviderReady = "ProviderReady";
    public const string ReasonInvalidSpec = "InvalidSpec";
    public const string ReasonExportNotFound = "ExportNotFound";

    /// <summary>kcp refused the broker a permission the placement needs (a condition's and a Warning Event's reason).</summary>
    public const string ReasonForbidden = "Forbidden";

    /// <summary>The AcceptAPI translates to a resource its export does not serve.</summary>
    public const string ReasonTargetNotServed = "TranslationTargetNotServed";

    /// <summary>The consumer object could not be translated into the provider's kind (or the provider's status back).</summary>
    public const string ReasonTranslationFailed = "TranslationFailed";

    /// <summary>An Event reason, not a condition's: the staging workspace of a placed object stays unusable.</summary>
    public const string ReasonStagingUnavailable = "StagingWorkspaceUnavailable";
}
