using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Api;

/// <summary>kubectl get events prints what the Event says, not just NAME and AGE: LocalKcp serves Kubernetes' event columns.</summary>
public sealed class EventTableTests : LocalKcpTestBase
{
    [Test]
    public async Task ListEvents_AcceptTable_PrintsKubernetesEventColumns()
    {
        var now = DateTimeOffset.UtcNow; // ages are coarse here (20m, 3h), so seconds of test latency cannot change them
        await CreateAsync(Root, "api/v1/namespaces/default/events", Event("w1.1", now.AddHours(-3), now.AddMinutes(-20), count: 3));
        await CreateAsync(Root, "api/v1/namespaces/default/events", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "bare" },
            ["involvedObject"] = new JsonObject { ["kind"] = "Namespace" },
            ["eventTime"] = now.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces/default/events");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await Root.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        table["columnDefinitions"]!.AsArray().Select(c => $"{Str(c, "name")}:{c!["priority"]}").ShouldBe(
            ["Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1", "Message:0", "First Seen:1", "Count:1", "Name:1"]);
        var rows = table["rows"]!.AsArray().ToDictionary(r => r!["cells"]![9]!.GetValue<string>(), r => r!["cells"]!.AsArray().Select(c => c!.ToString()).ToList());
        rows["w1.1"].ShouldBe(["20m", "Warning", "Failed", "widget/w1", "", "resource-broker, pod-1", "no provider", "3h", "3", "w1.1"]);
        rows["bare"].ShouldBe(["10m", "", "", "namespace", "", "<unknown>", "", "10m", "1", "bare"]);
    }

    private static JsonObject Event(string name, DateTimeOffset first, DateTimeOffset last, int count) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["involvedObject"] = new JsonObject { ["apiVersion"] = "example.io/v1alpha1", ["kind"] = "Widget", ["namespace"] = "default", ["name"] = "w1" },
        ["type"] = "Warning",
        ["reason"] = "Failed",
        ["message"] = " no provider\n",
        ["source"] = new JsonObject { ["component"] = "resource-broker" },
        ["reportingInstance"] = "pod-1",
        ["firstTimestamp"] = first.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["lastTimestamp"] = last.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["count"] = count,
    };
}
