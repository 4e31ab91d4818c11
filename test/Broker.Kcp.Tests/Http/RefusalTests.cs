using System.Net;
using System.Text;
using Broker.Kcp.Http;

namespace Broker.Kcp.Tests.Http;

public sealed class RefusalTests
{
    private const string Server = "https://127.0.0.1:6443";

    [Test]
    public void From_KcpRbacMessage_VerbAndResourceAsKcpWordsThemWorkspaceFromTheUrl()
    {
        const string message = """placements.broker.platform-mesh.io "p" is forbidden: User "resource-broker" cannot create resource "placements" in API group "broker.platform-mesh.io" in the namespace "default": access denied""";

        var refusal = Refusal.From(HttpMethod.Post, new Uri($"{Server}/clusters/root:platform/apis/broker.platform-mesh.io/v1alpha1/namespaces/default/placements"), message);

        refusal.ShouldBe(new Refusal("create", "placements.broker.platform-mesh.io", "root:platform", message));
        refusal.ToString().ShouldBe($"missing permission: create placements.broker.platform-mesh.io in root:platform (kcp: {message})");
    }

    [Test]
    public void From_CoreGroupSubresourceAtClusterScope_ResourceWithoutGroup()
    {
        var refusal = Refusal.From(HttpMethod.Put, new Uri($"{Server}/clusters/root/api/v1/namespaces/x/finalize"),
            """namespaces "x" is forbidden: User "u" cannot update resource "namespaces/finalize" in API group "" at the cluster scope: access denied""");

        (refusal.Verb, refusal.Resource, refusal.Workspace).ShouldBe(("update", "namespaces/finalize", "root"));
    }

    [Test]
    public void From_NonResourcePath_VerbAndPath()
    {
        var refusal = Refusal.From(HttpMethod.Get, new Uri($"{Server}/clusters/root:providers:a/apis/core.kcp.io/v1alpha1/logicalclusters/cluster"),
            """forbidden: User "resource-broker" cannot access path "/": access denied""");

        (refusal.Verb, refusal.Resource, refusal.Workspace).ShouldBe(("access", "/", "root:providers:a"));
    }

    [Test]
    public void From_BindAdmission_BindOnTheExportInItsWorkspace()
    {
        const string message = """apibindings.apis.kcp.io "certificates" is forbidden: unable to create APIBinding: no permission to bind to export root:providers:internal-ca:certificates""";

        var refusal = Refusal.From(HttpMethod.Post, new Uri($"{Server}/clusters/root:platform:staging-1/apis/apis.kcp.io/v1alpha1/apibindings"), message);

        (refusal.Verb, refusal.Resource, refusal.Workspace).ShouldBe(("bind", "apiexports.apis.kcp.io", "root:providers:internal-ca"));
    }

    [TestCase("GET", "/clusters/root:platform/api/v1/namespaces/default/secrets/app", "get", "secrets", "root:platform")]
    [TestCase("GET", "/clusters/root:platform/api/v1/secrets", "list", "secrets", "root:platform")]
    [TestCase("GET", "/clusters/root:platform/api/v1/secrets?watch=true&allowWatchBookmarks=true", "watch", "secrets", "root:platform")]
    [TestCase("PATCH", "/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/w", "patch", "workspaces.tenancy.kcp.io", "root")]
    [TestCase("DELETE", "/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/w", "delete", "workspaces.tenancy.kcp.io", "root")]
    [TestCase("DELETE", "/clusters/root/api/v1/namespaces/n/configmaps", "deletecollection", "configmaps", "root")]
    [TestCase("PUT", "/services/apiexport/2x8k/certificates/clusters/3fj1/apis/example.platform-mesh.io/v1alpha1/namespaces/default/certificates/app/status",
        "update", "certificates.example.platform-mesh.io/status", "3fj1")]
    public void From_NoKcpWording_ReadFromTheRequest(string method, string path, string verb, string resource, string workspace)
    {
        var refusal = Refusal.From(new HttpMethod(method), new Uri(Server + path), message: null);

        (refusal.Verb, refusal.Resource, refusal.Workspace, refusal.Message).ShouldBe((verb, resource, workspace, ""));
    }

    [Test]
    public async Task FromResponseAsync_Forbidden_CarriesTheRefusalOfItsRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Server}/clusters/root:platform/api/v1/namespaces/default/secrets");
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden)
        {
            RequestMessage = request,
            Content = new StringContent(
                """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,"message":"secrets is forbidden: User \"b\" cannot create resource \"secrets\" in API group \"\" in the namespace \"default\": access denied"}""",
                Encoding.UTF8, "application/json"),
        };

        var error = (await KubeApiErrors.FromResponseAsync(response, CancellationToken.None)).ShouldBeOfType<ForbiddenException>();

        error.Refusal.ShouldNotBeNull().ToString().ShouldStartWith("missing permission: create secrets in root:platform (kcp: secrets is forbidden: ");
        error.StatusCode.ShouldBe(403);
    }
}
