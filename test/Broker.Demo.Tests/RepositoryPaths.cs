using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>The folders of the checkout the demo reads.</summary>
internal static class RepositoryPaths
{
    public static string Manifests => RepositoryRoot.Combine("contrib", "kcp");

    public static string Example => RepositoryRoot.Combine("examples", "kcp-certs");
}
