namespace Broker.Core.Api;

/// <summary>Kubernetes' default resource name of a kind, the way CRD generators derive it.</summary>
public static class KindNames
{
    /// <summary>Certificate → certificates, Policy → policies, Ingress → ingresses, Key → keys.</summary>
    public static string Plural(string kind)
    {
        var lower = kind.ToLowerInvariant();
        if (lower.Length > 1 && lower.EndsWith('y') && !"aeiou".Contains(lower[^2], StringComparison.Ordinal))
        {
            return lower[..^1] + "ies";
        }

        return lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal)
            ? lower + "es"
            : lower + "s";
    }
}
