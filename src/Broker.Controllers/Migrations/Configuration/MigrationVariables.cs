namespace Broker.Controllers.Migrations.Configuration;

/// <summary>The CEL variables every stage expression sees, besides the template keys of the stages so far.</summary>
public static class MigrationVariables
{
    /// <summary>The old provider copy, as the provider sees it (status included).</summary>
    public const string From = "from";

    /// <summary>The new provider copy.</summary>
    public const string To = "to";

    /// <summary>The Migration object.</summary>
    public const string Migration = "migration";

    public static readonly IReadOnlyList<string> All = [From, To, Migration];
}
