namespace Broker.LocalKcp.Tests.Apis;

public sealed class ApiCatalogTests : LocalKcpTestBase
{
    // A new binding builds that workspace's catalog (and a schema or export change everyone's); building must not
    // re-read unchanged schemas, or each workspace parses (and compiles the patterns and rules of) every schema again.
    [Test]
    public async Task UnrelatedBinding_RebuildReusesTheServedResourceAndItsSchema()
    {
        var scenario = await KcpScenario.CreateAsync(Kcp, "reuse", Timeout);
        var catalog = Kcp.Server.ControlPlane.Catalog;
        var before = catalog.ForCluster(scenario.Consumer).Find("example.io", "v1alpha1", "widgets");
        before.ShouldNotBeNull();

        var other = await Kcp.Bootstrap.CreateWorkspaceAsync("root:consumer-other", Timeout);
        await Kcp.Bootstrap.BindAsync(other, scenario.Provider.Path, scenario.ExportName, Timeout);
        catalog.ForCluster(other).Find("example.io", "v1alpha1", "widgets").ShouldBeSameAs(before); // the same schema version, read once

        var after = catalog.ForCluster(scenario.Consumer).Find("example.io", "v1alpha1", "widgets");
        after.ShouldBeSameAs(before);
    }

    // A burst of new workspaces binding an export must not make every other workspace rebuild its catalog.
    [Test]
    public async Task BindingOrCrdElsewhere_LeavesTheCatalogAsItWas_OneHere_RebuildsIt()
    {
        var scenario = await KcpScenario.CreateAsync(Kcp, "scoped", Timeout);
        var catalog = Kcp.Server.ControlPlane.Catalog;
        var before = catalog.ForCluster(scenario.Consumer);

        var other = await Kcp.Bootstrap.CreateWorkspaceAsync("root:consumer-scoped-other", Timeout);
        await Kcp.Bootstrap.BindAsync(other, scenario.Provider.Path, scenario.ExportName, Timeout);
        Kcp.Bootstrap.Apply(other, TestObjects.Crd());
        catalog.ForCluster(other).Find("crd.example.io", "v1", "gadgets").ShouldNotBeNull();
        catalog.ForCluster(scenario.Consumer).ShouldBeSameAs(before);

        Kcp.Bootstrap.Apply(scenario.Consumer, TestObjects.Crd());
        var after = catalog.ForCluster(scenario.Consumer);
        after.ShouldNotBeSameAs(before);
        after.Find("crd.example.io", "v1", "gadgets").ShouldNotBeNull();
        after.Find("example.io", "v1alpha1", "widgets").ShouldBeSameAs(before.Find("example.io", "v1alpha1", "widgets"));
    }

    [Test]
    public async Task ChangedSchema_IsReadAgain()
    {
        var scenario = await KcpScenario.CreateAsync(Kcp, "changed", Timeout);
        var catalog = Kcp.Server.ControlPlane.Catalog;
        var before = catalog.ForCluster(scenario.Consumer).Find("example.io", "v1alpha1", "widgets")!;

        var crdWorkspace = await Kcp.Bootstrap.CreateWorkspaceAsync("root:crds-changed", Timeout);
        Kcp.Bootstrap.Apply(crdWorkspace, TestObjects.Crd());
        var crd = catalog.ForCluster(crdWorkspace).Find("crd.example.io", "v1", "gadgets");
        crd.ShouldNotBeNull();
        catalog.ForCluster(crdWorkspace).Find("crd.example.io", "v1", "gadgets").ShouldBeSameAs(crd);

        var updated = TestObjects.Crd();
        updated["spec"]!["names"]!["shortNames"] = new System.Text.Json.Nodes.JsonArray("gd");
        Kcp.Bootstrap.Apply(crdWorkspace, updated);
        var changed = catalog.ForCluster(crdWorkspace).Find("crd.example.io", "v1", "gadgets");
        changed.ShouldNotBeSameAs(crd);
        changed!.ShortNames.ShouldBe(["gd"]);
        catalog.ForCluster(scenario.Consumer).Find("example.io", "v1alpha1", "widgets").ShouldBeSameAs(before);
    }
}
