namespace Broker.Cel.Tests.Conformance;

/// <summary>Reads <c>known-gaps.txt</c>: one <c>file/section/test: reason</c> per line, <c>#</c> comments.</summary>
internal static class KnownGaps
{
    public static Dictionary<string, string> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "known-gaps.txt");
        var gaps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            var colon = trimmed.IndexOf(": ", StringComparison.Ordinal);
            gaps[trimmed[..colon].Trim()] = trimmed[(colon + 2)..].Trim();
        }
        return gaps;
    }
}
