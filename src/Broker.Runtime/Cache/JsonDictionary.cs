using System.Buffers;
using System.Runtime.InteropServices;
using ZstdSharp.Unsafe;

namespace Broker.Runtime.Cache;

/// <summary>
/// A frozen zstd dictionary (JSON of a cache's first objects, with entropy tables from the objects after them when they
/// could be made) that reads the objects compressed with it. It never changes once made, so every object compressed
/// with it stays decodable for as long as it is referenced.
/// <para>The dictionary is loaded once, into zstd's decoding form (a <c>ZSTD_DDict</c>: content and decoding tables),
/// which a read hands to a decoder from the process's pool (<see cref="DecoderPool"/>): a decoder that loaded the
/// dictionary itself rebuilt its tables (about 20 us), and decoders of their own per cache held about 100 KiB of native
/// memory each, hundreds of caches over. The loaded dictionary is native memory freed when this is collected: objects
/// read it until then. Thread-safe.</para>
/// </summary>
internal sealed unsafe class JsonDictionary
{
    private readonly DictionaryHandle _loaded;

    private JsonDictionary(byte[] dictionary, bool hasTables)
    {
        HasTables = hasTables;
        _loaded = DictionaryHandle.Load(dictionary);
    }

    /// <summary>Whether the dictionary carries entropy tables (Huffman for literals, FSE for sequences).</summary>
    public bool HasTables { get; }

    /// <summary>A dictionary of <paramref name="content"/> with the entropy tables zstd finds compressing
    /// <paramref name="statistics"/> with it at <paramref name="level"/>; content alone when there are no objects to
    /// count or zstd cannot make the tables. <paramref name="dictionary"/> is what the encoder loads.</summary>
    public static JsonDictionary Make(byte[] content, IReadOnlyList<byte[]> statistics, int level, out byte[] dictionary)
    {
        var formatted = statistics.Count > 0 ? Finalize(content, statistics, level) : null;
        dictionary = formatted ?? content;
        return new JsonDictionary(dictionary, hasTables: formatted is not null);
    }

    /// <summary>The length of the JSON in <paramref name="frame"/> (its frame header says it).</summary>
    public static int Length(ReadOnlySpan<byte> frame)
    {
        fixed (byte* start = frame)
        {
            var length = Methods.ZSTD_getFrameContentSize(start, (nuint)frame.Length);
            return length <= int.MaxValue ? (int)length : throw new InvalidDataException("A cached object's frame does not say its length");
        }
    }

    /// <summary>The JSON of <paramref name="frame"/> in an array of its own.</summary>
    public byte[] Decompress(ReadOnlySpan<byte> frame)
    {
        var json = new byte[Length(frame)];
        Decompress(frame, json);
        return json;
    }

    /// <summary>The JSON of <paramref name="frame"/> in a buffer from <see cref="ArrayPool{T}.Shared"/>: return it when done.</summary>
    public byte[] DecompressPooled(ReadOnlySpan<byte> frame, out int length)
    {
        length = Length(frame);
        var json = ArrayPool<byte>.Shared.Rent(length);
        Decompress(frame, json.AsSpan(0, length));
        return json;
    }

    public void Decompress(ReadOnlySpan<byte> frame, Span<byte> json)
    {
        var decoder = DecoderPool.Shared.Rent();
        try
        {
            nuint written;
            fixed (byte* source = frame)
            fixed (byte* destination = json)
            {
                written = Methods.ZSTD_decompress_usingDDict(
                    decoder.Context, destination, (nuint)json.Length, source, (nuint)frame.Length, (ZSTD_DDict_s*)_loaded.DangerousGetHandle());
            }

            if (Methods.ZSTD_isError(written))
            {
                throw new InvalidDataException($"A cached object's frame does not decode: {Methods.ZSTD_getErrorName(written)}");
            }

            if (written != (nuint)json.Length)
            {
                throw new InvalidDataException($"A cached object's frame decoded to {written} bytes instead of {json.Length}");
            }
        }
        finally
        {
            DecoderPool.Shared.Return(decoder);
            GC.KeepAlive(_loaded);
        }
    }

    // zstd's ZDICT_finalizeDictionary: the content kept as it is, preceded by the header and tables zstd computes from
    // the samples (a few hundred bytes).
    private static byte[]? Finalize(byte[] content, IReadOnlyList<byte[]> statistics, int level)
    {
        var samples = statistics.SelectMany(s => s).ToArray();
        var sizes = statistics.Select(s => (nuint)s.Length).ToArray();
        var formatted = new byte[content.Length + 4096];
        fixed (byte* destination = formatted)
        fixed (byte* contentStart = content)
        fixed (byte* samplesStart = samples)
        fixed (nuint* sizesStart = sizes)
        {
            var parameters = new ZDICT_params_t { compressionLevel = level };
            var length = Methods.ZDICT_finalizeDictionary(
                destination, (nuint)formatted.Length, contentStart, (nuint)content.Length, samplesStart, sizesStart, (uint)sizes.Length, parameters);
            return Methods.ZDICT_isError(length) ? null : formatted.AsSpan(0, (int)length).ToArray();
        }
    }

    // The dictionary in zstd's decoding form (copied in), freed when released.
    private sealed class DictionaryHandle() : SafeHandle(0, ownsHandle: true)
    {
        public override bool IsInvalid => handle == 0;

        public static DictionaryHandle Load(byte[] dictionary)
        {
            var loaded = new DictionaryHandle();
            fixed (byte* start = dictionary)
            {
                loaded.SetHandle((nint)Methods.ZSTD_createDDict(start, (nuint)dictionary.Length));
            }

            return loaded.IsInvalid ? throw new InvalidOperationException("zstd could not load a cache's dictionary") : loaded;
        }

        protected override bool ReleaseHandle()
        {
            Methods.ZSTD_freeDDict((ZSTD_DDict_s*)handle);
            return true;
        }
    }
}
