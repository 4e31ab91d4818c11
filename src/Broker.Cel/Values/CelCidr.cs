using System.Net;

namespace Broker.Cel.Values;

/// <summary>A Kubernetes CEL <c>net.CIDR</c>: an address and a prefix length, as written (not masked).</summary>
public sealed class CelCidr : IEquatable<CelCidr>
{
    internal CelCidr(IPAddress address, int prefixLength)
    {
        Address = address;
        PrefixLength = prefixLength;
    }

    public IPAddress Address { get; }

    public int PrefixLength { get; }

    public bool Equals(CelCidr? other) => other is not null && Address.Equals(other.Address) && PrefixLength == other.PrefixLength;

    public override bool Equals(object? obj) => Equals(obj as CelCidr);

    public override int GetHashCode() => HashCode.Combine(Address, PrefixLength);

    public override string ToString() => $"{Address}/{PrefixLength}";
}
