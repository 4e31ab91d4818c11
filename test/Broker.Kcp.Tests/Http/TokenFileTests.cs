using Broker.Core.Api.Meta;
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

    [Test]
    public async Task TokenFile_RotatedToABadTokenAndBack_HealthTellsEachChangeOnce()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        var dir = Directory.CreateTempSubdirectory("token-");
        var tokenFile = Path.Combine(dir.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "t0ken-good\n");
        var time = new FakeClock();
        using var client = new KcpClient(KubeconfigLoader.Load([Kubeconfig(dir, server)]), time: time);
        var changes = new List<string?>();
        using var subscription = client.CredentialHealth.Changes.Subscribe(changes.Add);
        var resource = new GroupVersionResource("", "v1", "configmaps");
        for (var i = 0; i < 4; i++)
        {
            server.Then(ctx => ctx.Request.Headers.Authorization == "Bearer t0ken-good"
                ? ScriptedApiServer.WriteAsync(ctx, 200, """{"kind":"ConfigMap","metadata":{"name":"x"}}""")
                : ScriptedApiServer.WriteAsync(ctx, 401, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Unauthorized","code":401,"message":"Unauthorized"}"""));
        }

        await client.Workspace.GetAsync(resource, "default", "x", CancellationToken.None);
        client.CredentialHealth.Problem.ShouldBeNull();

        await File.WriteAllTextAsync(tokenFile, "t0ken-bad\n");
        time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 2; i++)
        {
            (await Should.ThrowAsync<KubeApiException>(() => client.Workspace.GetAsync(resource, "default", "x", CancellationToken.None))).StatusCode.ShouldBe(401);
        }

        client.CredentialHealth.Problem.ShouldBe(
            $"kubeconfig {Path.Combine(dir.FullName, "config")}: context 'c': {client.Connection.Server} rejected the credentials (401 Unauthorized: expired or unknown token or certificate)");

        await File.WriteAllTextAsync(tokenFile, "t0ken-good\n"); // read at once: the 401 made the file due again
        await client.Workspace.GetAsync(resource, "default", "x", CancellationToken.None);

        client.CredentialHealth.Problem.ShouldBeNull();
        changes.Count.ShouldBe(2); // failing once (not once per request), then working
        changes[1].ShouldBeNull();
        server.Authorizations.ShouldBe(["Bearer t0ken-good", "Bearer t0ken-bad", "Bearer t0ken-bad", "Bearer t0ken-good"]);
        dir.Delete(recursive: true);
    }

    [Test]
    public async Task TokenFile_MissingBeforeAnyToken_OneLineNamingKubeconfigAndFileAndHealthSaysSo()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        var dir = Directory.CreateTempSubdirectory("token-");
        var config = Kubeconfig(dir, server);
        var tokenFile = Path.Combine(dir.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "t0ken\n");
        using var client = new KcpClient(KubeconfigLoader.Load([config]), time: new FakeClock());
        File.Delete(tokenFile); // after loading, which checks it is there, before the first request

        var error = await Should.ThrowAsync<KubeconfigException>(() => client.Workspace.GetAsync(new GroupVersionResource("", "v1", "configmaps"), "default", "x", CancellationToken.None));

        error.Message.ShouldStartWith($"kubeconfig {config}: context 'c': tokenFile {tokenFile}: Could not find file");
        client.CredentialHealth.Problem.ShouldBe(error.Message);
        server.Requests.ShouldBeEmpty();
        dir.Delete(recursive: true);
    }

    private static string Kubeconfig(DirectoryInfo dir, ScriptedApiServer server)
    {
        var config = Path.Combine(dir.FullName, "config");
        File.WriteAllText(config, $$"""
            current-context: c
            clusters: [{name: k, cluster: {server: "{{server.Url}}clusters/root" } }]
            users: [{name: u, user: {tokenFile: token} }]
            contexts: [{name: c, context: {cluster: k, user: u} }]
            """);
        return config;
    }
}
