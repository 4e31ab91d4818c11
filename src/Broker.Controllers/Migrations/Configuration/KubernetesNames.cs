using System.Text.RegularExpressions;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>The Kubernetes name rules a configuration's names must meet, since they end up in object names and labels.</summary>
public static partial class KubernetesNames
{
    /// <summary>A DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most 63 characters.</summary>
    public static bool IsDnsLabel(string text) => text.Length <= 63 && DnsLabel().IsMatch(text);

    /// <summary>A label value: at most 63 characters, alphanumeric at both ends, '-', '_' and '.' inside.</summary>
    public static bool IsLabelValue(string text) => text.Length <= 63 && LabelValue().IsMatch(text);

    [GeneratedRegex("^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 100)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 100)]
    private static partial Regex LabelValue();
}
