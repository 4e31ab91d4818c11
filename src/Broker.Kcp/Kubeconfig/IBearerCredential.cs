namespace Broker.Kcp.Kubeconfig;

/// <summary>A credential that is sent as a bearer token and that expiry or a 401 renews (an exec plugin's, an OIDC id-token).</summary>
public interface IBearerCredential
{
    /// <summary>Null when there is no token to send (an exec plugin that handed out only a client certificate).</summary>
    string? Token { get; }

    /// <summary>When it stops being valid; null when unknown (then it is used until the server rejects it).</summary>
    DateTimeOffset? Expires { get; }
}
