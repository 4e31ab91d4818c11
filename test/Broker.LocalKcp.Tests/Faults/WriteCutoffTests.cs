using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Faults;

/// <summary>The write cutoff the kill-anywhere harness uses: one client's writes stop right after its N-th.</summary>
[NonParallelizable]
public sealed class WriteCutoffTests : LocalKcpTestBase
{
    [TearDown]
    public void Clear() => Kcp.Server.Faults.Clear();

    [Test]
    public async Task CutWritesAfter_TwoWrites_ThirdHeldUntilClearedThen503_OtherClientsAndReadsUnaffected()
    {
        using var admin = Kcp.CreateHttpClient();
        var (code, status) = await SendAsync(admin, HttpMethod.Post, "localkcp/v1/faults", JsonNode.Parse("""{"cutWritesAfter": 2, "userAgent": "cut-client"}"""));
        code.ShouldBe(HttpStatusCode.OK);
        status["cutWritesAfter"]!.GetValue<int>().ShouldBe(2);
        using var cut = Kcp.CreateHttpClient("clusters/root");
        cut.DefaultRequestHeaders.UserAgent.ParseAdd("cut-client/1.0");

        await CreateAsync(cut, "api/v1/namespaces/default/configmaps", ConfigMap("cut-1"));
        await CreateAsync(cut, "api/v1/namespaces/default/configmaps", ConfigMap("cut-2"));
        await Kcp.Server.Faults.Cutoff!.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        var held = SendAsync(cut, HttpMethod.Post, "api/v1/namespaces/default/configmaps", ConfigMap("cut-3"));

        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("other-client"));
        await GetAsync(cut, "api/v1/namespaces/default/configmaps/cut-2");
        var state = await GetAsync(admin, "localkcp/v1/faults");
        (state["writesAnswered"]!.GetValue<int>(), state["cutoffReached"]!.GetValue<bool>()).ShouldBe((2, true));
        state["writes"]!.AsArray().Select(w => (string?)w).ShouldBe(["POST /clusters/root/api/v1/namespaces/default/configmaps 201", "POST /clusters/root/api/v1/namespaces/default/configmaps 201"]);
        held.IsCompleted.ShouldBeFalse();

        (await SendAsync(admin, HttpMethod.Delete, "localkcp/v1/faults")).Code.ShouldBe(HttpStatusCode.OK);
        (await held.WaitAsync(TimeSpan.FromSeconds(10))).Code.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/configmaps/cut-3")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task CutWritesAfter_Invalid_Returns400()
    {
        using var admin = Kcp.CreateHttpClient();
        (await SendAsync(admin, HttpMethod.Post, "localkcp/v1/faults", JsonNode.Parse("""{"cutWritesAfter": 0, "userAgent": "x"}"""))).Code.ShouldBe(HttpStatusCode.BadRequest);
        (await SendAsync(admin, HttpMethod.Post, "localkcp/v1/faults", JsonNode.Parse("""{"cutWritesAfter": 3}"""))).Code.ShouldBe(HttpStatusCode.BadRequest);
        Kcp.Server.Faults.Cutoff.ShouldBeNull();
    }
}
