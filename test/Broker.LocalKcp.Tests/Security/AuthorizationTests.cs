using System.Net;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Workspaces;
using Broker.Testing;

namespace Broker.LocalKcp.Tests.Security;

/// <summary>kcp's authorization over HTTP: workspace access, local RBAC, wildcard, system CRD status, workspace ownership, bind, virtual workspaces, reviews.</summary>
public sealed class AuthorizationTests : LocalKcpTestBase
{
    private LogicalClusterInfo _org = null!;

    [OneTimeSetUp]
    public async Task CreateOrgAsync() => _org = await Kcp.Bootstrap.CreateWorkspaceAsync("root:org", Timeout);

    [Test]
    public async Task Root_IsOpenToReadWorkspaces_ButCreatingOneThereIsRefused()
    {
        using var alice = Client("root", "alice");
        (await SendAsync(alice, HttpMethod.Get, "apis/tenancy.kcp.io/v1alpha1/workspaces")).Code.ShouldBe(HttpStatusCode.OK);
        var (code, body) = await SendAsync(alice, HttpMethod.Post, "apis/tenancy.kcp.io/v1alpha1/workspaces", Workspace("alices"));
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("workspaces.tenancy.kcp.io is forbidden: User \"alice\" cannot create resource \"workspaces\" in API group \"tenancy.kcp.io\" at the cluster scope: access denied");
        Str(body, "reason").ShouldBe("Forbidden");
    }

