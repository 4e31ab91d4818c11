using System.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Broker.Runtime.Cache;

/// <summary>
/// Compresses the JSON of one cache's objects with a zstd dictionary made of the first objects it caches. The objects
/// of a cache are near-identical JSON (the same keys, labels, annotations and similar names), which a dictionary of a
/// few of them lets zstd reference instead of repeating: each object is stored several-fold smaller. The dictionary is
/// frozen once taken (a <see cref="JsonDictionary"/>), so every object stays decodable; the objects sampled for it and
/// objects too small to gain are kept as they are. Used by the store's writer only (under its lock): one encoder.
/// </summary>
public sealed class CacheCompression : IDisposable
{
    /// <summary>JSON sampled for the dictionary: about 16 objects of 1 KiB.</summary>
    public const int DefaultDictionarySize = 16 * 1024;

    /// <summary>Below this, a frame's header and the lookup cost more than the object would gain.</summary>
    public const int MinimumSize = 96;

    /// <summary>zstd level 1: frames as small as level 3's on the broker's caches, and an encoder of about 150 KiB of
    /// native memory where level 3's took 520 KiB (one per cache). About 4 us per 931-byte Certificate at levels 1 and 3
    /// (the cache benchmark); -3 halves that but cost 0.5 KiB more per object in the scale run.</summary>
    public const int DefaultLevel = 1;

    // zstd's ZSTD_c_literalCompressionMode (experimental parameter 5 in zstd 1.5, which ZstdSharp ports) set to
    // ZSTD_ps_disable: literals stored raw instead of Huffman-coded. A frame of a few hundred bytes then needs no Huffman
    // table built to write it nor read to decode it: measured on a 560-byte Certificate with a 16 KiB dictionary, 3.2 ->
    // 1.4 us to compress and 1.3 -> 0.16 us to decode (reads are the frequent side), for frames about a sixth larger.
    private const ZSTD_cParameter LiteralCompressionMode = ZSTD_cParameter.ZSTD_c_experimentalParam5;
    private const int Disabled = 2;

    private readonly int _dictionarySize;
    private readonly int _level;
    private byte[]? _samples;
    private int _sampled;
    private JsonDictionary? _dictionary;
    private Compressor? _encoder;

    /// <param name="dictionarySize">Bytes of JSON to take the dictionary from; 0 keeps every object as it is.</param>
    /// <param name="level">zstd's compression level (negative levels are faster and compress less).</param>
    public CacheCompression(int dictionarySize = DefaultDictionarySize, int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dictionarySize);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, Compressor.MinCompressionLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, Compressor.MaxCompressionLevel);
        _dictionarySize = dictionarySize;
        _level = level;
    }

    /// <summary>No compression: every object kept as it is.</summary>
    public static CacheCompression None => new(0);

    /// <summary>Whether the dictionary is taken, so objects from now on are compressed.</summary>
    public bool HasDictionary => _dictionary is not null;

    /// <summary>The object's JSON as its cache keeps it: a frame and the dictionary to read it with, or (null) the JSON
    /// itself, while the dictionary is still being sampled or when compressing would not pay.</summary>
    internal (byte[] Frame, JsonDictionary Dictionary)? Compress(ReadOnlySpan<byte> json)
    {
        if (_dictionary is null)
        {
            Sample(json);
            return null;
        }

        if (json.Length < MinimumSize)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(json.Length));
        try
        {
            var length = _encoder!.Wrap(json, buffer);
            return length < json.Length ? (buffer.AsSpan(0, length).ToArray(), _dictionary) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        _encoder?.Dispose();
        _dictionary?.Dispose();
    }

    // The first objects whole, up to the dictionary's size (the last one cut there); then the dictionary is frozen.
    private void Sample(ReadOnlySpan<byte> json)
    {
        if (_dictionarySize == 0)
        {
            return;
        }

        _samples ??= new byte[_dictionarySize];
        var taken = Math.Min(json.Length, _dictionarySize - _sampled);
        json[..taken].CopyTo(_samples.AsSpan(_sampled));
        _sampled += taken;
        if (_sampled < _dictionarySize)
        {
            return;
        }

        _dictionary = new JsonDictionary(_samples);
        _encoder = new Compressor(_level);
        _encoder.SetParameter(LiteralCompressionMode, Disabled);
        _encoder.LoadDictionary(_samples);
        _samples = null;
    }
}
