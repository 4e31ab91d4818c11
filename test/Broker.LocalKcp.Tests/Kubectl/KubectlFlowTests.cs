using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Kubectl;

using Kubectl = Broker.Testing.Tools.Kubectl;

/// <summary>
/// The proof: real kubectl creates workspaces, an APIResourceSchema and APIExport in a provider,
/// an APIBinding in a consumer, creates and watches objects, and reads them through the virtual
/// workspace (wildcard and per cluster), including every refusal.
/// </summary>
[Category("Kubectl")]
public sealed class KubectlFlowTests : LocalKcpTestBase
{
    private const string SchemaAndExport = """
        apiVersion: apis.kcp.io/v1alpha1
        kind: APIResourceSchema
        metadata:
          name: v1.widgets.example.io
        spec:
          group: example.io
          names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList, shortNames: [wd]}
          scope: Namespaced
          versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              type: object
              properties:
                spec:
                  type: object
                  required: [size]
                  properties:
                    size: {type: integer, minimum: 1, maximum: 10, description: "How big the widget is."}
                    color: {type: string, enum: [red, blue], default: red}
                status: {type: object, x-kubernetes-preserve-unknown-fields: true}
        ---
        apiVersion: apis.kcp.io/v1alpha2
        kind: APIExport
        metadata:
          name: widgets.example.io
        spec:
          resources:
          - {group: example.io, name: widgets, schema: v1.widgets.example.io, storage: {crd: {}}}
          permissionClaims:
          - {group: "", resource: secrets, verbs: ["*"]}
        """;

    private const string Binding = """
        apiVersion: apis.kcp.io/v1alpha2
        kind: APIBinding
        metadata:
          name: widgets
        spec:
          reference:
            export: {path: root:provider, name: widgets.example.io}
          permissionClaims:
          - {group: "", resource: secrets, verbs: ["*"], selector: {matchAll: true}, state: Accepted}
        """;

    private Kubectl _kubectl = null!;
    private string _cache = null!;
    private string _base = null!;
    private string _consumerName = null!;
    private string _providerName = null!;
    private string _vw = null!;

    private string Provider => $"{_base}/clusters/root:provider";

    private string Consumer => $"{_base}/clusters/root:consumer";

    [OneTimeSetUp]
    public async Task SetUpThroughKubectlAsync()
    {
        var executable = Kubectl.Find();
        if (executable is null)
        {
            Assert.Ignore("kubectl not found: set $KUBECTL or run hack/ensure-tools.sh");
        }

        _cache = Path.Combine(Kcp.DataDirectory, "kubectl-cache");
        _kubectl = new Kubectl(executable!, Kcp.KubeconfigPath, _cache);
        _base = Kcp.BaseUrl.ToString().TrimEnd('/');

        await _kubectl.OkAsync("create", "-f", await WriteAsync("ws.yaml", """
            apiVersion: tenancy.kcp.io/v1alpha1
            kind: Workspace
            metadata: {name: provider}
            ---
            apiVersion: tenancy.kcp.io/v1alpha1
            kind: Workspace
            metadata: {name: consumer}
            """));
        await _kubectl.OkAsync("wait", "--for=jsonpath={.status.phase}=Ready", "workspace/provider", "workspace/consumer", "--timeout=20s");
        await _kubectl.OkAsync("--server", Provider, "apply", "-f", await WriteAsync("export.yaml", SchemaAndExport));
        await _kubectl.OkAsync("--server", Provider, "wait", "--for=jsonpath={.status.identityHash}", "apiexport/widgets.example.io", "--timeout=20s");
        (await _kubectl.OkAsync("--server", Provider, "get", "apiexportendpointslice", "widgets.example.io", "-o", "jsonpath={.status.endpoints}")).ShouldBeOneOf("", "[]");
        await _kubectl.OkAsync("--server", Consumer, "apply", "-f", await WriteAsync("binding.yaml", Binding));
        await _kubectl.OkAsync("--server", Consumer, "wait", "--for=jsonpath={.status.phase}=Bound", "apibinding/widgets", "--timeout=20s");
        _consumerName = await _kubectl.OkAsync("--server", Consumer, "get", "logicalcluster", "cluster", "-o", "jsonpath={.metadata.annotations.kcp\\.io/cluster}");
        _providerName = await _kubectl.OkAsync("--server", Provider, "get", "logicalcluster", "cluster", "-o", "jsonpath={.metadata.annotations.kcp\\.io/cluster}");
        for (var i = 0; i < 100 && string.IsNullOrEmpty(_vw); i++)
        {
            _vw = await _kubectl.OkAsync("--server", Provider, "get", "apiexportendpointslice", "widgets.example.io", "-o", "jsonpath={.status.endpoints[0].url}");
            await Task.Delay(50);
        }

        await _kubectl.OkAsync("--server", Consumer, "apply", "-f", await WriteAsync("w1.yaml", Widget("w1", 2)));
    }

