using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Http;

public sealed class PooledJsonContentTests
{
    private static readonly JsonTypeInfo<JsonNode> Node = (JsonTypeInfo<JsonNode>)KubeJson.Options.GetTypeInfo(typeof(JsonNode));

    [Test]
    public async Task Sent_TwiceAsARetryWould_SameBytesAndLength()
    {
        var body = new JsonObject { ["kind"] = "Widget", ["data"] = new JsonObject { ["k"] = new string('x', 3000) } };
        using var content = PooledJsonContent.Create<JsonNode>(body, Node, "application/merge-patch+json");

        var first = await content.ReadAsStringAsync();
        using var again = new MemoryStream();
        await content.CopyToAsync(again);

        first.ShouldBe(JsonSerializer.Serialize<JsonNode>(body, KubeJson.Options));
        again.ToArray().ShouldBe(System.Text.Encoding.UTF8.GetBytes(first));
        content.Headers.ContentLength.ShouldBe(again.Length);
        content.Headers.ContentType!.ToString().ShouldBe("application/merge-patch+json; charset=utf-8");
    }

    [Test]
    public async Task Disposed_NotSentAnyMore()
    {
        var content = PooledJsonContent.Create<JsonNode>(new JsonObject { ["a"] = 1 }, Node, "application/json");
        content.Dispose();
        content.Dispose(); // twice is harmless

        await Should.ThrowAsync<ObjectDisposedException>(() => content.CopyToAsync(new MemoryStream()));
    }

    // A send still running when the request is disposed keeps the buffer until it ends (then returns it): what it sends is whole.
    [Test]
    public async Task DisposedWhileSending_SendEndsWithTheWholeBody()
    {
        var body = new JsonObject { ["data"] = new string('y', 10_000) };
        var content = PooledJsonContent.Create<JsonNode>(body, Node, "application/json");
        var stream = new GatedStream();

        var sending = content.CopyToAsync(stream);
        await stream.Entered.Task;
        content.Dispose();
        stream.Release.SetResult();
        await sending;

        System.Text.Encoding.UTF8.GetString(stream.ToArray()).ShouldBe(body.ToJsonString());
    }

    [Test]
    public void Unserializable_ThrowsAndKeepsNothing()
    {
        var cyclic = new Cyclic();
        cyclic.Self = cyclic;
        var type = (JsonTypeInfo<Cyclic>)KubeJson.Options.GetTypeInfo(typeof(Cyclic));

        Should.Throw<JsonException>(() => PooledJsonContent.Create(cyclic, type, "application/json"));
    }

    public sealed class Cyclic
    {
        public Cyclic? Self { get; set; }
    }

    // Holds the first write until released, copying what it was given only then (as a slow socket would).
    private sealed class GatedStream : MemoryStream
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task;
            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
