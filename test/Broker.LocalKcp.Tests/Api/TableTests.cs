using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Api;

public sealed class TableTests : LocalKcpTestBase
{
    [Test]
    public async Task List_AcceptTable_ReturnsRowsWithColumnsAndAges()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await Root.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Str(table, "kind").ShouldBe("Table");
        table["columnDefinitions"]!.AsArray().Select(c => Str(c, "name")).ShouldBe(["Name", "Status", "Age"]);
        var row = table["rows"]!.AsArray().First(r => r!["cells"]![0]!.GetValue<string>() == "default")!;
        row["cells"]![1]!.GetValue<string>().ShouldBe("Active");
        row["cells"]![2]!.GetValue<string>().ShouldEndWith("s");
        Str(row, "object", "kind").ShouldBe("PartialObjectMetadata");
    }

    [Test]
    public async Task List_SecretsAndConfigMapsAsTable_TypeAndDataCountAsKubectlPrintsThem()
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "tables" } });
        await CreateAsync(Root, "api/v1/namespaces/tables/secrets", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "tls" },
            ["type"] = "kubernetes.io/tls",
            ["data"] = new JsonObject { ["tls.crt"] = "Yw==", ["tls.key"] = "aw==", ["ca.crt"] = "Yw==" },
        });
        await CreateAsync(Root, "api/v1/namespaces/tables/secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "empty" } });
        await CreateAsync(Root, "api/v1/namespaces/tables/configmaps", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "cm" },
            ["data"] = new JsonObject { ["a"] = "1" },
            ["binaryData"] = new JsonObject { ["b"] = "Yg==" },
        });

        var secrets = await TableAsync("api/v1/namespaces/tables/secrets");
        secrets["columnDefinitions"]!.AsArray().Select(c => Str(c, "name")).ShouldBe(["Name", "Type", "Data", "Age"]);
        Cells(secrets, "tls")[..3].ShouldBe(["tls", "kubernetes.io/tls", "3"]);
        Cells(secrets, "empty")[..3].ShouldBe(["empty", "Opaque", "0"]);

        var configMaps = await TableAsync("api/v1/namespaces/tables/configmaps");
        configMaps["columnDefinitions"]!.AsArray().Select(c => Str(c, "name")).ShouldBe(["Name", "Data", "Age"]);
        Cells(configMaps, "cm")[..2].ShouldBe(["cm", "2"]);
    }

    private async Task<JsonNode> TableAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await Root.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static string[] Cells(JsonNode table, string name) =>
        [.. table["rows"]!.AsArray().Single(r => r!["cells"]![0]!.GetValue<string>() == name)!["cells"]!.AsArray().Select(c => c!.ToJsonString().Trim('"'))];

    [TestCase(5, "5s")]
    [TestCase(150, "2m30s")]
    [TestCase(3600 * 5, "5h")]
    [TestCase(86400 * 3 + 3600, "3d1h")]
    public void HumanDuration_Format_MatchesKubernetes(int seconds, string expected) =>
        Broker.LocalKcp.Api.HumanDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
}
