namespace Broker.Testing;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries that holds Broker.sln.</summary>
public static class RepositoryRoot
{
    private const string Marker = "Broker.sln";

    public static string Path { get; } = Find();

    /// <summary>A full path below the root, e.g. <c>Combine("contrib", "kcp")</c>; the vendored conformance suites are
    /// <c>Combine("test", "conformance", ...)</c>.</summary>
    public static string Combine(params ReadOnlySpan<string> parts) => System.IO.Path.GetFullPath(System.IO.Path.Combine([Path, .. parts]));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {Marker} above {AppContext.BaseDirectory}");
    }
}
