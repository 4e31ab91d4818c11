using System.Net;

namespace Broker.Cel.Values;

/// <summary>A Kubernetes CEL <c>net.IP</c>: an IPv4 or IPv6 address without zone; IPv4-mapped IPv6
/// addresses compare equal to their IPv4 form.</summary>
public sealed class CelIp : IEquatable<CelIp>
{
    internal CelIp(IPAddress address) => Address = address;

    public IPAddress Address { get; }

    internal IPAddress Normalized => Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;

    public bool Equals(CelIp? other) => other is not null && Normalized.Equals(other.Normalized);

    public override bool Equals(object? obj) => Equals(obj as CelIp);

    public override int GetHashCode() => Normalized.GetHashCode();

    public override string ToString() => Address.ToString();
}
