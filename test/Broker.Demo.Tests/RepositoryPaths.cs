namespace Broker.Demo.Tests;

/// <summary>Folders of the checkout the tests run from, found by walking up to Broker.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifests => Path.Combine(Root, "contrib", "kcp");

    public static string Example => Path.Combine(Root, "examples", "kcp-certs");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Broker.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Broker.sln above {AppContext.BaseDirectory}");
    }
}
