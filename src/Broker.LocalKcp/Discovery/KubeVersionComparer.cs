using System.Globalization;
using System.Text.RegularExpressions;

namespace Broker.LocalKcp.Discovery;

/// <summary>Kubernetes version priority: GA before beta before alpha, higher numbers first, others last alphabetically.</summary>
public sealed partial class KubeVersionComparer : IComparer<string>
{
    public static KubeVersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var (xr, xm, xs, xn) = Rank(x ?? "");
        var (yr, ym, ys, yn) = Rank(y ?? "");
        if (xr != yr)
        {
            return xr.CompareTo(yr);
        }

        if (xr == 3)
        {
            return string.CompareOrdinal(x, y);
        }

        return xm != ym ? ym.CompareTo(xm) : xs != ys ? ys.CompareTo(xs) : yn.CompareTo(xn);
    }

    private static (int Rank, int Major, int Stage, int Minor) Rank(string version)
    {
        var match = VersionRegex().Match(version);
        if (!match.Success)
        {
            return (3, 0, 0, 0);
        }

        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups["minor"].Success ? int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture) : 0;
        return match.Groups["stage"].Value switch
        {
            "" => (0, major, 0, 0),
            "beta" => (1, major, 0, minor),
            _ => (2, major, 0, minor),
        };
    }

    [GeneratedRegex("^v(?<major>[0-9]+)(?<stage>alpha|beta)?(?<minor>[0-9]+)?$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VersionRegex();
}
