using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Hosting;

public sealed class ServingTests : LocalKcpTestBase
{
    [Test]
    public async Task Request_UnknownToken_Returns401Status()
    {
        using var client = Kcp.CreateHttpClient("clusters/root", token: "not-a-token");
        var (code, body) = await SendAsync(client, HttpMethod.Get, "api/v1/namespaces");
        code.ShouldBe(HttpStatusCode.Unauthorized);
        Str(body, "kind").ShouldBe("Status");
        Str(body, "reason").ShouldBe("Unauthorized");
        body["code"]!.GetValue<int>().ShouldBe(401);
    }

    [Test]
    public async Task Request_NoToken_Returns401()
    {
        using var client = Kcp.CreateAnonymousHttpClient();
        var (code, _) = await SendAsync(client, HttpMethod.Get, "clusters/root/api");
        code.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Version_AdminToken_ReturnsKubernetesVersion()
    {
        var body = await GetAsync(Root, "version");
        Str(body, "major").ShouldBe("1");
        Str(body, "gitVersion")!.ShouldStartWith("v1.");
    }

    [Test]
    public async Task Kubeconfig_Written_HasRootAndBaseContextsWithCaAndToken()
    {
        var text = await File.ReadAllTextAsync(Kcp.KubeconfigPath);
        text.ShouldContain($"server: https://127.0.0.1:{Kcp.BaseUrl.Port}/clusters/root");
        text.ShouldContain($"server: https://127.0.0.1:{Kcp.BaseUrl.Port}\n");
        text.ShouldContain("current-context: root");
        text.ShouldContain("certificate-authority-data: ");
        text.ShouldContain($"token: {Kcp.AdminToken}");
    }

    [Test]
    public async Task UnknownPath_Returns404Status()
    {
        var (code, body) = await SendAsync(Root, HttpMethod.Get, "apis/nope.example.io/v1/things");
        code.ShouldBe(HttpStatusCode.NotFound);
        Str(body, "kind").ShouldBe("Status");
        Str(body, "status").ShouldBe("Failure");
    }

    [Test]
    public async Task Cluster_InvalidPath_Returns400_UnknownName403_UnknownPath404()
    {
        using var client = Kcp.CreateHttpClient();
        (await SendAsync(client, HttpMethod.Get, "clusters/Bad_Name/api")).Code.ShouldBe(HttpStatusCode.BadRequest);
        (await SendAsync(client, HttpMethod.Get, "clusters/nosuchcluster/api")).Code.ShouldBe(HttpStatusCode.Forbidden);
        var (code, body) = await SendAsync(client, HttpMethod.Get, "clusters/root:nope/api");
        code.ShouldBe(HttpStatusCode.NotFound);
        Str(body, "message").ShouldBe("workspaces.tenancy.kcp.io \"root:nope\" not found");
        _ = new JsonObject();
    }
}
