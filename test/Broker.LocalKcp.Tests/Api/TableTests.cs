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

    [TestCase(5, "5s")]
    [TestCase(150, "2m30s")]
    [TestCase(3600 * 5, "5h")]
    [TestCase(86400 * 3 + 3600, "3d1h")]
    public void HumanDuration_Format_MatchesKubernetes(int seconds, string expected) =>
        Broker.LocalKcp.Api.HumanDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
}
