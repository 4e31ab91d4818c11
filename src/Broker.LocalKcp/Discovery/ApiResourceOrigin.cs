namespace Broker.LocalKcp.Discovery;

public enum ApiResourceOrigin
{
    /// <summary>Kubernetes built-ins (namespaces, secrets, ...).</summary>
    BuiltIn,

    /// <summary>kcp's system APIs present in every workspace (apis.kcp.io, tenancy.kcp.io, core.kcp.io).</summary>
    System,

    /// <summary>A CustomResourceDefinition stored in the workspace.</summary>
    Crd,

    /// <summary>A resource bound through an APIBinding; stored under the export's identity.</summary>
    Bound,
}
