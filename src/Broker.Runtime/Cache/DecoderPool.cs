using System.Runtime.InteropServices;
using ZstdSharp.Unsafe;

namespace Broker.Runtime.Cache;

/// <summary>
/// zstd decoding contexts for every cache of the process: a context holds no dictionary of its own (a read hands it
/// the cache's loaded dictionary, <see cref="JsonDictionary"/>), so one pool serves them all, as
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/> serves buffers. A context is about 100 KiB of native memory; the
/// pool keeps at most two per core idle and frees any returned beyond that. Thread-safe.
/// </summary>
internal sealed class DecoderPool
{
    private readonly Decoder?[] _idle;

    private DecoderPool(int slots) => _idle = new Decoder?[slots];

    /// <summary>The process's pool: scratch contexts, like the runtime's shared array pool, not state of anyone's.</summary>
    public static DecoderPool Shared { get; } = new(2 * Environment.ProcessorCount);

    public Decoder Rent()
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Volatile.Read(ref _idle[i]) is not null && Interlocked.Exchange(ref _idle[i], null) is { } idle)
            {
                return idle;
            }
        }

        return Decoder.Create();
    }

    public void Return(Decoder decoder)
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _idle[i], decoder, null) is null)
            {
                return;
            }
        }

        decoder.Dispose();
    }

    /// <summary>One zstd decoding context (<c>ZSTD_DCtx</c>), freed when released.</summary>
    internal sealed unsafe class Decoder() : SafeHandle(0, ownsHandle: true)
    {
        public override bool IsInvalid => handle == 0;

        public ZSTD_DCtx_s* Context => (ZSTD_DCtx_s*)handle;

        public static Decoder Create()
        {
            var decoder = new Decoder();
            decoder.SetHandle((nint)Methods.ZSTD_createDCtx());
            return decoder.IsInvalid ? throw new InvalidOperationException("zstd could not make a decoder") : decoder;
        }

        protected override bool ReleaseHandle()
        {
            Methods.ZSTD_freeDCtx((ZSTD_DCtx_s*)handle);
            return true;
        }
    }
}
