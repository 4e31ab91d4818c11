using Broker.Kcp.Http;
using Microsoft.Extensions.Logging;

namespace Broker.Demo;

public static partial class DemoEnvironment
{
    /// <summary>
    /// The platform workspace alone, as <c>broker local</c> needs it without <c>--demo</c>: the broker's APIs
    /// and exports from contrib/kcp, and the coordination export bound in place.
    /// </summary>
    public static async Task<DemoWorkspace> SetUpPlatformAsync(KcpClient admin, DemoOptions options, CancellationToken cancellationToken)
    {
        var setup = new WorkspaceSetup(admin, options.ReadyTimeout, options.Time, options.Loggers.CreateLogger(typeof(WorkspaceSetup).FullName!));
        var manifests = new DemoManifests(options.ManifestDirectory, options.ExampleDirectory);
        var platform = await setup.EnsureWorkspaceAsync("root", "platform", cancellationToken);
        foreach (var manifest in manifests.PlatformApis())
        {
            await setup.ApplyAsync(platform.Path, manifest, cancellationToken);
        }

        await setup.BindAsync(platform.Path, platform.Path, CoordinationExport, cancellationToken);
        return platform;
    }
}
