using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Broker.LocalKcp.Workspaces;

/// <summary>Logical cluster names and workspace paths as kcp defines them (logicalcluster v3).</summary>
public static partial class ClusterNames
{
    private const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static bool IsValidName(string name) => name.StartsWith("system:", StringComparison.Ordinal) || NameRegex().IsMatch(name);

    public static bool IsValidPath(string path) => path == "*" || PathRegex().IsMatch(path);

    /// <summary>A name is a path with a single segment (or a system: name).</summary>
    public static bool IsName(string path) => !path.Contains(':', StringComparison.Ordinal) || path.StartsWith("system:", StringComparison.Ordinal);

    /// <summary>16 base36 characters of a hash of 32 random bytes (kcp uses sha224, which .NET lacks; the shape is the same).</summary>
    public static string NewName() => EncodeBase36(SHA256.HashData(RandomNumberGenerator.GetBytes(32)))[..16];

    public static string EncodeBase36(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var builder = new StringBuilder();
        while (value > 0)
        {
            builder.Insert(0, Base36[(int)(value % 36)]);
            value /= 36;
        }

        foreach (var b in bytes)
        {
            if (b != 0)
            {
                break;
            }

            builder.Insert(0, '0');
        }

        return builder.ToString().PadLeft(16, '0');
    }

    // The timeouts guard against pathological input only: these patterns are linear, and a busy 2-core machine can
    // stall a match for well over 100 ms of wall time (which once failed a request with 500).
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PathRegex();
}
