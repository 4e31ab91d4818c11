using System.Text.Json.Serialization;
using k8s.Models;

namespace Broker.Kcp.Models;

/// <summary>A condition on a kcp object: metav1.Condition plus the <see cref="Severity"/> kcp's conditions add
/// (kcp-api.md 3.6).</summary>
public sealed record KcpCondition : V1Condition
{
    /// <summary><c>Error</c>, <c>Warning</c> or <c>Info</c> while the status is not True.</summary>
    [JsonPropertyName("severity")]
    public string? Severity { get; set; }

    [JsonIgnore]
    public bool IsTrue => string.Equals(Status, "True", StringComparison.Ordinal);
}