    [Test]
    public async Task WorkspaceWithoutAccess_RefusesEvenDiscovery()
    {
        using var alice = Client("root:org", "alice");
        var (code, body) = await SendAsync(alice, HttpMethod.Get, "api");
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("forbidden: User \"alice\" cannot get path \"/api\": access denied");
        (await SendAsync(alice, HttpMethod.Get, "api/v1/namespaces/default/configmaps")).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task LocalRbac_GrantsByNamespace_AndARemovedBindingIsRefusedAtOnce()
    {
        var ws = await Kcp.Bootstrap.CreateWorkspaceAsync("root:rbac", Timeout);
        Kcp.Bootstrap.Apply(ws, BootstrapPolicy.ClusterRoleBinding("bob-access", BootstrapPolicy.WorkspaceAccessRole, ("User", "bob")));
        Kcp.Bootstrap.Apply(ws, Role("cm-reader", "default", PolicyRule.Resource(["get", "list"], [""], ["configmaps"])));
        Kcp.Bootstrap.Apply(ws, RoleBinding("bob-cm", "default", "Role", "cm-reader", "bob"));
        var shared = ConfigMap("shared");
        shared["metadata"]!["namespace"] = "default";
        Kcp.Bootstrap.Apply(ws, shared);
        using var bob = Client("root:rbac", "bob");

        (await SendAsync(bob, HttpMethod.Get, "api/v1/namespaces/default/configmaps/shared")).Code.ShouldBe(HttpStatusCode.OK);
        var (code, body) = await SendAsync(bob, HttpMethod.Get, "api/v1/namespaces/default/secrets");
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("secrets is forbidden: User \"bob\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\": access denied");
        (await SendAsync(bob, HttpMethod.Get, "api/v1/configmaps")).Code.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(bob, HttpMethod.Delete, "api/v1/namespaces/default/configmaps/shared")).Code.ShouldBe(HttpStatusCode.Forbidden);

        using var admin = Kcp.CreateHttpClient("clusters/root:rbac");
        (await SendAsync(admin, HttpMethod.Delete, "apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/bob-cm")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(bob, HttpMethod.Get, "api/v1/namespaces/default/configmaps/shared")).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task ResourceNames_AllowAListOrWatchPinnedToThatName_AndNoOther()
    {
        // kube's RequestInfoFactory takes the name of a list or watch from fieldSelector metadata.name=x, so an informer of
        // one object (the broker's of a provider's endpoint slice) needs only a rule naming it.
        var ws = await Kcp.Bootstrap.CreateWorkspaceAsync("root:named", Timeout);
        Kcp.Bootstrap.Apply(ws, BootstrapPolicy.ClusterRoleBinding("carol-access", BootstrapPolicy.WorkspaceAccessRole, ("User", "carol")));
        Kcp.Bootstrap.Apply(ws, Role("one-cm", "default", PolicyRule.Resource(["get", "list", "watch"], [""], ["configmaps"], "shared")));
        Kcp.Bootstrap.Apply(ws, RoleBinding("carol-cm", "default", "Role", "one-cm", "carol"));
        using var carol = Client("root:named", "carol");

        (await SendAsync(carol, HttpMethod.Get, "api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dshared")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(carol, HttpMethod.Get, "api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dother")).Code.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(carol, HttpMethod.Get, "api/v1/namespaces/default/configmaps")).Code.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(carol, HttpMethod.Get, "api/v1/namespaces/default/configmaps?fieldSelector=metadata.name!%3Dshared")).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Wildcard_IsForMastersOnly_NotForKcpAdmin()
    {
        using var kcpAdmin = Kcp.CreateHttpClient(null, Kcp.Server.KcpAdminToken);
        var (code, body) = await SendAsync(kcpAdmin, HttpMethod.Get, "clusters/*/api/v1/configmaps");
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("configmaps is forbidden: User \"kcp-admin\" cannot list resource \"configmaps\" in API group \"\" at the cluster scope: access denied");
        using var shardAdmin = Kcp.CreateHttpClient();
        (await SendAsync(shardAdmin, HttpMethod.Get, "clusters/*/api/v1/configmaps")).Code.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task RequiredGroups_KeepOutWhoLacksThem_AndPassToChildWorkspaces()
    {
        var guarded = await Kcp.Bootstrap.CreateWorkspaceAsync("root:guarded", Timeout);
        Kcp.Bootstrap.Apply(guarded, BootstrapPolicy.ClusterRoleBinding("everyone-enters", BootstrapPolicy.WorkspaceAccessRole, ("Group", "system:authenticated")));
        Kcp.Bootstrap.Apply(guarded, new JsonObject
        {
            ["apiVersion"] = "core.kcp.io/v1alpha1",
            ["kind"] = "LogicalCluster",
            ["metadata"] = new JsonObject { ["name"] = "cluster", ["annotations"] = new JsonObject { [RequiredGroups.Annotation] = "team-a;team-b,ops" } },
        });

        foreach (var (user, groups, expected) in new (string, string[], HttpStatusCode)[]
        {
            ("rg-alice", ["team-a"], HttpStatusCode.OK),
            ("rg-bob", ["team-b"], HttpStatusCode.Forbidden),
            ("rg-carl", ["team-b", "ops"], HttpStatusCode.OK),
        })
        {
            using var client = Kcp.CreateHttpClient("clusters/root:guarded", Kcp.Server.Tokens.AddUser(user, groups));
            (await SendAsync(client, HttpMethod.Get, "api")).Code.ShouldBe(expected, user);
        }

        using var kcpAdmin = Kcp.CreateHttpClient("clusters/root:guarded", Kcp.Server.KcpAdminToken);
        (await SendAsync(kcpAdmin, HttpMethod.Get, "api")).Code.ShouldBe(HttpStatusCode.OK, "system:kcp:admin always passes");
        await Kcp.Bootstrap.CreateWorkspaceAsync("root:guarded:inner", Timeout);
        using var inner = Kcp.CreateHttpClient("clusters/root:guarded:inner");
        Str(await GetAsync(inner, "apis/core.kcp.io/v1alpha1/logicalclusters/cluster"), "metadata", "annotations", RequiredGroups.Annotation).ShouldBe("team-a;team-b,ops");
    }

    [Test]
    public async Task Impersonation_NeedsTheVerbInTheWorkspace_AndNeverGrantsPrivilegedGroups()
    {
        Kcp.Server.Tokens.AddUser("imp-alice", []);
        using var kcpAdmin = Kcp.CreateHttpClient("clusters/root:org", Kcp.Server.KcpAdminToken);
        kcpAdmin.DefaultRequestHeaders.Add("Impersonate-User", "imp-alice");
        var (code, body) = await SendAsync(kcpAdmin, HttpMethod.Get, "api/v1/namespaces/default/configmaps");
        code.ShouldBe(HttpStatusCode.Forbidden, "kcp-admin acting as imp-alice has imp-alice's rights");
        Str(body, "message")!.ShouldStartWith("configmaps is forbidden: User \"imp-alice\"");

        kcpAdmin.DefaultRequestHeaders.Add("Impersonate-Group", "system:masters");
        (code, body) = await SendAsync(kcpAdmin, HttpMethod.Get, "api");
        (code, Str(body, "message")).ShouldBe((HttpStatusCode.Forbidden, "forbidden: impersonation is not allowed for the requestor"));

        using var alice = Client("root", "imp-alice");
        alice.DefaultRequestHeaders.Add("Impersonate-User", "kcp-admin");
        (code, body) = await SendAsync(alice, HttpMethod.Get, "api");
        (code, Str(body, "message")).ShouldBe((HttpStatusCode.Forbidden, "users \"kcp-admin\" is forbidden: User \"imp-alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope: access denied"));
    }

    [Test]
    public async Task Faults_AreForMastersOnly()
    {
        using var kcpAdmin = Kcp.CreateHttpClient(null, Kcp.Server.KcpAdminToken);
        var (code, body) = await SendAsync(kcpAdmin, HttpMethod.Post, "localkcp/v1/faults", new JsonObject { ["dropWatches"] = true });
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("forbidden: User \"kcp-admin\" cannot post path \"/localkcp/v1/faults\": access denied");
    }

    [Test]
    public async Task KcpAdmin_IsAdminInEveryWorkspace_ButMayNotWriteApiBindingStatus()
    {
        using var kcpAdmin = Kcp.CreateHttpClient("clusters/root:org", Kcp.Server.KcpAdminToken);
        await CreateAsync(kcpAdmin, "api/v1/namespaces/default/configmaps", ConfigMap("by-kcp-admin"));
        var (code, body) = await SendAsync(kcpAdmin, HttpMethod.Patch, "apis/apis.kcp.io/v1alpha2/apibindings/any/status", new JsonObject(), "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("apibindings.apis.kcp.io \"any\" is forbidden: User \"kcp-admin\" cannot patch resource \"apibindings/status\" in API group \"apis.kcp.io\" at the cluster scope: access denied");
    }

    [Test]
    public async Task Creator_BecomesWorkspaceAdmin_OthersStayOut()
    {
        var team = await Kcp.Bootstrap.CreateWorkspaceAsync("root:team", Timeout);
        Kcp.Bootstrap.Apply(team, BootstrapPolicy.ClusterRoleBinding("carol-access", BootstrapPolicy.WorkspaceAccessRole, ("User", "carol")));
        Kcp.Bootstrap.Apply(team, BootstrapPolicy.ClusterRole("workspace-creator", PolicyRule.Resource(["create", "get"], ["tenancy.kcp.io"], ["workspaces"])));
        Kcp.Bootstrap.Apply(team, BootstrapPolicy.ClusterRoleBinding("carol-creates", "workspace-creator", ("User", "carol")));
        using var carol = Client("root:team", "carol");
        var created = await CreateAsync(carol, "apis/tenancy.kcp.io/v1alpha1/workspaces", Workspace("carols"));
        Str(created, "metadata", "annotations", "experimental.tenancy.kcp.io/owner").ShouldBe("{\"username\":\"carol\",\"groups\":[\"system:authenticated\"]}");
        await Eventually.UntilAsync("carols is Ready", async () => Str(await GetAsync(carol, "apis/tenancy.kcp.io/v1alpha1/workspaces/carols"), "status", "phase") == "Ready");

        using var inside = Client("root:team:carols", "carol");
        await CreateAsync(inside, "api/v1/namespaces/default/secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "s" } });
        var binding = await GetAsync(inside, "apis/rbac.authorization.k8s.io/v1/clusterrolebindings/workspace-admin");
        Str(binding, "roleRef", "name").ShouldBe("cluster-admin");
        using var dan = Client("root:team:carols", "dan");
        (await SendAsync(dan, HttpMethod.Get, "api/v1/namespaces/default/secrets/s")).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task ApiBinding_NeedsBindOnTheExport_WordedAsKcp()
    {
        var provider = await Kcp.Bootstrap.CreateWorkspaceAsync("root:bind-provider", Timeout);
        var consumer = await Kcp.Bootstrap.CreateWorkspaceAsync("root:bind-consumer", Timeout);
        Kcp.Bootstrap.Apply(provider, TestObjects.ResourceSchema());
        Kcp.Bootstrap.Apply(provider, TestObjects.Export("widgets", "v1.widgets.example.io"));
        Kcp.Bootstrap.Apply(consumer, BootstrapPolicy.ClusterRoleBinding("erin-admin", BootstrapPolicy.ClusterAdmin, ("User", "erin")));
        using var erin = Client("root:bind-consumer", "erin");

        foreach (var export in (string[])["widgets", "missing"])
        {
            var (code, body) = await SendAsync(erin, HttpMethod.Post, "apis/apis.kcp.io/v1alpha2/apibindings", Binding(export, "root:bind-provider"));
            code.ShouldBe(HttpStatusCode.Forbidden);
            Str(body, "message").ShouldBe($"apibindings.apis.kcp.io \"{export}\" is forbidden: unable to create APIBinding: no permission to bind to export root:bind-provider:{export}");
        }

        // bind alone suffices: kcp's check is a deep SubjectAccessReview, no access to the provider workspace needed.
        Kcp.Bootstrap.Apply(provider, BootstrapPolicy.ClusterRole("bind-widgets", PolicyRule.Resource(["bind"], ["apis.kcp.io"], ["apiexports"], "widgets")));
        Kcp.Bootstrap.Apply(provider, BootstrapPolicy.ClusterRoleBinding("erin-binds", "bind-widgets", ("User", "erin")));
        await CreateAsync(erin, "apis/apis.kcp.io/v1alpha2/apibindings", Binding("widgets", "root:bind-provider"));
        using var erinInProvider = Client("root:bind-provider", "erin");
        (await SendAsync(erinInProvider, HttpMethod.Get, "api")).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task VirtualWorkspace_NeedsContentWithTheVerb_AndAccessToTheExportWorkspace()
    {
        var scenario = await KcpScenario.CreateAsync(Kcp, "vw", Timeout);
        var path = scenario.VirtualWorkspacePath("*") + "/apis/example.io/v1alpha1/widgets";
        using var frank = Kcp.CreateHttpClient(null, Kcp.Server.Tokens.AddUser("frank", ["providers"]));
        var (code, body) = await SendAsync(frank, HttpMethod.Get, path);
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("widgets.example.io is forbidden: User \"frank\" cannot list resource \"widgets\" in API group \"example.io\" at the cluster scope: access denied");

        Kcp.Bootstrap.Apply(scenario.Provider, BootstrapPolicy.ClusterRole("content-reader", PolicyRule.Resource(["list", "watch"], ["apis.kcp.io"], ["apiexports/content"], scenario.ExportName)));
        Kcp.Bootstrap.Apply(scenario.Provider, BootstrapPolicy.ClusterRoleBinding("providers-content", "content-reader", ("Group", "providers")));
        (await SendAsync(frank, HttpMethod.Get, path)).Code.ShouldBe(HttpStatusCode.Forbidden, "content without access to the export's workspace");

        Kcp.Bootstrap.Apply(scenario.Provider, BootstrapPolicy.ClusterRoleBinding("providers-access", BootstrapPolicy.WorkspaceAccessRole, ("Group", "providers")));
        (await SendAsync(frank, HttpMethod.Get, path)).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(frank, HttpMethod.Post, scenario.VirtualWorkspacePath(scenario.Consumer.Name) + "/apis/example.io/v1alpha1/namespaces/default/widgets", TestObjects.Widget("w")))
            .Code.ShouldBe(HttpStatusCode.Forbidden, "create is not granted on apiexports/content");
    }

    [Test]
    public async Task AccessReviews_AnswerWithKcpReasons()
    {
        var ws = await Kcp.Bootstrap.CreateWorkspaceAsync("root:reviews", Timeout);
        Kcp.Bootstrap.Apply(ws, BootstrapPolicy.ClusterRoleBinding("gina-access", BootstrapPolicy.WorkspaceAccessRole, ("User", "gina")));
        Kcp.Bootstrap.Apply(ws, Role("cm", "default", PolicyRule.Resource(["get"], [""], ["configmaps"])));
        Kcp.Bootstrap.Apply(ws, RoleBinding("gina-cm", "default", "Role", "cm", "gina"));
        using var gina = Client("root:reviews", "gina");

        (await SelfReviewAsync(gina, "get", "default")).ShouldBe((true, "access granted"));
        (await SelfReviewAsync(gina, "delete", "default")).ShouldBe((false, "access denied"));
        (await SelfReviewAsync(gina, "get", "other")).ShouldBe((false, "access denied"));

        using var admin = Kcp.CreateHttpClient("clusters/root:reviews");
        (await SubjectReviewAsync(admin, "gina", [], "get", "configmaps", "default")).ShouldBeTrue();
        (await SubjectReviewAsync(admin, "gina", [], "delete", "configmaps", "default")).ShouldBeFalse();

        // A SubjectAccessReview names the groups exactly: root is open to system:authenticated only.
        using var rootAdmin = Kcp.CreateHttpClient("clusters/root");
        (await SubjectReviewAsync(rootAdmin, "ivan", [], "list", "workspaces", "", "tenancy.kcp.io")).ShouldBeFalse();
        (await SubjectReviewAsync(rootAdmin, "ivan", ["system:authenticated"], "list", "workspaces", "", "tenancy.kcp.io")).ShouldBeTrue();

        var rules = await CreateAsync(gina, "apis/authorization.k8s.io/v1/selfsubjectrulesreviews", new JsonObject { ["spec"] = new JsonObject { ["namespace"] = "default" } });
        rules["status"]!["resourceRules"]!.AsArray().ShouldContain(r => r!["resources"]![0]!.GetValue<string>() == "configmaps");
        rules["status"]!["nonResourceRules"]!.AsArray().ShouldContain(r => r!["verbs"]![0]!.GetValue<string>() == "access");

        using var stranger = Client("root:reviews", "henry");
        (await SendAsync(stranger, HttpMethod.Post, "apis/authorization.k8s.io/v1/selfsubjectaccessreviews", new JsonObject())).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<(bool, string)> SelfReviewAsync(HttpClient client, string verb, string ns)
    {
        var review = await CreateAsync(client, "apis/authorization.k8s.io/v1/selfsubjectaccessreviews", new JsonObject
        {
            ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["verb"] = verb, ["resource"] = "configmaps", ["namespace"] = ns } },
        });
        return (review["status"]!["allowed"]!.GetValue<bool>(), Str(review, "status", "reason")!);
    }

    private static async Task<bool> SubjectReviewAsync(HttpClient client, string user, string[] groups, string verb, string resource, string ns, string group = "")
    {
        var review = await CreateAsync(client, "apis/authorization.k8s.io/v1/subjectaccessreviews", new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["user"] = user,
                ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]),
                ["resourceAttributes"] = new JsonObject { ["verb"] = verb, ["group"] = group, ["resource"] = resource, ["namespace"] = ns },
            },
        });
        return review["status"]!["allowed"]!.GetValue<bool>();
    }

    private HttpClient Client(string workspace, string user) => Kcp.CreateHttpClient($"clusters/{workspace}", Kcp.Server.Tokens.AddUser(user, []));

    private static JsonObject Workspace(string name) => new()
    {
        ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
        ["kind"] = "Workspace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    private static JsonObject Binding(string export, string path) => new()
    {
        ["apiVersion"] = "apis.kcp.io/v1alpha2",
        ["kind"] = "APIBinding",
        ["metadata"] = new JsonObject { ["name"] = export },
        ["spec"] = new JsonObject { ["reference"] = new JsonObject { ["export"] = new JsonObject { ["path"] = path, ["name"] = export } } },
    };

    private static JsonObject Role(string name, string ns, params PolicyRule[] rules)
    {
        var role = BootstrapPolicy.ClusterRole(name, rules);
        role["kind"] = "Role";
        role["metadata"]!["namespace"] = ns;
        return role;
    }

    private static JsonObject RoleBinding(string name, string ns, string roleKind, string role, string user)
    {
        var binding = BootstrapPolicy.ClusterRoleBinding(name, role, ("User", user));
        binding["kind"] = "RoleBinding";
        binding["metadata"]!["namespace"] = ns;
        binding["roleRef"]!["kind"] = roleKind;
        return binding;
    }
}
