using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// kcp's derived identifiers. kcp hashes with SHA-224, which .NET does not offer; SHA-256 keeps the
/// shape (base62 strings, 64-hex identity hashes) and determinism, which is what clients rely on.
/// </summary>
public static class KcpHashes
{
    private const string Base62Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>The internal.apis.kcp.io/export label value: base62(hash("exportCluster:exportName")).</summary>
    public static string ExportLabel(string exportCluster, string exportName) => Base62(SHA256.HashData(Encoding.UTF8.GetBytes($"{exportCluster}:{exportName}")));

    /// <summary>APIExport.status.identityHash: lowercase hex sha256 of the identity secret's key.</summary>
    public static string IdentityHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Base62(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var builder = new StringBuilder();
        while (value > 0)
        {
            builder.Insert(0, Base62Alphabet[(int)(value % 62)]);
            value /= 62;
        }

        return builder.Length == 0 ? "0" : builder.ToString();
    }
}
