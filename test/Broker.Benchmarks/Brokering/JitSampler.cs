using System.Diagnostics.Tracing;
using System.Globalization;

namespace Broker.Benchmarks.Brokering;

/// <summary>Methods the JIT compiled, by tier ("tier: tier1") and by namespace, from the runtime's MethodLoadVerbose
/// events: what the warm-up left for the measured run to compile.</summary>
internal sealed class JitSampler : RuntimeEventSampler
{
    public const string TierPrefix = "tier: ";

    // The runtime's OptimizationTier, carried in bits 7-10 of MethodFlags.
    private static readonly string[] Tiers = ["unknown", "min-opts", "optimized", "tier0", "tier1", "tier1-osr", "tier0-instrumented", "tier1-instrumented"];

    protected override EventKeywords Keyword => (EventKeywords)0x10; // JIT

    protected override void Sample(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) != true)
        {
            return;
        }

        var tier = (Convert.ToInt32(Field(e, "MethodFlags") ?? 0, CultureInfo.InvariantCulture) >> 7) & 0xF;
        Add(TierPrefix + (tier < Tiers.Length ? Tiers[tier] : $"{tier}"), 1);
        Add(Namespace(Field(e, "MethodNamespace") as string ?? "?"), 1);
    }

    // The first three dotted parts of the declaring type, before any generic arguments or nesting.
    private static string Namespace(string type) =>
        string.Join('.', type.Split('[', '`', '+')[0].Split('.').Take(3));
}
