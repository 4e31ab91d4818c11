using System.Text;
using Broker.Runtime.Cache;
using ZstdSharp;

namespace Broker.Runtime.Tests.Cache;

public sealed class JsonDictionaryTests
{
    [Test]
    public void Make_WithObjectsToCount_HasTables_AndEveryEncoderFrameDecodes()
    {
        var objects = Enumerable.Range(0, 40).Select(Json).ToList();
        var content = objects.Take(10).SelectMany(o => o).ToArray();
        var dictionary = JsonDictionary.Make(content, [.. objects.Skip(10).Take(5)], level: 1, out var loaded);
        using var encoder = new Compressor(1);
        encoder.LoadDictionary(loaded);

        dictionary.HasTables.ShouldBeTrue();
        loaded.Length.ShouldBeGreaterThan(content.Length, "zstd's dictionary format: tables, then the content");
        foreach (var json in objects.Skip(15))
        {
            var frame = encoder.Wrap(json).ToArray();
            JsonDictionary.Length(frame).ShouldBe(json.Length);
            dictionary.Decompress(frame).ShouldBe(json);
        }
    }

    [Test]
    public void Make_WithNothingToCount_IsTheContentAlone()
    {
        var content = Enumerable.Range(0, 10).SelectMany(Json).ToArray();
        var dictionary = JsonDictionary.Make(content, [], level: 1, out var loaded);

        dictionary.HasTables.ShouldBeFalse();
        loaded.ShouldBeSameAs(content);
    }

    [Test]
    public void Decompress_ADamagedFrame_SaysSo()
    {
        var content = Enumerable.Range(0, 10).SelectMany(Json).ToArray();
        var dictionary = JsonDictionary.Make(content, [Json(11)], level: 1, out var loaded);
        using var encoder = new Compressor(1);
        encoder.LoadDictionary(loaded);
        var frame = encoder.Wrap(Json(12)).ToArray();
        frame[^3] ^= 0xff;
        frame[^8] ^= 0xff;

        Should.Throw<InvalidDataException>(() => dictionary.Decompress(frame)).Message.ShouldStartWith("A cached object's frame");
        Should.Throw<InvalidDataException>(() => JsonDictionary.Length([1, 2, 3])).Message.ShouldContain("does not say its length");
    }

    [Test]
    public async Task Decompress_FromMoreThreadsThanIdleDecoders_AllDecodeExactly()
    {
        var objects = Enumerable.Range(0, 60).Select(Json).ToList();
        var dictionary = JsonDictionary.Make(objects.Take(10).SelectMany(o => o).ToArray(), [.. objects.Skip(10).Take(5)], level: 1, out var loaded);
        using var encoder = new Compressor(1);
        encoder.LoadDictionary(loaded);
        var frames = objects.Skip(15).Select(o => (Frame: encoder.Wrap(o).ToArray(), Json: o)).ToList();

        var readers = Enumerable.Range(0, 4 * Environment.ProcessorCount + 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Sum(_ => frames.Count(f => !dictionary.Decompress(f.Frame).AsSpan().SequenceEqual(f.Json)))));

        (await Task.WhenAll(readers)).Sum().ShouldBe(0);
    }

    private static byte[] Json(int i) => Encoding.UTF8.GetBytes(
        $$$"""{"apiVersion":"example.io/v1","kind":"Widget","metadata":{"name":"widget-{{{i}}}","namespace":"default","resourceVersion":"{{{1000 + i}}}","labels":{"app":"shop","tier":"{{{i % 3}}}"}},"spec":{"size":{{{i * 7 % 13}}},"colour":"{{{(i % 2 == 0 ? "red" : "blue")}}}"}}""");
}
