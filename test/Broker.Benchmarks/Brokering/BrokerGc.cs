using System.Globalization;

namespace Broker.Benchmarks.Brokering;

/// <summary>The garbage collections of the broker's own process so far (by generation) and the time they paused it: the
/// broker process's answer to <c>gc</c>, so a run can tell how much of the broker's CPU the collector's work is.</summary>
internal readonly record struct BrokerGc(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static BrokerGc Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string ToAnswer() => string.Create(CultureInfo.InvariantCulture, $"{Gen0} {Gen1} {Gen2} {Paused.Ticks}");

    /// <summary>Reads <see cref="ToAnswer"/>; none (zero) when the broker shares the benchmark's process.</summary>
    public static BrokerGc Parse(string? answer)
    {
        if (answer is null)
        {
            return default;
        }

        var parts = answer.Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new BrokerGc((int)parts[0], (int)parts[1], (int)parts[2], TimeSpan.FromTicks(parts[3]));
    }

    /// <summary>The collections since <paramref name="before"/>.</summary>
    public BrokerGc Since(BrokerGc before) => new(Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, Paused - before.Paused);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Gen0}/{Gen1}/{Gen2}, paused {Paused.TotalMilliseconds:F0} ms");
}
