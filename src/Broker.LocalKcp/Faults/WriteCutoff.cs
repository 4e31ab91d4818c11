using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Faults;

/// <summary>
/// Stops one client right after its N-th write, for kill-anywhere tests: writes (POST, PUT, PATCH, DELETE) whose
/// User-Agent starts with <see cref="UserAgent"/> are counted as they are admitted; the first <see cref="Limit"/> run
/// and are answered, every later one is held unanswered until the cutoff is cleared (then 503). Once the N-th has
/// been answered <see cref="Reached"/> completes, and the test kills the client: its process dies with exactly N
/// writes acknowledged.
/// </summary>
public sealed class WriteCutoff(int limit, string userAgent)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _log = [];
    private int _admitted;
    private int _answered;

    public int Limit { get; } = limit;

    public string UserAgent { get; } = userAgent;

    /// <summary>Writes of the client answered so far.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>The client's answered writes in order, as "METHOD path status" (the first 1,000): a flow's write boundaries.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Completes when the <see cref="Limit"/>-th write has been answered.</summary>
    public Task Reached => _reached.Task;

    public bool Applies(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method))
        && request.Headers.UserAgent.ToString().StartsWith(UserAgent, StringComparison.Ordinal);

    /// <summary>Runs one write of the client, or holds it past the limit; false when it was held and then released.</summary>
    public async Task<bool> RunAsync(HttpContext context, Func<Task> write, CancellationToken aborted)
    {
        if (Interlocked.Increment(ref _admitted) > Limit)
        {
            await _released.Task.WaitAsync(aborted);
            return false;
        }

        try
        {
            await write();
        }
        finally
        {
            lock (_log)
            {
                if (_log.Count < 1000)
                {
                    _log.Add($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}");
                }
            }

            if (Interlocked.Increment(ref _answered) == Limit)
            {
                _reached.TrySetResult();
            }
        }

        return true;
    }

    /// <summary>Lets held writes go (answered 503).</summary>
    public void Release() => _released.TrySetResult();
}
