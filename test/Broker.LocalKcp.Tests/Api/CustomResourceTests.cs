using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Api;

public sealed class CustomResourceTests : LocalKcpTestBase
{
    private const string Gadgets = "apis/crd.example.io/v1/namespaces/default/gadgets";

    [OneTimeSetUp]
    public async Task CreateCrdAsync()
    {
        var crd = await CreateAsync(Root, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", TestObjects.Crd());
        crd["status"]!["conditions"]!.AsArray().Select(c => Str(c, "type")).ShouldContain("Established");
    }

    private static JsonObject Gadget(string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "crd.example.io/v1",
        ["kind"] = "Gadget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec,
    };

    [Test]
    public async Task Discovery_AfterCrd_ListsResourceWithStatus()
    {
        var list = await GetAsync(Root, "apis/crd.example.io/v1");
        list["resources"]!.AsArray().Select(r => Str(r, "name")).ShouldBe(["gadgets", "gadgets/status"]);
        (await GetAsync(Root, "apis"))["groups"]!.AsArray().Select(g => Str(g, "name")).ShouldContain("crd.example.io");
    }

    [Test]
    public async Task Create_Invalid_Returns422WithFieldPaths()
    {
        var (code, body) = await SendAsync(Root, HttpMethod.Post, Gadgets, Gadget("bad", new JsonObject { ["size"] = 11, ["color"] = "green", ["name"] = "X" }));
        code.ShouldBe((HttpStatusCode)422);
        Str(body, "reason").ShouldBe("Invalid");
        var causes = body["details"]!["causes"]!.AsArray().Select(c => (Str(c, "field"), Str(c, "reason"))).ToList();
        causes.ShouldContain(("spec.size", "FieldValueInvalid"));
        causes.ShouldContain(("spec.color", "FieldValueNotSupported"));
        causes.ShouldContain(c => c.Item1 == "spec.name");
    }

    [Test]
    public async Task Create_MissingRequired_Returns422Required()
    {
        var (code, body) = await SendAsync(Root, HttpMethod.Post, Gadgets, Gadget("req", []));
        code.ShouldBe((HttpStatusCode)422);
        body["details"]!["causes"]!.AsArray().Select(c => (Str(c, "field"), Str(c, "reason"))).ShouldContain(("spec.size", "FieldValueRequired"));
    }

    [Test]
    public async Task Create_Valid_AppliesDefaultsPrunesUnknownKeepsPreserved()
    {
        var spec = new JsonObject { ["size"] = 2, ["unknown"] = true, ["extra"] = new JsonObject { ["anything"] = 1 } };
        var created = await CreateAsync(Root, Gadgets, Gadget("good", spec));
        Str(created, "spec", "color").ShouldBe("red");
        created["spec"]!["unknown"].ShouldBeNull();
        created["spec"]!["extra"]!["anything"]!.GetValue<int>().ShouldBe(1);
    }

    [Test]
    public async Task Create_UnknownFieldWithStrictValidation_Returns400()
    {
        var (code, body) = await SendAsync(Root, HttpMethod.Post, Gadgets + "?fieldValidation=Strict", Gadget("strict", new JsonObject { ["size"] = 2, ["bogus"] = 1 }));
        code.ShouldBe(HttpStatusCode.BadRequest);
        Str(body, "message")!.ShouldContain("unknown field \"spec.bogus\"");
    }

    [Test]
    public async Task Update_SpecChange_BumpsGeneration_MetadataChangeDoesNot()
    {
        var created = await CreateAsync(Root, Gadgets, Gadget("gen", new JsonObject { ["size"] = 1 }));
        created["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        var (_, labelled) = await SendAsync(Root, HttpMethod.Put, $"{Gadgets}/gen", created);
        labelled["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        labelled["spec"]!["size"] = 5;
        var (_, changed) = await SendAsync(Root, HttpMethod.Put, $"{Gadgets}/gen", labelled);
        changed["metadata"]!["generation"]!.GetValue<long>().ShouldBe(2);
    }

    [Test]
    public async Task StatusSubresource_MainIgnoresStatus_StatusIgnoresSpec()
    {
        var created = await CreateAsync(Root, Gadgets, Gadget("st", new JsonObject { ["size"] = 1 }));
        created["status"] = new JsonObject { ["ready"] = true };
        var (_, viaMain) = await SendAsync(Root, HttpMethod.Put, $"{Gadgets}/st", created);
        viaMain["status"].ShouldBeNull();

        viaMain["status"] = new JsonObject { ["ready"] = true };
        viaMain["spec"]!["size"] = 9;
        var (code, viaStatus) = await SendAsync(Root, HttpMethod.Put, $"{Gadgets}/st/status", viaMain);
        code.ShouldBe(HttpStatusCode.OK);
        viaStatus["status"]!["ready"]!.GetValue<bool>().ShouldBeTrue();
        viaStatus["spec"]!["size"]!.GetValue<int>().ShouldBe(1);
        viaStatus["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);

        var patch = new JsonObject { ["status"] = new JsonObject { ["phase"] = "Done" } };
        var (_, patched) = await SendAsync(Root, HttpMethod.Patch, $"{Gadgets}/st/status", patch, "application/merge-patch+json");
        Str(patched, "status", "phase").ShouldBe("Done");
    }

    [Test]
    public async Task Status_OnResourceWithoutStatusSubresource_Returns404()
    {
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("nostatus"));
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/configmaps/nostatus/status")).Code.ShouldBe(HttpStatusCode.NotFound);
    }
}
