using System.Text.Json.Nodes;

namespace Broker.Durability.KillAnywhere;

/// <summary>
/// One thing a user does that makes the broker write: a starting state prepared with the broker running normally,
/// the action that starts the flow (timed from here, the broker's writes are counted), and the end state it must
/// reach. Objects live in the demo's consumer workspace; internal-ca takes fqdns under internal.corp, external-ca
/// under corp.com.
/// </summary>
public abstract class BrokerFlow
{
    public static IReadOnlyList<BrokerFlow> All { get; } = [new PlacementFlow(), new MoveFlow(), new StagedMoveFlow(), new DeletionFlow()];

    public abstract string Name { get; }

    /// <summary>How each provider's copies change from before the action to the end state.</summary>
    public abstract IReadOnlyDictionary<string, int> CopyChange { get; }

    /// <summary>Copies beyond the starting ones that may exist at any moment (two copies of one object during a move).</summary>
    public virtual int ExtraCopiesAllowed => 1;

    /// <summary>Whether the consumer's Secret must be there at every poll from the action on, its issuer switching at most once.</summary>
    public virtual bool SecretKept => false;

    /// <summary>Whether the flow is a move: it ends with exactly one Migration for the object, cut over (CutoverCompleted).</summary>
    public virtual bool Moves => false;

    /// <summary>What the other parties do while the flow runs (an approver); called with every poll.</summary>
    public virtual Task PlayOthersAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task PrepareAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task ActAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken);

    /// <summary>Null once the consumer sees the end state, else what is still missing.</summary>
    public abstract Task<string?> PendingAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken);

    /// <summary>Null when <paramref name="name"/> is placed on <paramref name="provider"/> and its Secret comes from there.</summary>
    protected static async Task<string?> PlacedOnAsync(KillAnywhereEnvironment environment, string name, string provider, CancellationToken cancellationToken)
    {
        var certificate = (await environment.ConsumerCertificatesAsync(cancellationToken)).GetValueOrDefault(name);
        var placed = (certificate?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Placed");
        if ((string?)placed?["status"] != "True" || !((string?)placed!["message"] ?? "").Contains(provider, StringComparison.Ordinal))
        {
            return $"{name} is not Placed=True on {provider} ({placed?.ToJsonString() ?? "no condition"})";
        }

        var issuer = await environment.SecretIssuerAsync(name, cancellationToken);
        return issuer == provider ? null : $"{name}'s Secret is issued by '{issuer ?? "(absent)"}', not {provider}";
    }

    protected static Task CreateAsync(KillAnywhereEnvironment environment, string name, string fqdn, CancellationToken cancellationToken) =>
        environment.Consumer.CreateAsync(KillAnywhereEnvironment.Certificates, "default", KillAnywhereEnvironment.Certificate(name, fqdn), cancellationToken);

    protected static Task SettleAsync(KillAnywhereEnvironment environment, string name, string provider, CancellationToken cancellationToken) =>
        Converge.OrThrowAsync($"{name} settled on {provider}", () => PlacedOnAsync(environment, name, provider, cancellationToken), TimeSpan.FromSeconds(60), cancellationToken);
}
