using System.Text;

namespace Broker.Kcp.Http;

/// <summary>Query parameters of a list or watch.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>"" asks for a consistent read, "0" for any cached state, otherwise "not older than".</summary>
    public string? ResourceVersion { get; init; }

    public int? Limit { get; init; }

    public string? Continue { get; init; }

    internal string ToQuery(params (string Key, string? Value)[] extra)
    {
        var query = new StringBuilder();
        Append(query, "labelSelector", LabelSelector);
        Append(query, "fieldSelector", FieldSelector);
        Append(query, "resourceVersion", ResourceVersion);
        Append(query, "limit", Limit is > 0 ? Limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        Append(query, "continue", Continue);
        foreach (var (key, value) in extra)
        {
            Append(query, key, value);
        }

        return query.ToString();
    }

    private static void Append(StringBuilder query, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
    }
}
