namespace Broker.Cel.Tests.Conformance;

/// <summary>Reads <c>known-gaps.txt</c>: one <c>file/section/test: reason</c> per line (or
/// <c>file/*: reason</c> for a whole file), <c>#</c> comments.</summary>
internal static class KnownGaps
{
    public static bool TryFind(Dictionary<string, string> gaps, string fullName, out string reason) =>
        gaps.TryGetValue(fullName, out reason!) || gaps.TryGetValue(fullName[..fullName.IndexOf('/', StringComparison.Ordinal)] + "/*", out reason!);

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
