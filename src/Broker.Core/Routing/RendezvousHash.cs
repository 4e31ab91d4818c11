using System.Text;

namespace Broker.Core.Routing;

/// <summary>
/// Highest-random-weight hashing: each (object, provider) pair gets a stable pseudo-random weight and
/// the highest weight wins. Equal providers share objects evenly, and adding or removing one moves only
/// the objects it wins or loses. FNV-1a over UTF-8 plus a 64-bit finalizer: stable across processes
/// and machines, unlike string.GetHashCode.
/// </summary>
internal static class RendezvousHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong OfProvider(AcceptApiId id)
    {
        var hash = Add(Offset, id.ProviderCluster);
        hash = Add(hash, id.Namespace);
        return Add(hash, id.Name);
    }

    public static ulong OfObject(string consumerCluster, ReadOnlySpan<byte> namespaceUtf8, ReadOnlySpan<byte> nameUtf8)
    {
        var hash = Add(Offset, consumerCluster);
        hash = Add(hash, namespaceUtf8);
        return Add(hash, nameUtf8);
    }

    public static ulong Weight(ulong objectHash, ulong providerHash) => Mix(objectHash ^ Mix(providerHash));

    private static ulong Add(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var length = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? Encoding.UTF8.GetBytes(text, buffer)
            : -1;
        return length >= 0 ? Add(hash, buffer[..length]) : Add(hash, Encoding.UTF8.GetBytes(text));
    }

    private static ulong Add(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        // A separator, so ("ab", "c") and ("a", "bc") differ.
        return (hash ^ 0xff) * Prime;
    }

    // MurmurHash3's fmix64: spreads FNV's weak low bits over the whole word.
    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccd;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53;
        k ^= k >> 33;
        return k;
    }
}
