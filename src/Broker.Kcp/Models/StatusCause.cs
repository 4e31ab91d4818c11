namespace Broker.Kcp.Models;

/// <summary>One field-level cause of an Invalid error, e.g. <c>FieldValueRequired</c> at <c>spec.fqdn</c>.</summary>
public sealed record StatusCause
{
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Field { get; init; }
}
