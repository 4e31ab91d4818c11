namespace Broker.Demo;

/// <summary>A workspace of the demo: its canonical path (what people type) and its logical cluster name (what
/// virtual workspaces and <c>kcp.io/cluster</c> annotations use).</summary>
public sealed record DemoWorkspace(string Path, string ClusterName)
{
    public override string ToString() => $"{Path} ({ClusterName})";
}
