using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Kcp.Tests.Fakes;
using Broker.Testing.Time;

namespace Broker.Kcp.Tests.Http;

public sealed class TokenFileTests
{
    [Test]
    public async Task TokenFile_RotatedOnDisk_NewTokenSentAfterRereadInterval()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        var dir = Directory.CreateTempSubdirectory("token-");
        var tokenFile = Path.Combine(dir.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "t0ken-1\n");
        var config = Path.Combine(dir.FullName, "config");
        await File.WriteAllTextAsync(config, $$"""
            current-context: c
            clusters: [{name: k, cluster: {server: "{{server.Url}}clusters/root" } }]
            users: [{name: u, user: {tokenFile: token} }]
            contexts: [{name: c, context: {cluster: k, user: u} }]
            """);
        var time = new FakeClock();
        using var client = new KcpClient(KubeconfigLoader.Load([config]), time: time);
        var resource = new GroupVersionResource("", "v1", "configmaps");
        for (var i = 0; i < 3; i++)
        {
            server.ThenJson("""{"kind":"ConfigMap","metadata":{"name":"x"}}""");
        }

        await client.Workspace.GetAsync(resource, "default", "x", CancellationToken.None);
        await File.WriteAllTextAsync(tokenFile, "t0ken-2\n");
        await client.Workspace.GetAsync(resource, "default", "x", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await client.Workspace.GetAsync(resource, "default", "x", CancellationToken.None);

        server.Authorizations.ShouldBe(["Bearer t0ken-1", "Bearer t0ken-1", "Bearer t0ken-2"]);
        client.Connection.Credentials.TokenFile.ShouldBe(tokenFile);
        dir.Delete(recursive: true);
    }
}
