namespace Broker.Kcp.Models;

/// <summary>A metadata.ownerReferences entry.</summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid)
{
    public bool? Controller { get; init; }

    public bool? BlockOwnerDeletion { get; init; }
}
