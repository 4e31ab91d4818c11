using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Broker.LocalKcp.Security;

/// <summary>
/// The bearer tokens LocalKcp accepts, from users.csv in the data folder. Bootstrap writes kcp's two identities
/// (shard-admin in system:masters, kcp-admin in system:kcp:admin); an operator may add lines, read at start.
/// Tokens stay stable across restarts so kubeconfigs written before keep working.
/// </summary>
public sealed class TokenStore
{
    public const string FileName = "users.csv";
    public const string AdminTokenFile = "admin.token";
    public const string ShardAdmin = "shard-admin";
    public const string KcpAdmin = "kcp-admin";

    private readonly Lock _write = new();
    private (IReadOnlyList<UserEntry> Entries, FrozenDictionary<string, UserInfo> ByToken) _users;

    private TokenStore(IReadOnlyList<UserEntry> entries, string path)
    {
        Path = path;
        _users = Index(entries);
        AdminToken = Token(ShardAdmin);
        KcpAdminToken = Token(KcpAdmin);
    }

    /// <summary>shard-admin's token (system:masters).</summary>
    public string AdminToken { get; }

    /// <summary>kcp-admin's token (system:kcp:admin: admin in every workspace through the bootstrap policy).</summary>
    public string KcpAdminToken { get; }

    public IReadOnlyList<UserEntry> Entries => _users.Entries;

    public string Path { get; }

    /// <summary>
    /// Reads users.csv, adding shard-admin and kcp-admin when missing; <paramref name="adminToken"/> fixes shard-admin's
    /// token. shard-admin's token is also kept in admin.token, as before users.csv (scripts and harnesses read it; a
    /// data folder from then keeps its token).
    /// </summary>
    public static TokenStore LoadOrCreate(string directory, string? adminToken)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, FileName);
        var adminFile = System.IO.Path.Combine(directory, AdminTokenFile);
        if (adminToken is null && !File.Exists(path) && File.Exists(adminFile))
        {
            adminToken = File.ReadAllText(adminFile).Trim();
        }

        var entries = File.Exists(path) ? UsersFile.Parse(File.ReadAllText(path)).ToList() : [];
        var changed = Ensure(entries, ShardAdmin, UserInfo.Masters, adminToken);
        changed |= Ensure(entries, KcpAdmin, UserInfo.KcpAdmin, null);
        if (changed)
        {
            File.WriteAllText(path, UsersFile.Render(entries));
        }

        var store = new TokenStore(entries, path);
        File.WriteAllText(adminFile, store.AdminToken);
        return store;
    }

    /// <summary>Adds a user with a new random token unless one of that name exists (kept in users.csv); returns its token.</summary>
    public string AddUser(string name, IReadOnlyList<string> groups)
    {
        lock (_write)
        {
            if (Entries.FirstOrDefault(e => e.Name == name) is { } existing)
            {
                return existing.Token;
            }

            var token = NewToken();
            List<UserEntry> entries = [.. Entries, new UserEntry(token, name, name, groups)];
            File.WriteAllText(Path, UsersFile.Render(entries));
            _users = Index(entries);
            return token;
        }
    }

    public UserInfo? Authenticate(string token) => _users.ByToken.GetValueOrDefault(token);

    public string Token(string user) =>
        Entries.FirstOrDefault(e => e.Name == user)?.Token ?? throw new KeyNotFoundException($"no user {user} in {Path}");

    private static bool Ensure(List<UserEntry> entries, string name, string group, string? token)
    {
        var index = entries.FindIndex(e => e.Name == name);
        if (index >= 0 && (token is null || entries[index].Token == token))
        {
            return false;
        }

        var entry = new UserEntry(token ?? NewToken(), name, name, [group]);
        if (index >= 0)
        {
            entries[index] = entry;
        }
        else
        {
            entries.Add(entry);
        }

        return true;
    }

    private static (IReadOnlyList<UserEntry>, FrozenDictionary<string, UserInfo>) Index(IReadOnlyList<UserEntry> entries) =>
        (entries, entries.GroupBy(e => e.Token, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => new UserInfo(g.First().Name, g.First().Groups), StringComparer.Ordinal));

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
