using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Api;

/// <summary>What /version answers: a Kubernetes 1.32 base with a kcp-flavoured git version.</summary>
public sealed record VersionInfo(string Major = "1", string Minor = "32", string GitVersion = "v1.32.0+kcp-localkcp")
{
    public JsonObject ToJson() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "localkcp",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.24",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
