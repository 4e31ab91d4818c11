namespace Broker.Durability.KillAnywhere;

/// <summary>Polls a condition that states what is still missing, riding out LocalKcp restarts (their failures count as "not yet").</summary>
public static class Converge
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Null once <paramref name="pending"/> yields null within <paramref name="timeout"/>, else its last answer.</summary>
    public static async Task<string?> WaitAsync(Func<Task<string?>> pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var last = "not checked yet";
        while (TimeProvider.System.GetElapsedTime(started) < timeout)
        {
            try
            {
                if (await pending() is not { } missing)
                {
                    return null;
                }

                last = missing;
            }
            catch (Exception e) when (KillAnywhereEnvironment.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                last = $"LocalKcp unavailable: {e.Message}";
            }

            await Task.Delay(Interval, cancellationToken);
        }

        return last;
    }

    /// <summary>As <see cref="WaitAsync"/>, throwing when it does not converge (for starting states, which are not under test).</summary>
    public static async Task OrThrowAsync(string what, Func<Task<string?>> pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await WaitAsync(pending, timeout, cancellationToken) is { } missing)
        {
            throw new TimeoutException($"{what} not reached in {timeout.TotalSeconds:N0} s: {missing}");
        }
    }
}
