using System.Net;
using System.Net.Sockets;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>The Kubernetes IP and CIDR library: <c>ip()</c>, <c>isIP()</c>, <c>ip.isCanonical()</c>,
/// <c>cidr()</c> and their accessors. Zones and IPv4-mapped IPv6 literals are rejected, as in Kubernetes.</summary>
internal static class NetworkExtension
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Global("ip", 1, (a, _) => a[0] is string s ? ParseIp(s) : CelError.NoMatchingOverload("ip", a));
        builder.Global("isIP", 1, (a, _) => a[0] is string s ? Boxes.Bool(ParseIp(s) is CelIp) : CelError.NoMatchingOverload("isIP", a));
        builder.Global("ip.isCanonical", 1, (a, _) => a[0] is string s
            ? ParseIp(s) is CelIp ip ? Boxes.Bool(ip.Address.ToString() == s) : ParseIp(s)
            : CelError.NoMatchingOverload("ip.isCanonical", a));
        builder.Global("cidr", 1, (a, _) => a[0] is string s ? ParseCidr(s) : CelError.NoMatchingOverload("cidr", a));
        IpTest(builder, "isUnspecified", ip => ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
        IpTest(builder, "isLoopback", IPAddress.IsLoopback);
        IpTest(builder, "isLinkLocalMulticast", ip => InNetwork(ip, "224.0.0.0", 24) || InNetwork(ip, "ff02::", 16));
        IpTest(builder, "isLinkLocalUnicast", ip => InNetwork(ip, "169.254.0.0", 16) || InNetwork(ip, "fe80::", 10));
        IpTest(builder, "isGlobalUnicast", IsGlobalUnicast);
        builder.Member("family", 0, (a, _) => a[0] is CelIp ip ? (ip.Normalized.AddressFamily == AddressFamily.InterNetwork ? 4L : 6L) : CelError.NoMatchingOverload("family", a));
        builder.Member("containsIP", 1, (a, _) => (a[0], a[1] is string s ? ParseIp(s) : a[1]) switch
        {
            (_, CelError error) => error,
            (CelCidr cidr, CelIp ip) => Boxes.Bool(InNetwork(ip.Normalized, cidr.Address, cidr.PrefixLength)),
            _ => CelError.NoMatchingOverload("containsIP", a),
        });
        builder.Member("containsCIDR", 1, (a, _) => (a[0], a[1] is string s ? ParseCidr(s) : a[1]) switch
        {
            (_, CelError error) => error,
            (CelCidr outer, CelCidr inner) => Boxes.Bool(inner.PrefixLength >= outer.PrefixLength && InNetwork(inner.Address, outer.Address, outer.PrefixLength)),
            _ => CelError.NoMatchingOverload("containsCIDR", a),
        });
        builder.Member("ip", 0, (a, _) => a[0] is CelCidr cidr ? new CelIp(cidr.Address) : CelError.NoMatchingOverload("ip", a));
        builder.Member("masked", 0, (a, _) => a[0] is CelCidr cidr ? new CelCidr(Mask(cidr.Address, cidr.PrefixLength), cidr.PrefixLength) : CelError.NoMatchingOverload("masked", a));
        builder.Member("prefixLength", 0, (a, _) => a[0] is CelCidr cidr ? (long)cidr.PrefixLength : CelError.NoMatchingOverload("prefixLength", a));
    }

    private static void IpTest(LibraryBuilder builder, string name, Func<IPAddress, bool> test) =>
        builder.Member(name, 0, (a, _) => a[0] is CelIp ip ? Boxes.Bool(test(ip.Normalized)) : CelError.NoMatchingOverload(name, a));

    internal static object ParseIp(string text)
    {
        if (text.Contains('%', StringComparison.Ordinal))
        {
            return new CelError("IP Address with zone value is not allowed");
        }
        if (text.Contains(':', StringComparison.Ordinal) && text.Contains('.', StringComparison.Ordinal))
        {
            return new CelError("IPv4-mapped IPv6 address is not allowed");
        }
        return TryParseStrict(text, out var address) ? new CelIp(address) : new CelError($"IP Address '{text}' parse error during conversion from string");
    }

    private static object ParseCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (text.Contains('%', StringComparison.Ordinal))
        {
            return new CelError("CIDR with zone value is not allowed");
        }
        if (text.Contains(':', StringComparison.Ordinal) && text.Contains('.', StringComparison.Ordinal))
        {
            return new CelError("IPv4-mapped IPv6 address is not allowed");
        }
        if (slash < 0 || !TryParseStrict(text[..slash], out var address)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            return new CelError($"network address '{text}' parse error during conversion from string");
        }
        return new CelCidr(address, prefix);
    }

    // .NET accepts shorthand IPv4 ("1.2", "010.1.1.1"); Kubernetes wants four plain decimal octets.
    private static bool TryParseStrict(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (!text.Contains(':', StringComparison.Ordinal))
        {
            var octets = text.Split('.');
            if (octets.Length != 4 || octets.Any(o => o.Length is 0 or > 3 || !o.All(char.IsAsciiDigit) || (o.Length > 1 && o[0] == '0') || int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) > 255))
            {
                return false;
            }
        }
        return IPAddress.TryParse(text, out address!);
    }

    private static bool IsGlobalUnicast(IPAddress ip) =>
        !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any) && !ip.Equals(IPAddress.Broadcast) && !IPAddress.IsLoopback(ip)
        && !InNetwork(ip, "224.0.0.0", 4) && !InNetwork(ip, "ff00::", 8)
        && !InNetwork(ip, "169.254.0.0", 16) && !InNetwork(ip, "fe80::", 10);

    private static bool InNetwork(IPAddress ip, string network, int prefix) => InNetwork(ip, IPAddress.Parse(network), prefix);

    private static bool InNetwork(IPAddress ip, IPAddress network, int prefix) =>
        ip.AddressFamily == network.AddressFamily && Mask(ip, prefix).Equals(Mask(network, prefix));

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
