using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using static Broker.Runtime.Tests.Cache.Objects;

namespace Broker.Runtime.Tests.Cache;

public sealed class CacheCompressionTests
{
    private const int DictionarySize = 1024;

    [Test]
    public void Objects_AfterTheDictionary_AreCompressedAndReadBackExactly()
    {
        using var store = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize) };
        var sent = Enumerable.Range(0, 40).Select(i => Labelled(Widget($"c{i}", $"widget-{i}", $"{100 + i}", app: "shop"))).ToList();
        foreach (var widget in sent)
        {
            store.Apply(ShardA, Added(widget));
        }

        store.Compression.HasDictionary.ShouldBeTrue();
        var compressed = 0;
        foreach (var widget in sent)
        {
            var cached = Get(store, widget);
            var json = Json(widget);
            cached.Utf8Json.ToArray().ShouldBe(json);
            cached.ToJsonObject().ToJsonString().ShouldBe(widget.ToJsonString());
            cached.Deserialize<JsonObject>().ToJsonString().ShouldBe(widget.ToJsonString());
            cached.ResourceVersion.ShouldBe(KubeObject.ResourceVersion(widget));
            using (var document = cached.ReadDocument())
            {
                document.Root.GetRawText().ShouldBe(Encoding.UTF8.GetString(json));
            }

            if (cached.IsCompressed)
            {
                compressed++;
                cached.Size.ShouldBeLessThan(json.Length / 2, "near-identical objects compress several-fold");
            }
        }

        compressed.ShouldBeGreaterThan(30, "every object after the dictionary's few");
        store.Snapshot.Bytes.ShouldBe(store.Snapshot.All.Sum(o => (long)o.Size));
    }

    [Test]
    public void Dictionary_WithTablesFromTheObjectsAfterItsContent_MakesSmallerFrames_ThanContentAlone()
    {
        using var withTables = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize) };
        using var contentAlone = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize, statisticsSize: 0) };
        var sent = Enumerable.Range(0, 80).Select(i => Labelled(Widget($"c{i}", $"widget-{i}", $"{100 + i}", app: "shop"))).ToList();
        foreach (var widget in sent)
        {
            withTables.Apply(ShardA, Added(widget));
            contentAlone.Apply(ShardA, Added(widget));
        }

        withTables.Compression.HasTables.ShouldBeTrue();
        contentAlone.Compression.HasDictionary.ShouldBeTrue();
        contentAlone.Compression.HasTables.ShouldBeFalse();
        var last = sent.TakeLast(40).ToList(); // compressed in both
        last.ShouldAllBe(w => Get(withTables, w).IsCompressed && Get(contentAlone, w).IsCompressed);
        last.ShouldAllBe(w => Get(withTables, w).Utf8Json.ToArray().SequenceEqual(Json(w)));
        last.Sum(w => Get(withTables, w).Size).ShouldBeLessThan(last.Sum(w => Get(contentAlone, w).Size));
    }

    [Test]
    public void Dictionary_TakenFromOtherObjects_StillReadsEveryObjectExactly()
    {
        using var store = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize) };
        for (var i = 0; store.Compression.HasDictionary is false; i++)
        {
            store.Apply(ShardA, Added(Binding($"b{i}", "binding", ready: i % 2 == 0)));
        }

        var unlike = Labelled(Widget("c1", "w", "7", app: "x"));
        unlike["spec"] = new JsonObject { ["text"] = string.Concat(Enumerable.Range(0, 50).Select(i => $"ünïcode-{i * 7919 % 1000}/")) };
        store.Apply(ShardA, Added(unlike));

        var cached = Get(store, unlike);
        cached.IsCompressed.ShouldBeTrue();
        cached.Utf8Json.ToArray().ShouldBe(Json(unlike));
    }

    [Test]
    public void Samples_OnceTheDictionaryIsTaken_AreCompressedToo_WithoutAChange()
    {
        using var store = new ObjectStore(Widgets, CacheIndex.ByLabel("app")) { Compression = new CacheCompression(DictionarySize) };
        var changes = new List<CacheChange>();
        using var subscription = store.Changes.Subscribe(changes.Add);
        var sent = new List<JsonObject>();
        for (var i = 0; !store.Compression.HasDictionary; i++)
        {
            sent.Add(Labelled(Widget($"c{i % 3}", $"widget-{i}", $"{100 + i}", app: "shop")));
            store.Apply(ShardA, Added(sent[^1]));
        }

        sent.Count.ShouldBeGreaterThan(3, "several objects sampled");
        changes.Count.ShouldBe(sent.Count, "one change per write, none for the objects compressed since");
        foreach (var widget in sent)
        {
            var cached = Get(store, widget);
            cached.IsCompressed.ShouldBeTrue();
            cached.Utf8Json.ToArray().ShouldBe(Json(widget));
        }

        ReferenceEquals(changes[^1].New, Get(store, sent[^1])).ShouldBeTrue("the last change names the object as cached");
        store.Snapshot.ByIndex(CacheIndex.LabelIndexName("app"), "shop").Count().ShouldBe(sent.Count);
        store.Snapshot.ByIndex(CacheIndex.LabelIndexName("app"), "shop").All(o => o.IsCompressed).ShouldBeTrue("the index holds the compressed objects");
        store.Snapshot.Bytes.ShouldBe(store.Snapshot.All.Sum(o => (long)o.Size));
    }

    [Test]
    public void Objects_BelowTheThresholdOrWithoutDictionary_AreKeptAsTheyAre()
    {
        using var store = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize) };
        var first = Labelled(Widget("c0", "first", "1"));
        store.Apply(ShardA, Added(first));
        Get(store, first).IsCompressed.ShouldBeFalse("sampled for the dictionary");
        for (var i = 1; store.Compression.HasDictionary is false; i++)
        {
            store.Apply(ShardA, Added(Labelled(Widget($"c{i}", "w", "1"))));
        }

        var tiny = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "t", ["annotations"] = new JsonObject { [KcpAnnotations.Cluster] = "c" } } };
        Json(tiny).Length.ShouldBeLessThan(CacheCompression.MinimumSize);
        store.Apply(ShardA, Added(tiny));

        var cachedTiny = Get(store, tiny);
        cachedTiny.IsCompressed.ShouldBeFalse();
        cachedTiny.Utf8Json.ToArray().ShouldBe(Json(tiny));
        Get(store, first).Utf8Json.ToArray().ShouldBe(Json(first));
    }

    [Test]
    public void LargeObject_LargerThanTheDictionary_RoundTrips()
    {
        using var store = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize) };
        for (var i = 0; store.Compression.HasDictionary is false; i++)
        {
            store.Apply(ShardA, Added(Labelled(Widget($"c{i}", "w", "1"))));
        }

        var random = new Random(19);
        var large = Widget("big", "large", "5");
        large["spec"] = new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, 4000).Select(_ => JsonValue.Create(random.Next()))]) };
        store.Apply(ShardA, Added(large));

        var cached = Get(store, large);
        cached.IsCompressed.ShouldBeTrue();
        cached.Utf8Json.ToArray().ShouldBe(Json(large));
        cached.ResourceVersion.ShouldBe("5");
    }

    [Test]
    public void NoCompression_KeepsEveryObjectAsItIs()
    {
        using var store = new ObjectStore(Widgets) { Compression = CacheCompression.None };
        foreach (var i in Enumerable.Range(0, 50))
        {
            store.Apply(ShardA, Added(Labelled(Widget($"c{i}", "w", "1"))));
        }

        store.Compression.HasDictionary.ShouldBeFalse();
        store.Snapshot.All.ShouldAllBe(o => !o.IsCompressed);
    }

    [Test]
    public void DictionarySize_Negative_IsRefused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new CacheCompression(-1)).ParamName.ShouldBe("dictionarySize");

    [Test]
    public void StatisticsSize_Negative_IsRefused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new CacheCompression(statisticsSize: -1)).ParamName.ShouldBe("statisticsSize");

    [Test]
    public async Task Reads_FromManyThreads_AllDecodeExactly()
    {
        using var store = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize) };
        var sent = Enumerable.Range(0, 200).Select(i => Labelled(Widget($"c{i}", $"w{i}", $"{i + 1}", app: "a"))).ToList();
        foreach (var widget in sent)
        {
            store.Apply(ShardA, Added(widget));
        }

        var expected = sent.ToDictionary(w => ObjectKey.From(w), w => w.ToJsonString());
        var raw = sent.ToDictionary(w => ObjectKey.From(w), w => Encoding.UTF8.GetString(Json(w)));
        var snapshot = store.Snapshot;
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 20).Sum(_ => snapshot.All.Count(o => o.ToJsonObject().ToJsonString() != expected[o.Key] || !ReadsAsDocument(o, raw[o.Key])))));

        (await Task.WhenAll(readers)).Sum().ShouldBe(0);
        snapshot.All.Count(o => o.IsCompressed).ShouldBeGreaterThan(150);
    }

    [Test]
    public void ReadsAfterDispose_StillDecode()
    {
        var store = new ObjectStore(Widgets) { Compression = new CacheCompression(DictionarySize) };
        var sent = Enumerable.Range(0, 30).Select(i => Labelled(Widget($"c{i}", "w", "1"))).ToList();
        foreach (var widget in sent)
        {
            store.Apply(ShardA, Added(widget));
        }

        var snapshot = store.Snapshot;
        store.Dispose();

        snapshot.All.Count(o => o.IsCompressed).ShouldBeGreaterThan(0);
        foreach (var widget in sent)
        {
            snapshot.TryGet(ObjectKey.From(widget), out var cached).ShouldBeTrue();
            cached.Utf8Json.ToArray().ShouldBe(Json(widget));
        }
    }

    // Near-identical objects like a real cache's: the same labels and annotations on each.
    private static JsonObject Labelled(JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        metadata["labels"] ??= new JsonObject();
        metadata["labels"]!["broker.platform-mesh.io/owner"] = $"owner-{KubeObject.Name(obj)}";
        metadata["annotations"]!["broker.platform-mesh.io/source"] = "root:consumers:" + KubeObject.Name(obj);
        return obj;
    }

    private static CachedObject Get(ObjectStore store, JsonObject obj) =>
        store.TryGet(ObjectKey.From(obj), out var cached) ? cached! : throw new InvalidOperationException($"{ObjectKey.From(obj)} is not cached");

    private static byte[] Json(JsonObject obj) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(obj, KubeJson.Options));

    // A document over a pooled buffer: a buffer returned early or handed out twice would show another object's bytes here.
    private static bool ReadsAsDocument(CachedObject cached, string expected)
    {
        using var document = cached.ReadDocument();
        return document.Root.GetRawText() == expected;
    }
}
