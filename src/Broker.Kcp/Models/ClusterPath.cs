using System.Text.RegularExpressions;

namespace Broker.Kcp.Models;

/// <summary>A logical cluster name (<c>2ajfg8g3b6xbqxyz</c>), a workspace path (<c>root:org:ws</c>) or the wildcard <c>*</c>.
/// kcp accepts either form under <c>/clusters/</c>; virtual workspaces accept only names (kcp-api.md 1.1, 4.2).</summary>
public readonly partial record struct ClusterPath
{
    public static readonly ClusterPath Wildcard = new("*");

    private ClusterPath(string value) => Value = value;

    public string Value { get; }

    public bool IsWildcard => string.Equals(Value, "*", StringComparison.Ordinal);

    /// <summary>True for a single-segment name (or a <c>system:</c> cluster), which is what a virtual workspace needs.</summary>
    public bool IsName => !IsWildcard && (Value.StartsWith("system:", StringComparison.Ordinal) || !Value.Contains(':', StringComparison.Ordinal));

    /// <summary>The relative URL prefix, e.g. <c>clusters/root:org/</c>; the wildcard is sent as <c>%2A</c> like kubectl does.</summary>
    /// <summary>The default value names no cluster: the server itself, as a plain Kubernetes API server is addressed.</summary>
    public string RequestPrefix => Value is null ? "" : IsWildcard ? "clusters/%2A/" : $"clusters/{Value}/";

    public static ClusterPath Parse(string value) =>
        TryParse(value, out var path) ? path : throw new FormatException($"'{value}' is not a logical cluster name, workspace path or '*'");

    public static bool TryParse(string? value, out ClusterPath path)
    {
        path = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (string.Equals(value, "*", StringComparison.Ordinal) || value.StartsWith("system:", StringComparison.Ordinal) || PathPattern().IsMatch(value))
        {
            path = new ClusterPath(value);
            return true;
        }

        return false;
    }

    public override string ToString() => Value ?? "";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PathPattern();
}
