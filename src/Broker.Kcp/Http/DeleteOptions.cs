namespace Broker.Kcp.Http;

/// <summary>Preconditions and propagation of a delete.</summary>
public sealed record DeleteOptions
{
    /// <summary>Delete only if the object still has this uid (guards against deleting a re-created object).</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Delete only if the object is still at this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }

    /// <summary><c>Foreground</c>, <c>Background</c> or <c>Orphan</c>; null leaves the server default.</summary>
    public string? PropagationPolicy { get; init; }
}
