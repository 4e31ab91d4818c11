namespace Broker.Core.Routing;

/// <summary>Kubernetes' rule for label and annotation keys: an optional DNS-subdomain prefix, a slash, and a name.</summary>
internal static class QualifiedName
{
    public static string? Problem(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash >= 0 ? key[..slash] : null;
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        if (prefix is not null && (prefix.Length is 0 or > 253 || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
        {
            return $"\"{prefix}\" is not a valid key prefix (a lower-case DNS subdomain)";
        }

        if (name.Length is 0 or > 63
            || !char.IsAsciiLetterOrDigit(name[0])
            || !char.IsAsciiLetterOrDigit(name[^1])
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"\"{name}\" is not a valid key name (1-63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)";
        }

        return null;
    }
}