    private static string Widget(string name, int size) => $"""
        apiVersion: example.io/v1alpha1
        kind: Widget
        metadata: {"{"}name: {name}, namespace: default{"}"}
        spec: {"{"}size: {size}{"}"}
        """;

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(Kcp.DataDirectory, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    [Test]
    public async Task GetWorkspaces_ShowsReadyWorkspacesWithClusterNames()
    {
        var json = JsonNode.Parse(await _kubectl.OkAsync("get", "workspaces", "-o", "json"))!;
        var items = json["items"]!.AsArray();
        items.Select(i => Str(i, "metadata", "name")).ShouldBe(["consumer", "provider"], ignoreOrder: true);
        items.ShouldAllBe(i => Str(i, "status", "phase") == "Ready");
        items.Select(i => Str(i, "spec", "cluster")).ShouldContain(_consumerName);
        _vw.ShouldBe($"{_base}/services/apiexport/{_providerName}/widgets.example.io");
    }

    [Test]
    public async Task GetWorkspaces_DefaultOutput_PrintsServerSideColumns()
    {
        var output = await _kubectl.OkAsync("get", "workspaces");
        output.ShouldStartWith("NAME");
        output.ShouldContain("PHASE");
        output.ShouldContain($"{_base}/clusters/root:provider");
        output.Split('\n')[1].ShouldContain("universal");
    }

    [Test]
    public async Task ApplyPatchDelete_BoundType_SeenByGetWatch()
    {
        await using var watch = _kubectl.StartBackground("--server", Consumer, "get", "widgets", "-n", "default", "-w", "--output-watch-events", "-o", "custom-columns=EVENT:.type,NAME:.object.metadata.name,SIZE:.object.spec.size");
        await _kubectl.OkAsync("--server", Consumer, "apply", "-f", await WriteAsync("w2.yaml", Widget("w2", 3)));
        await watch.WaitForLineAsync("ADDED", "w2");
        await _kubectl.OkAsync("--server", Consumer, "patch", "widget", "w2", "-n", "default", "--type", "merge", "-p", """{"spec":{"size":4}}""");
        await watch.WaitForLineAsync("MODIFIED", "w2", "4");
        await _kubectl.OkAsync("--server", Consumer, "patch", "widget", "w2", "-n", "default", "--type", "json", "-p", """[{"op":"replace","path":"/spec/size","value":5}]""");
        await watch.WaitForLineAsync("MODIFIED", "w2", "5");
        await _kubectl.OkAsync("--server", Consumer, "apply", "-f", await WriteAsync("w2b.yaml", Widget("w2", 6)));
        await watch.WaitForLineAsync("MODIFIED", "w2", "6");
        await _kubectl.OkAsync("--server", Consumer, "delete", "widget", "w2", "-n", "default");
        await watch.WaitForLineAsync("DELETED", "w2");
    }

    [Test]
    public async Task DiffAndServerSideApply_Work_DiffChangesNothing()
    {
        await _kubectl.OkAsync("--server", Consumer, "apply", "--server-side", "-f", await WriteAsync("w5.yaml", Widget("w5", 2)));
        var diff = await _kubectl.RunAsync("--server", Consumer, "diff", "-f", await WriteAsync("w5b.yaml", Widget("w5", 8)));
        diff.ExitCode.ShouldBe(1, diff.All);
        diff.Output.ShouldContain("+  size: 8");
        (await _kubectl.OkAsync("--server", Consumer, "get", "widget", "w5", "-n", "default", "-o", "jsonpath={.spec.size}")).ShouldBe("2");
    }

    [Test]
    public async Task Apply_InvalidWidget_ReportsFieldError()
    {
        var result = await _kubectl.RunAsync("--server", Consumer, "apply", "-f", await WriteAsync("bad.yaml", Widget("bad", 99)));
        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("spec.size");
    }

    [Test]
    public async Task Explain_BoundType_ShowsSchemaFields()
    {
        var output = await _kubectl.OkAsync("--server", Consumer, "explain", "widgets.spec");
        output.ShouldContain("size");
        output.ShouldContain("How big the widget is.");
    }

    [Test]
    public async Task BuiltIns_CreateApplyGetDelete()
    {
        await _kubectl.OkAsync("--server", Consumer, "apply", "-f", await WriteAsync("cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: default, labels: {app: demo}}
            data: {a: "1"}
            """));
        (await _kubectl.OkAsync("--server", Consumer, "get", "configmaps", "-l", "app=demo", "-o", "name")).Trim().ShouldBe("configmap/settings");
        await _kubectl.OkAsync("--server", Consumer, "patch", "configmap", "settings", "--type", "merge", "-p", """{"data":{"b":"2"}}""");
        (await _kubectl.OkAsync("--server", Consumer, "get", "configmap", "settings", "-o", "jsonpath={.data.b}")).ShouldBe("2");
        await _kubectl.OkAsync("--server", Consumer, "delete", "configmap", "settings");
        (await _kubectl.OkAsync("--server", Consumer, "get", "namespaces", "-o", "name")).ShouldContain("namespace/default");
    }

    [Test]
    public async Task CreateGenerators_SendProtobuf_AreDecoded()
    {
        await _kubectl.OkAsync("--server", Consumer, "create", "namespace", "team-a");
        await _kubectl.OkAsync("--server", Consumer, "create", "configmap", "gen", "-n", "team-a", "--from-literal=a=b");
        await _kubectl.OkAsync("--server", Consumer, "create", "secret", "generic", "pw", "-n", "team-a", "--from-literal=pw=s3cret");
        await _kubectl.OkAsync("--server", Consumer, "create", "serviceaccount", "robot", "-n", "team-a");
        await _kubectl.OkAsync("--server", Consumer, "create", "role", "reader", "-n", "team-a", "--verb=get", "--resource=configmaps");
        await _kubectl.OkAsync("--server", Consumer, "create", "rolebinding", "reader", "-n", "team-a", "--role=reader", "--serviceaccount=team-a:robot");
        (await _kubectl.OkAsync("--server", Consumer, "get", "configmap", "gen", "-n", "team-a", "-o", "jsonpath={.data.a}")).ShouldBe("b");
        (await _kubectl.OkAsync("--server", Consumer, "get", "secret", "pw", "-n", "team-a", "-o", "jsonpath={.data.pw}")).ShouldBe("czNjcmV0");
        (await _kubectl.OkAsync("--server", Consumer, "get", "role", "reader", "-n", "team-a", "-o", "jsonpath={.rules[0].verbs[0]}")).ShouldBe("get");
        (await _kubectl.OkAsync("--server", Consumer, "get", "rolebinding", "reader", "-n", "team-a", "-o", "jsonpath={.subjects[0].name}")).ShouldBe("robot");
    }

    [Test]
    public async Task VirtualWorkspace_WildcardAndPerClusterReads()
    {
        var wildcard = await _kubectl.OkAsync("--server", $"{_vw}/clusters/*", "get", "widgets", "-A", "-o", "custom-columns=CLUSTER:.metadata.annotations.kcp\\.io/cluster,NAME:.metadata.name", "--no-headers");
        wildcard.ShouldContain($"{_consumerName}   w1");
        var perCluster = await _kubectl.OkAsync("--server", $"{_vw}/clusters/{_consumerName}", "get", "widgets", "-n", "default", "-o", "name");
        perCluster.ShouldContain("widget.example.io/w1");
        var bindings = await _kubectl.OkAsync("--server", $"{_vw}/clusters/*", "get", "apibindings", "-o", "custom-columns=CLUSTER:.metadata.annotations.kcp\\.io/cluster,PHASE:.status.phase", "--no-headers");
        bindings.ShouldContain($"{_consumerName}   Bound");
    }

    [Test]
    public async Task VirtualWorkspace_WildcardWatch_SeesConsumerChanges()
    {
        await using var watch = _kubectl.StartBackground("--server", $"{_vw}/clusters/*", "get", "widgets", "-A", "-w", "--output-watch-events", "-o", "custom-columns=EVENT:.type,NAME:.object.metadata.name");
        await watch.WaitForLineAsync("ADDED", "w1");
        await _kubectl.OkAsync("--server", Consumer, "apply", "-f", await WriteAsync("w3.yaml", Widget("w3", 1)));
        await watch.WaitForLineAsync("ADDED", "w3");
    }

    [Test]
    public async Task VirtualWorkspace_PerClusterWrite_ReachesConsumer()
    {
        await _kubectl.OkAsync("--server", $"{_vw}/clusters/{_consumerName}", "apply", "-f", await WriteAsync("w4.yaml", Widget("w4", 7)));
        (await _kubectl.OkAsync("--server", Consumer, "get", "widget", "w4", "-n", "default", "-o", "jsonpath={.spec.size}")).ShouldBe("7");
    }

    [Test]
    public async Task VirtualWorkspace_Refusals()
    {
        (await _kubectl.RunAsync("--server", $"{_vw}/clusters/*", "delete", "widget", "w1", "-n", "default")).Error.ShouldContain("MethodNotAllowed");
        (await _kubectl.RunAsync("--server", $"{_vw}/clusters/*", "get", "widgets", "-n", "default")).Error.ShouldContain("cross-namespace");
        (await _kubectl.RunAsync("--server", $"{_vw}/clusters/root:consumer", "get", "widgets", "-n", "default")).Error.ShouldContain("NotFound");
        (await _kubectl.RunAsync("--server", $"{_vw}/clusters/{_providerName}", "get", "widgets", "-n", "default")).Error.ShouldContain("Forbidden");
        (await _kubectl.RunAsync("--server", $"{_vw}/clusters/{_consumerName}", "delete", "apibinding", "widgets")).Error.ShouldContain("Forbidden");
        (await _kubectl.RunAsync("--server", $"{_base}/services/apiexport/root:provider/widgets.example.io/clusters/*", "get", "widgets", "-A")).Error.ShouldContain("NotFound");
    }

    [Test]
    public async Task AuthCanI_AdminToken_IsAllowed()
    {
        (await _kubectl.OkAsync("--server", Consumer, "auth", "can-i", "create", "widgets.example.io")).Trim().ShouldBe("yes");
    }

    [Test]
    public async Task Kubeconfig_BaseContextAndWorkspaceNavigationByServer()
    {
        (await _kubectl.OkAsync("--context", "base", "get", "--raw", "/clusters/root:consumer/api/v1/namespaces/default")).ShouldContain("\"name\":\"default\"");
        (await _kubectl.OkAsync("config", "current-context")).Trim().ShouldBe("root");
    }
}
