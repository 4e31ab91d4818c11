namespace Broker.Demo.Tests;

/// <summary>Polls until a probe yields a value, for state that kcp's controllers or the issuer reach asynchronously.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(string what, Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
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

            await Task.Delay(25);
        }

        throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}" + (last is null ? "" : $"; last error: {last.Message}"), last);
    }
}
