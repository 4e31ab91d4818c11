using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Broker.Benchmarks.Brokering;

/// <summary>Counts the methods the JIT compiles while <see cref="Active"/> is set, by tier and namespace, from the
/// runtime's MethodLoadVerbose events: what the warm-up left for the measured run to compile.</summary>
internal sealed class JitSampler : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;

    // The runtime's OptimizationTier, carried in bits 7-10 of MethodFlags.
    private static readonly string[] Tiers = ["unknown", "min-opts", "optimized", "tier0", "tier1", "tier1-osr", "tier0-instrumented", "tier1-instrumented"];

    private readonly ConcurrentDictionary<string, int> _byTier = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _byNamespace = new(StringComparer.Ordinal);

    public volatile bool Active;

    public IReadOnlyList<(string Tier, int Count)> ByTier() =>
        [.. _byTier.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value))];

    public IReadOnlyList<(string Namespace, int Count)> ByNamespace(int count) =>
        [.. _byNamespace.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value))];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Active || eventData.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) != true || eventData.Payload is null)
        {
            return;
        }

        var flags = Convert.ToInt32(Field(eventData, "MethodFlags") ?? 0, CultureInfo.InvariantCulture);
        var tier = (flags >> 7) & 0xF;
        _byTier.AddOrUpdate(tier < Tiers.Length ? Tiers[tier] : $"tier {tier}", 1, (_, n) => n + 1);
        _byNamespace.AddOrUpdate(Namespace(Field(eventData, "MethodNamespace") as string ?? "?"), 1, (_, n) => n + 1);
    }

    private static object? Field(EventWrittenEventArgs e, string name) =>
        e.PayloadNames?.IndexOf(name) is { } i and >= 0 ? e.Payload![i] : null;

    // The first three dotted parts of the declaring type, before any generic arguments.
    private static string Namespace(string type)
    {
        var plain = type.Split('[', '`', '+')[0];
        return string.Join('.', plain.Split('.').Take(3));
    }
}
