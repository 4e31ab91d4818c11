using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Kubectl;

using Kubectl = Broker.Testing.Tools.Kubectl;

/// <summary>
/// Identities through real kubectl (auth whoami, auth can-i, refused reads with kcp's wording) and the requests
/// kcp's kubectl ws plugin sends (../shared/reference/kubectl-ws.md §3.2, §3.7) for every identity.
/// </summary>
[Category("Kubectl")]
public sealed class IdentityKubectlTests : LocalKcpTestBase
{
    private Kubectl _kubectl = null!;
    private string _alice = null!;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        var executable = Kubectl.Find();
        if (executable is null)
        {
            Assert.Ignore("kubectl not found: set $KUBECTL or run hack/ensure-tools.sh");
        }

        _kubectl = new Kubectl(executable!, Kcp.KubeconfigPath, Path.Combine(Kcp.DataDirectory, "kubectl-cache"));
        _alice = Kcp.Server.Tokens.AddUser("alice", ["team-a"]);
        await Kcp.Bootstrap.CreateWorkspaceAsync("root:org", Timeout);
    }

    [Test]
    public async Task AuthWhoami_NamesEachIdentity()
    {
        (await _kubectl.OkAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")).ShouldBe("kcp-admin [\"system:kcp:admin\",\"system:authenticated\"]");
        (await _kubectl.OkAsync("--context", "shard-base", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")).ShouldBe("shard-admin");
        (await _kubectl.OkAsync("--token", _alice, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")).ShouldBe("alice [\"team-a\",\"system:authenticated\"]");
    }

    [Test]
    public async Task AuthCanI_AnswersFromTheWorkspacesRbac()
    {
        (await _kubectl.RunAsync("--token", _alice, "auth", "can-i", "list", "workspaces")).Output.Trim().ShouldBe("yes");
        var no = await _kubectl.RunAsync("--token", _alice, "auth", "can-i", "create", "workspaces");
        (no.ExitCode, no.Output.Trim()).ShouldBe((1, "no - access denied"));
        (await _kubectl.RunAsync("auth", "can-i", "create", "workspaces")).Output.Trim().ShouldBe("yes");
        (await _kubectl.RunAsync("auth", "can-i", "create", "workspaces", "--as", "alice")).Output.Trim().ShouldBe("no - access denied");
        (await _kubectl.RunAsync("auth", "can-i", "patch", "--subresource=status", "apibindings.apis.kcp.io")).Output.Trim().ShouldBe("no - access denied");
    }

    [Test]
    public async Task ForeignWorkspace_IsRefusedWithKcpWording()
    {
        var server = $"{Kcp.BaseUrl.ToString().TrimEnd('/')}/clusters/root:org";
        // Discovery is refused first (client-go's discovery reports a 403 there without its message, as against kcp).
        var discovery = await _kubectl.RunAsync("--token", _alice, "--server", server, "get", "configmaps", "-n", "default");
        discovery.ExitCode.ShouldBe(1);
        discovery.Error.ShouldContain("Error from server (Forbidden)", Case.Sensitive, discovery.Error);
        var result = await _kubectl.RunAsync("--token", _alice, "--server", server, "get", "--raw", "/api/v1/namespaces/default/configmaps");
        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("Error from server (Forbidden): configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\": access denied");
    }

    [TestCase("kcp-admin")]
    [TestCase("shard-admin")]
    [TestCase("alice")]
    public async Task KubectlWsHome_RequestsSucceedForEveryIdentity(string user)
    {
        // kubectl ws ~ (and bare kubectl ws): GET workspaces/~ in root, then discovery and the APIBindings list in the home.
        using var root = Kcp.CreateHttpClient(null, Kcp.Server.Tokens.Token(user));
        var home = new Uri(Str(await GetAsync(root, "clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/~"), "spec", "URL")!);
        var path = home.AbsolutePath;
        path.ShouldMatch("^/clusters/[a-z0-9]{16}$", "the plugin takes the home path from spec.URL's path after /clusters/");
        (await SendAsync(root, HttpMethod.Get, $"{path}/api")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(root, HttpMethod.Get, $"{path}/apis")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(root, HttpMethod.Get, $"{path}/apis/apis.kcp.io/v1alpha2/apibindings")).Code.ShouldBe(HttpStatusCode.OK);

        // The plugin's parent lookup for a single-segment path goes to /clusters/apis/...; only a 404 would matter there.
        (await SendAsync(root, HttpMethod.Get, $"clusters/apis/tenancy.kcp.io/v1alpha1/workspaces/{path["/clusters/".Length..]}")).Code.ShouldNotBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task KubectlWsIntoForeignWorkspace_IsDeniedNotMissing()
    {
        // kubectl ws :root:org as alice: discovery is 403 and the parent's workspace exists, so the plugin says "access denied".
        using var alice = Kcp.CreateHttpClient(null, _alice);
        (await SendAsync(alice, HttpMethod.Get, "clusters/root:org/api")).Code.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(alice, HttpMethod.Get, "clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/org")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(alice, HttpMethod.Get, "clusters/root:nowhere/api")).Code.ShouldBe(HttpStatusCode.NotFound);
    }
}
