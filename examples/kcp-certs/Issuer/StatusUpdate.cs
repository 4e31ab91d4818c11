using System.Text.Json.Nodes;

namespace KcpCerts.Issuer;

/// <summary>What the issuer wants a Certificate's status to say: the provider contract's <c>status.status</c>, a
/// <c>Ready</c> condition, and (once issued) <c>status.relatedResources.secret</c>.</summary>
internal sealed record StatusUpdate(string Phase, bool Ready, string Reason, string Message)
{
    /// <summary>The Secret to list under <c>relatedResources.secret</c>; null leaves that entry as it is.</summary>
    public JsonObject? Secret { get; init; }

    /// <summary>Starts the condition's clock even if status and reason are unchanged (a new provisioning round).</summary>
    public bool RestartClock { get; init; }
}
