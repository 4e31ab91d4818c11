using System.Text;
using BenchmarkDotNet.Attributes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Benchmarks.Cache;

/// <summary>
/// What a cache's compression costs per object (<see cref="CacheCompression"/>): caching a consumer Certificate of
/// about 1.1 KiB (its status mirrored in) into a store whose dictionary is taken, and reading it back as the
/// reconcilers do, against the same store keeping JSON as it is. Run with
/// <c>dotnet run -c Release --project test/Broker.Benchmarks -- --filter '*CacheCompression*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class CacheCompressionBenchmarks
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly Uri Endpoint = new("https://shard-1/services/apiexport/root:platform/certificates/clusters/*/");

    private ObjectStore _compressed = null!;
    private ObjectStore _raw = null!;
    private CachedObject _compressedObject = null!;
    private CachedObject _rawObject = null!;
    private WatchEvent _next = null!;

    [Params(true, false)]
    public bool Compressed { get; set; }

    [Params(-3, 1, 3)]
    public int Level { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compressed = new ObjectStore(Certificates) { Compression = new CacheCompression(level: Level) };
        _raw = new ObjectStore(Certificates) { Compression = CacheCompression.None };
        foreach (var i in Enumerable.Range(0, 64))
        {
            _compressed.Apply(Endpoint, Event(i));
            _raw.Apply(Endpoint, Event(i));
        }

        var key = new ObjectKey(Cluster(63), "default", Name(63));
        _compressedObject = _compressed.Snapshot.TryGet(key, out var c) && c.IsCompressed ? c : throw new InvalidOperationException("not compressed");
        _rawObject = _raw.Snapshot.TryGet(key, out var r) ? r : throw new InvalidOperationException("not cached");
        _next = Event(1000);
        Console.WriteLine($"// one Certificate: {_rawObject.Size} bytes of JSON, {_compressedObject.Size} compressed at level {Level}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _compressed.Dispose();
        _raw.Dispose();
    }

    private ObjectStore Store => Compressed ? _compressed : _raw;

    private CachedObject Object => Compressed ? _compressedObject : _rawObject;

    [Benchmark(Description = "cache one Certificate (an update)")]
    public void Apply() => Store.Apply(Endpoint, _next);

    [Benchmark(Description = "read it as a node tree")]
    public object ToJsonObject() => Object.ToJsonObject();

    [Benchmark(Description = "read its resourceVersion")]
    public string ResourceVersion() => Object.ResourceVersion;

    [Benchmark(Description = "read its JSON (an array of its own)")]
    public ReadOnlyMemory<byte> Utf8Json() => Object.Utf8Json;

    private static string Cluster(int i) => $"{i * 7919 % 100000:x5}ab{i * 104729 % 1000000:x6}q";

    private static string Name(int i) => $"cert-{i}";

    private static WatchEvent Event(int i) => WatchEvent.FromUtf8(WatchEventType.Added, Encoding.UTF8.GetBytes($$"""
        {"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","metadata":{"annotations":{"kcp.io/cluster":"{{Cluster(i)}}"},
        "creationTimestamp":"2026-12-06T20:{{i % 60:D2}}:1{{i % 10}}Z","generation":1,"labels":{"broker.platform-mesh.io/provider":"p{{i % 20:D3}}"},
        "name":"{{Name(i)}}","namespace":"default","resourceVersion":"{{10000 + (i * 37)}}","uid":"{{Guid.NewGuid()}}"},
        "spec":{"fqdn":"{{Name(i)}}.p{{i % 20:D3}}.internal.example.com","secretName":"{{Name(i)}}-tls","duration":"2160h"},
        "status":{"conditions":[{"lastTransitionTime":"2026-12-06T20:{{i % 60:D2}}:2{{i % 10}}Z","message":"placed on root:providers:p{{i % 20:D3}} by AcceptAPI default/p{{i % 20:D3}}","observedGeneration":1,"reason":"Placed","status":"True","type":"Placed"},
        {"lastTransitionTime":"2026-12-06T20:{{i % 60:D2}}:3{{i % 10}}Z","message":"the provider's Secret is copied","observedGeneration":1,"reason":"Ready","status":"True","type":"Ready"}],
        "notAfter":"2027-03-06T20:{{i % 60:D2}}:00Z","provider":"root:providers:p{{i % 20:D3}}","secretRef":{"name":"{{Name(i)}}-tls"} } }
        """.ReplaceLineEndings("")));
}
