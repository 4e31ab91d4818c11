using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Testing.Time;

/// <summary>
/// Microsoft's <see cref="FakeTimeProvider"/> (time moves only when a test calls <c>Advance</c>; due timers fire inside
/// that call), starting on 2026-01-01, and counting its armed timers: a test that drives a loop waiting on the clock
/// knows the loop has reached its wait once its timer exists.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentDictionary<CountedTimer, byte> _armed = new();

    public FakeClock()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Timers that are due to fire: not yet fired (one-shot), not stopped, not disposed.</summary>
    public int ActiveTimers => _armed.Count;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this);
        timer.Arm(dueTime, period);
        timer.Inner = base.CreateTimer(s =>
        {
            timer.Fired();
            callback(s);
        }, state, dueTime, period);
        return timer;
    }

    private sealed class CountedTimer(FakeClock clock) : ITimer
    {
        private TimeSpan _period;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                clock._armed.TryRemove(this, out _);
            }
            else
            {
                clock._armed[this] = 0;
            }
        }

        public void Fired()
        {
            if (_period <= TimeSpan.Zero || _period == Timeout.InfiniteTimeSpan)
            {
                clock._armed.TryRemove(this, out _); // a one-shot timer is done
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock._armed.TryRemove(this, out _);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
