using System.Buffers;
using ZstdSharp;

namespace Broker.Runtime.Cache;

/// <summary>A frozen zstd dictionary (raw content: JSON of a cache's first objects) and the decoders of the objects
/// compressed with it. It never changes once made, so every object compressed with it stays decodable for as long as
/// it is referenced. Thread-safe: decoders are not, so each read takes one from a few slots (one per core; a
/// <c>ConcurrentBag</c> kept a queue per thread that ever returned one, hundreds per store).</summary>
internal sealed class JsonDictionary(byte[] content) : IDisposable
{
    private readonly Decompressor?[] _idle = new Decompressor?[Environment.ProcessorCount];
    private bool _disposed;

    public byte[] Content { get; } = content;

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
