using System.Security.Cryptography;
using System.Text;

namespace Broker.LocalKcp.Security;

/// <summary>
/// The bearer tokens LocalKcp accepts. The admin token is generated once and kept in the data folder
/// (admin.token) so a restarted server accepts the kubeconfig it wrote before.
/// </summary>
public sealed class TokenStore
{
    private readonly byte[] _admin;

    private TokenStore(string adminToken)
    {
        AdminToken = adminToken;
        _admin = Encoding.UTF8.GetBytes(adminToken);
    }

    public string AdminToken { get; }

    public static TokenStore LoadOrCreate(string directory, string? adminToken)
    {
        var file = Path.Combine(directory, "admin.token");
        if (adminToken is null && File.Exists(file))
        {
            adminToken = File.ReadAllText(file).Trim();
        }

        if (string.IsNullOrEmpty(adminToken))
        {
            adminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(file, adminToken);
        return new TokenStore(adminToken);
    }

    public bool IsValid(ReadOnlySpan<char> token)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (token.Length > buffer.Length)
        {
            return false;
        }

        var length = Encoding.UTF8.GetBytes(token, buffer);
        return CryptographicOperations.FixedTimeEquals(buffer[..length], _admin);
    }
}
