using Broker.Kcp.Http;
using Microsoft.Extensions.Logging;

namespace Broker.Demo;

public static partial class DemoEnvironment
{
    /// <summary>Another consumer workspace, root:&lt;name&gt;, bound to certificates, whose admin is the user <paramref name="name"/>.</summary>
    public static async Task<DemoWorkspace> SetUpSecondConsumerAsync(KcpClient admin, string name, CancellationToken cancellationToken, DemoOptions? options = null)
    {
        options ??= new DemoOptions();
        var setup = new WorkspaceSetup(admin, options.ReadyTimeout, options.Time, options.Loggers.CreateLogger(typeof(WorkspaceSetup).FullName!));
        var consumer = await setup.EnsureWorkspaceAsync("root", name, cancellationToken);
        await setup.BindAsync(consumer.Path, PlatformPath, CertificatesExport, cancellationToken);
        await setup.ApplyAsync(consumer.Path, DemoIdentities.WorkspaceAdmin(name), cancellationToken);
        return consumer;
    }
}
