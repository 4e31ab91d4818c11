using System.Diagnostics.Tracing;
using System.Globalization;

namespace Broker.Benchmarks.Brokering;

/// <summary>Bytes allocated by type, from the runtime's AllocationTick event (one per ~100 KB allocated).</summary>
internal sealed class AllocationSampler : RuntimeEventSampler
{
    protected override EventKeywords Keyword => (EventKeywords)0x1; // GC

    protected override void Sample(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true)
        {
            Add(Field(e, "TypeName") as string ?? "?", Convert.ToInt64(Field(e, "AllocationAmount64") ?? 100_000, CultureInfo.InvariantCulture));
        }
    }
}
