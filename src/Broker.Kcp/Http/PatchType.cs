namespace Broker.Kcp.Http;

/// <summary>Patch formats the API server accepts, by content type.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 <c>application/merge-patch+json</c>.</summary>
    Merge,

    /// <summary>RFC 6902 <c>application/json-patch+json</c>.</summary>
    Json,
}
