using System.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Broker.Runtime.Cache;

/// <summary>A frozen zstd dictionary (JSON of a cache's first objects, with entropy tables from the objects after them
/// when they could be made) and the decoders of the objects compressed with it. It never changes once made, so every
/// object compressed with it stays decodable for as long as it is referenced. Thread-safe: decoders are not, so each
/// read takes one from a few slots (one per core; a <c>ConcurrentBag</c> kept a queue per thread that ever returned
/// one, hundreds per store).</summary>
internal sealed class JsonDictionary(byte[] content, bool hasTables) : IDisposable
{
    private readonly Decompressor?[] _idle = new Decompressor?[Environment.ProcessorCount];
    private bool _disposed;

    /// <summary>The dictionary as zstd loads it: content alone, or zstd's dictionary format (tables, then content).</summary>
    public byte[] Content { get; } = content;

    /// <summary>Whether <see cref="Content"/> carries entropy tables (Huffman for literals, FSE for sequences).</summary>
    public bool HasTables { get; } = hasTables;

    /// <summary>A dictionary of <paramref name="content"/> with the entropy tables zstd finds compressing
    /// <paramref name="statistics"/> with it at <paramref name="level"/>; content alone when there are no objects to
    /// count or zstd cannot make the tables.</summary>
    public static JsonDictionary Make(byte[] content, IReadOnlyList<byte[]> statistics, int level) =>
        statistics.Count > 0 && Finalize(content, statistics, level) is { } formatted ? new(formatted, hasTables: true) : new(content, hasTables: false);

    /// <summary>The length of the JSON in <paramref name="frame"/> (its frame header says it).</summary>
    public static int Length(ReadOnlySpan<byte> frame) => checked((int)Decompressor.GetDecompressedSize(frame));

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
        var decoder = Rent();
        try
        {
            var written = decoder.Unwrap(frame, json);
            if (written != json.Length)
            {
                throw new InvalidDataException($"A cached object's frame decoded to {written} bytes instead of {json.Length}");
            }
        }
        finally
        {
            Return(decoder);
        }
    }

    /// <summary>Frees the idle decoders. Objects stay readable: a read after this uses a decoder of its own.</summary>
    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        for (var i = 0; i < _idle.Length; i++)
        {
            Interlocked.Exchange(ref _idle[i], null)?.Dispose();
        }
    }

    // zstd's ZDICT_finalizeDictionary: the content kept as it is, preceded by the header and tables zstd computes from
    // the samples (a few hundred bytes).
    private static unsafe byte[]? Finalize(byte[] content, IReadOnlyList<byte[]> statistics, int level)
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

    private Decompressor Rent()
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Volatile.Read(ref _idle[i]) is not null && Interlocked.Exchange(ref _idle[i], null) is { } idle)
            {
                return idle;
            }
        }

        var decoder = new Decompressor();
        decoder.LoadDictionary(Content);
        return decoder;
    }

    private void Return(Decompressor decoder)
    {
        for (var i = 0; i < _idle.Length && !Volatile.Read(ref _disposed); i++)
        {
            if (Interlocked.CompareExchange(ref _idle[i], decoder, null) is null)
            {
                return;
            }
        }

        decoder.Dispose();
    }
}
