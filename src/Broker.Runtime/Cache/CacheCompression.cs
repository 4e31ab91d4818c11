using System.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Broker.Runtime.Cache;

/// <summary>
/// Compresses the JSON of one cache's objects with a zstd dictionary made of the first objects it caches. The objects
/// of a cache are near-identical JSON (the same keys, labels, annotations and similar names), which a dictionary of a
/// few of them lets zstd reference instead of repeating: each object is stored several-fold smaller. The dictionary's
/// content is the first objects' JSON; the objects after them give it entropy tables (zstd's
/// <c>ZDICT_finalizeDictionary</c>), so a frame's literals are Huffman-coded with the dictionary's table instead of one
/// built, written and read per frame. The dictionary is frozen once taken (a <see cref="JsonDictionary"/>), so every
/// object stays decodable; the objects sampled for it and objects too small to gain are kept as they are. Used by the
/// store's writer only (under its lock): one encoder.
/// </summary>
public sealed class CacheCompression : IDisposable
{
    /// <summary>JSON taken as the dictionary's content: about 12 objects of 1 KiB.</summary>
    public const int DefaultDictionarySize = 12 * 1024;

    /// <summary>Below this, a frame's header and the lookup cost more than the object would gain.</summary>
    public const int MinimumSize = 96;

    /// <summary>zstd level 1: frames as small as level 3's on the broker's caches, and an encoder of about 150 KiB of
    /// native memory where level 3's took 520 KiB (one per cache). About 4 us per 931-byte Certificate at levels 1 and 3
    /// (the cache benchmark); -3 halves that but cost 0.5 KiB more per object in the scale run.</summary>
    public const int DefaultLevel = 1;

    // zstd's ZSTD_c_literalCompressionMode (experimental parameter 5 in zstd 1.5, which ZstdSharp ports) set to
    // ZSTD_ps_disable: literals stored raw. Used only with a dictionary of content alone (when its tables could not be
    // made): a frame of a few hundred bytes would otherwise build, write and read a Huffman table of its own, which cost
    // 3.2 instead of 1.4 us to compress and 1.3 instead of 0.16 us to decode a 560-byte Certificate.
    private const ZSTD_cParameter LiteralCompressionMode = ZSTD_cParameter.ZSTD_c_experimentalParam5;
    private const int Disabled = 2;

    private readonly int _dictionarySize;
    private readonly int _statisticsSize;
    private readonly int _level;
    private byte[]? _content;
    private int _sampled;
    private List<byte[]>? _statistics;
    private int _counted;
    private JsonDictionary? _dictionary;
    private Compressor? _encoder;

    /// <param name="dictionarySize">Bytes of JSON to take the dictionary's content from; 0 keeps every object as it is.</param>
    /// <param name="level">zstd's compression level (negative levels are faster and compress less).</param>
    /// <param name="statisticsSize">Bytes of whole objects after the content to take the dictionary's entropy tables
    /// from (default two thirds of <paramref name="dictionarySize"/>); 0: a dictionary of content alone, literals raw.</param>
    public CacheCompression(int dictionarySize = DefaultDictionarySize, int level = DefaultLevel, int? statisticsSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dictionarySize);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, Compressor.MinCompressionLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, Compressor.MaxCompressionLevel);
        ArgumentOutOfRangeException.ThrowIfNegative(statisticsSize ?? 0, nameof(statisticsSize));
        _dictionarySize = dictionarySize;
        _statisticsSize = statisticsSize ?? dictionarySize * 2 / 3;
        _level = level;
    }

    /// <summary>No compression: every object kept as it is.</summary>
    public static CacheCompression None => new(0);

    /// <summary>Whether the dictionary is taken, so objects from now on are compressed.</summary>
    public bool HasDictionary => _dictionary is not null;

    /// <summary>Whether the dictionary has entropy tables (false: content alone, literals stored raw).</summary>
    public bool HasTables => _dictionary?.HasTables == true;

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
        _encoder?.Dispose(); // the dictionary stays: objects read after the store is gone still need it
    }

    // The first objects whole, up to the dictionary's size (the last one cut there), then whole objects for its tables;
    // then the dictionary is frozen.
    private void Sample(ReadOnlySpan<byte> json)
    {
        if (_dictionarySize == 0)
        {
            return;
        }

        if (_sampled < _dictionarySize)
        {
            _content ??= new byte[_dictionarySize];
            var taken = Math.Min(json.Length, _dictionarySize - _sampled);
            json[..taken].CopyTo(_content.AsSpan(_sampled));
            _sampled += taken;
        }
        else if (_counted < _statisticsSize)
        {
            (_statistics ??= []).Add(json.ToArray());
            _counted += json.Length;
        }

        if (_sampled < _dictionarySize || _counted < _statisticsSize)
        {
            return;
        }

        _dictionary = JsonDictionary.Make(_content!, _statistics ?? [], _level, out var dictionary);
        _encoder = new Compressor(_level);
        _encoder.SetParameter(ZSTD_cParameter.ZSTD_c_dictIDFlag, 0); // the reader knows its dictionary: 4 bytes less per frame
        if (!_dictionary.HasTables)
        {
            _encoder.SetParameter(LiteralCompressionMode, Disabled);
        }

        _encoder.LoadDictionary(dictionary);
        _content = null;
        _statistics = null;
    }
}
