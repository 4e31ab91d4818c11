using NUnit.Framework;

namespace Broker.Testing;

/// <summary>
/// Polls until a probe yields a value or a condition holds, for state that controllers, kcp or a process reach
/// asynchronously. A probe that throws is tried again (the state may not exist yet); an NUnit assertion or a
/// cancellation ends the wait at once. On timeout the message names what was awaited and the last error.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly object Holds = new(); // the value a condition probe yields once it holds

    public static async Task<T> GetAsync<T>(string what, Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        Exception? last = null;
        while (TimeProvider.System.GetElapsedTime(started) < limit)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or AssertionException))
            {
                last = ex;
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}" + (last is null ? "" : $"; last error: {last.Message}"), last);
    }

    public static Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        GetAsync(what, async () => await condition() ? Holds : null, timeout);

    public static Task UntilAsync(string what, Func<bool> condition, TimeSpan? timeout = null) =>
        UntilAsync(what, () => Task.FromResult(condition()), timeout);
}
