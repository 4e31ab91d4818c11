namespace Broker.LocalKcp.Security;

/// <summary>An authenticated identity: user name and groups (system:authenticated is always among them).</summary>
public sealed record UserInfo
{
    public const string Masters = "system:masters";
    public const string KcpAdmin = "system:kcp:admin";
    public const string Authenticated = "system:authenticated";

    /// <param name="authenticated">Adds system:authenticated, as authentication does; a SubjectAccessReview names its groups exactly.</param>
    public UserInfo(string name, IEnumerable<string> groups, bool authenticated = true)
    {
        Name = name;
        Groups = [.. (authenticated ? groups.Append(Authenticated) : groups).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal)];
        IsMaster = Groups.Contains(Masters, StringComparer.Ordinal);
        Key = Name + "\n" + string.Join('\n', Groups);
    }

    public string Name { get; }

    public IReadOnlyList<string> Groups { get; }

    /// <summary>In system:masters: allowed everything before any kcp check (kcp's AlwaysAllowGroups authorizer).</summary>
    public bool IsMaster { get; }

    /// <summary>Name and groups in one string, the key of per-user caches.</summary>
    public string Key { get; }

    public bool InGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
