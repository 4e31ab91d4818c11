namespace Broker.Durability.KillAnywhere;

/// <summary>Which process the harness kills at a write boundary of the broker.</summary>
public enum KillTarget
{
    /// <summary><c>broker run</c>: killed, then started again.</summary>
    Broker,

    /// <summary>LocalKcp (persistent): killed and started again on its directory; the broker keeps running and must resume or relist.</summary>
    LocalKcp,
}
