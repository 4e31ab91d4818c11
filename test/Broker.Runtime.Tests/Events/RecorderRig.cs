using System.Diagnostics.Metrics;
using Broker.Runtime.Events;
using Broker.Testing.Logging;

namespace Broker.Runtime.Tests.Events;

/// <summary>An <see cref="EventRecorder"/> with its own meter, counters and log, started unless asked otherwise.</summary>
internal sealed class RecorderRig : IAsyncDisposable
{
    private readonly Meter _meter = new("test.events");

    public RecorderRig(TimeProvider time, EventRecorderOptions? options = null, bool start = true)
    {
        Counters = new EventCounters(_meter);
        Recorder = new EventRecorder(time, Log, _meter, options ?? new EventRecorderOptions { Instance = "broker-0" });
        if (start)
        {
            Recorder.Start();
        }
    }

    public EventRecorder Recorder { get; }

    public EventCounters Counters { get; }

    public RecordingLogger Log { get; } = new();

    /// <summary>Waits until <paramref name="count"/> occurrences have been written, aggregated or dropped.</summary>
    public async Task WaitForOutcomesAsync(long count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (Counters.Outcomes < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{count} outcomes expected within {within ?? TimeSpan.FromSeconds(10)}; counters: {Counters}; pending {Recorder.Pending}");
            }

            await Task.Delay(10);
        }

        Counters.Outcomes.ShouldBe(count, $"more outcomes than occurrences: {Counters}");
    }

    public async ValueTask DisposeAsync()
    {
        await Recorder.DisposeAsync();
        Counters.Dispose();
        _meter.Dispose();
    }
}
