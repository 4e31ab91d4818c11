using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Api;

/// <summary>
/// A write about to be stored, in storage version. <see cref="Internal"/> is true for LocalKcp's own
/// controllers, which may set status and system fields that users cannot.
/// </summary>
public sealed record AdmissionRequest(
    AdmissionOperation Operation, LogicalClusterInfo Cluster, ApiResource Resource, JsonObject Object, JsonObject? Old, bool Internal)
{
    /// <summary>Who asked, for a request that came over HTTP; null for LocalKcp's own writes and bootstrap helpers.</summary>
    public Security.UserInfo? User { get; init; }
}
