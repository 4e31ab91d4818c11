using System.Text;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;

namespace Broker.Kcp.Tests.Watch;

public sealed class WatchStreamTests
{
    [Test]
    public async Task ReadAsync_EventsBookmarksAndBlankLines_YieldsEachEventInOrder()
    {
        var body = """
            {"type":"ADDED","object":{"kind":"Certificate","metadata":{"name":"web","namespace":"default","resourceVersion":"5","annotations":{"kcp.io/cluster":"2ajfg8g3b6xbqxyz"}}}}

            {"type":"MODIFIED","object":{"metadata":{"name":"web","namespace":"default","resourceVersion":"6","annotations":{"kcp.io/cluster":"2ajfg8g3b6xbqxyz"}}}}
            {"type":"BOOKMARK","object":{"kind":"Certificate","metadata":{"resourceVersion":"9"}}}
            {"type":"DELETED","object":{"metadata":{"name":"web","namespace":"default","resourceVersion":"10","annotations":{"kcp.io/cluster":"2ajfg8g3b6xbqxyz"}}}}
            """;

        var events = await Read(body);

        events.Select(e => e.Type).ShouldBe([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted]);
        KubeObject.Key(events[0].Object).ShouldBe("2ajfg8g3b6xbqxyz|default/web");
        events.Select(e => KubeObject.ResourceVersion(e.Object)).ShouldBe(["5", "6", "9", "10"]);
        events[0].Object.Parent.ShouldBeNull();
        events[0].Header.ShouldBe(new ObjectHeader("Certificate", "2ajfg8g3b6xbqxyz", "default", "web", "5", HasManagedFields: false));
        events[0].Object.ShouldBeSameAs(events[0].Object); // parsed once, then shared
    }

    [Test]
    public async Task ReadAsync_WithANameTable_EventsOfOneObjectShareItsNameInstances()
    {
        var body = """
            {"type":"ADDED","object":{"kind":"Certificate","metadata":{"name":"web","namespace":"default","resourceVersion":"5","annotations":{"kcp.io/cluster":"2ajfg8g3b6xbqxyz"}}}}
            {"type":"MODIFIED","object":{"kind":"Certificate","metadata":{"name":"web","namespace":"default","resourceVersion":"6","annotations":{"kcp.io/cluster":"2ajfg8g3b6xbqxyz"}}}}
            """;
        var names = new NameTable();
        var events = new List<WatchEvent>();
        await foreach (var e in WatchStream.ReadAsync(Stream(body), names, CancellationToken.None))
        {
            events.Add(e);
        }

        events.Count.ShouldBe(2);
        events[1].Header.Name.ShouldBeSameAs(events[0].Header.Name);
        events[1].Header.Cluster.ShouldBeSameAs(events[0].Header.Cluster);
        events[1].Header.Kind.ShouldBeSameAs(events[0].Header.Kind);
        names.Intern(new string("web".AsSpan())).ShouldBeSameAs(events[0].Header.Name);
        (await Read(body))[1].Header.Name.ShouldNotBeSameAs((await Read(body))[0].Header.Name); // without one: strings of their own
    }

    [Test]
    public async Task ReadAsync_ErrorEventWith410_ThrowsGoneAfterEarlierEvents()
    {
        var body = """
            {"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}
            """;
        var seen = new List<WatchEvent>();

        var error = await Should.ThrowAsync<GoneException>(async () =>
        {
            await foreach (var e in WatchStream.ReadAsync(Stream(body), CancellationToken.None))
            {
                seen.Add(e);
            }
        });

        seen.Count.ShouldBe(1);
        error.Reason.ShouldBe("Expired");
    }

    [Test]
    public async Task ReadAsync_LinesLongerThanTheBufferArrivingInPieces_EachEventKeepsItsObjectBytes()
    {
        var big = new string('x', 40_000);
        var objects = new[]
        {
            """{"metadata":{"name":"a","resourceVersion":"5","annotations":{"note":""" + $"\"{big}\"" + "}}}",
            """{"metadata":{"name":"b","resourceVersion":"6","annotations":{"note":"ünïcode ✓"}}}""",
        };
        var body = string.Concat(objects.Select(o => """{"type":"ADDED","object":""" + o + "}\r\n"));

        var events = new List<WatchEvent>();
        await foreach (var e in WatchStream.ReadAsync(new TricklingStream(Encoding.UTF8.GetBytes(body), 997), CancellationToken.None))
        {
            events.Add(e);
        }

        events.Select(e => Encoding.UTF8.GetString(e.Utf8.Span)).ShouldBe(objects);
        events[0].Object["metadata"]!["annotations"]!["note"]!.GetValue<string>().Length.ShouldBe(40_000);
        events[1].Object["metadata"]!["annotations"]!["note"]!.GetValue<string>().ShouldBe("ünïcode ✓");
    }

    [TestCase("not json", "Malformed watch event")]
    [TestCase("[1,2]", "not a JSON object")]
    [TestCase("""{"object":{}}""", "no type")]
    [TestCase("""{"type":"ADDED"}""", "no object")]
    [TestCase("""{"type":"WEIRD","object":{}}""", "unknown type 'WEIRD'")]
    [TestCase("""{"type":"ADDED","object":{"metadata":{"name":5}}}""", "Malformed watch event (metadata.name is a Number, not a string)")]
    public void ParseLine_MalformedLine_ThrowsInvalidData(string line, string expected)
    {
        Should.Throw<InvalidDataException>(() => WatchStream.ParseLine(line)).Message.ShouldContain(expected);
    }

    private static MemoryStream Stream(string body) => new(Encoding.UTF8.GetBytes(body));

    private static async Task<List<WatchEvent>> Read(string body)
    {
        var events = new List<WatchEvent>();
        await foreach (var e in WatchStream.ReadAsync(Stream(body), CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    // Returns at most a few bytes per read, as a slow network does.
    private sealed class TricklingStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
