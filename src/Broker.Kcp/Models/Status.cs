using System.Text.Json.Serialization;

namespace Broker.Kcp.Models;

/// <summary>The <c>v1 Status</c> object the API server returns for failures and some deletes.</summary>
public sealed record Status
{
    public string? ApiVersion { get; init; } = "v1";

    public string? Kind { get; init; } = "Status";

    /// <summary><c>Success</c> or <c>Failure</c> (JSON key <c>status</c>).</summary>
    [JsonPropertyName("status")]
    public string? Outcome { get; init; }

    public string? Message { get; init; }

    /// <summary>Machine-readable reason such as <c>NotFound</c>, <c>Conflict</c>, <c>Expired</c>.</summary>
    public string? Reason { get; init; }

    public StatusDetails? Details { get; init; }

    public int Code { get; init; }
}
