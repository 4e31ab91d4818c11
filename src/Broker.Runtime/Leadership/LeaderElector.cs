using System.Diagnostics.Metrics;
using System.Text.Json;
using Broker.Kcp.Http;
using Microsoft.Extensions.Logging;

namespace Broker.Runtime.Leadership;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, after client-go's leaderelection. A standby takes the lease when it
/// is absent, released, or unchanged for its lease duration as measured by the standby's own clock from the moment it saw
/// the last change (never the holder's renewTime: clocks differ). The leader renews every retry period and gives up when no
/// renewal succeeded within the renew deadline, or at once when it finds another holder. Every write carries the
/// resourceVersion it read, so two replicas never both believe they won.
/// </summary>
public sealed partial class LeaderElector
{
    private readonly LeaseLock _lease;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly UpDownCounter<int>? _leaderGauge;

    // Touched only by the RunAsync flow, one step at a time.
    private LeaderElectionRecord? _observed;
    private DateTimeOffset _observedAt;

    private volatile bool _isLeader;
    private volatile string? _holder;

    public LeaderElector(ClusterClient client, LeaderElectionOptions options, TimeProvider time, ILogger<LeaderElector> logger, Meter? meter = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid leader election options: {string.Join("; ", problems)}", nameof(options));
        }

        _lease = new LeaseLock(client, options.LeaseNamespace, options.LeaseName);
        _options = options;
        _time = time;
        _logger = logger;
        _leaderGauge = meter?.CreateUpDownCounter<int>("resource_broker_leader", null, "1 while this replica holds the leader-election lease, else 0");
        _leaderGauge?.Add(0); // a standby reports 0 rather than nothing
    }

    public string Identity => _options.Identity;

    /// <summary>For messages: <c>default/resource-broker in root:platform</c>.</summary>
    public string Lease => _lease.Description;

    /// <summary>True from acquiring the lease until leadership is lost or the lease is released.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder this replica last saw (itself while leading); null before the first read and while released.</summary>
    public string? Holder => _holder;

    /// <summary>
    /// Waits for the lease, then runs <paramref name="whileLeading"/> and renews the lease until that work ends. The work's
    /// token is cancelled with <paramref name="cancellationToken"/> or when leadership is lost; renewal goes on while it
    /// drains. Afterwards the lease is released (<see cref="LeaderElectionOptions.ReleaseOnCancel"/>). Returns when cancelled,
    /// rethrows the work's failure, and throws <see cref="LeaderElectionLostException"/> when leadership is lost. Call once.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);
        try
        {
            await AcquireAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // stopped while standing by: nothing to release
        }

        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
        if (await RenewUntilLostAsync(work) is { } reason)
        {
            await LoseAsync(work, leading, reason);
        }

        try
        {
            await work;
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // The work stopped because it was told to: the normal end.
        }
        finally
        {
            await StepDownAsync();
        }
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        Log.Acquiring(_logger, Lease, Identity);
        while (await TryAsync(cancellationToken, cancellationToken) != Attempt.Held)
        {
            await Task.Delay(_options.RetryPeriod, _time, cancellationToken);
        }

        SetLeader(true);
        Log.Acquired(_logger, Lease, Identity);
    }

    // Returns why leadership was lost, or null once the work has ended. It keeps renewing after cancellation, while the work
    // drains, so a standby cannot start before this replica has stopped (controller-runtime releases after its runnables stop).
    private async Task<string?> RenewUntilLostAsync(Task work)
    {
        using var stop = new CancellationTokenSource();
        try
        {
            var renewed = _observedAt;
            while (true)
            {
                await Task.WhenAny(work, Task.Delay(_options.RetryPeriod, _time, stop.Token));
                if (work.IsCompleted)
                {
                    return null;
                }

                var deadline = renewed + _options.RenewDeadline;
                var started = _time.GetUtcNow();
                var attempt = started < deadline ? await TryWithinAsync(deadline - started) : Attempt.Failed;
                if (attempt == Attempt.Held)
                {
                    renewed = started;
                }
                else if (attempt == Attempt.HeldByOther)
                {
                    return $"is now held by {_holder}";
                }
                else if (_time.GetUtcNow() >= deadline)
                {
                    return $"was not renewed within the renew deadline ({LeaderElectionOptions.Format(_options.RenewDeadline)})";
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private async Task LoseAsync(Task work, CancellationTokenSource leading, string reason)
    {
        SetLeader(false);
        Log.Lost(_logger, Lease, reason);
        await leading.CancelAsync();

        // The work gets until a standby may start at the earliest; after that it is the caller's to end (by exiting).
        await Task.WhenAny(work, Task.Delay(_options.LeaseDuration - _options.RenewDeadline, _time, CancellationToken.None));
        throw new LeaderElectionLostException(Lease, reason);
    }

    private async Task StepDownAsync()
    {
        if (_options.ReleaseOnCancel)
        {
            await ReleaseAsync();
        }

        SetLeader(false);
    }

    private async Task ReleaseAsync()
    {
        if (_observed is not { } mine || mine.HolderIdentity != Identity)
        {
            return;
        }

        // client-go's release: no holder and a one-second duration; the transition count stays.
        var now = _time.GetUtcNow();
        var released = mine with { HolderIdentity = "", LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now };

        // Not the caller's token, which is cancelled by now: the release is the commit step of a shutdown, bounded here.
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            if (await WriteReleaseAsync(released, timeout.Token))
            {
                Observe(released, now);
                Log.Released(_logger, Lease);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Log.ReleaseFailed(_logger, Lease, $"no answer within {LeaderElectionOptions.Format(_options.RenewDeadline)}");
        }
        catch (Exception e) when (IsTransient(e))
        {
            Log.ReleaseFailed(_logger, Lease, e.Message);
        }
    }

    // A conflict means someone wrote since the last renewal (a label, say): release the fresh copy if it is still ours.
    private async Task<bool> WriteReleaseAsync(LeaderElectionRecord released, CancellationToken cancellationToken)
    {
        try
        {
            await _lease.UpdateAsync(released, cancellationToken);
            return true;
        }
        catch (ConflictException)
        {
            if (await _lease.GetAsync(cancellationToken) is not { } current || current.HolderIdentity != Identity)
            {
                return false;
            }

            await _lease.UpdateAsync(released with { LeaseTransitions = current.LeaseTransitions }, cancellationToken);
            return true;
        }
    }

    private async Task<Attempt> TryWithinAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit, _time);
        return await TryAsync(timeout.Token, CancellationToken.None);
    }

    // One attempt; a failure the next attempt may not see (network, server error, our own time limit) becomes Failed, logged.
    private async Task<Attempt> TryAsync(CancellationToken attemptToken, CancellationToken cancellationToken)
    {
        try
        {
            return await TryAcquireOrRenewAsync(attemptToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.AttemptFailed(_logger, Lease, "no answer before the renew deadline");
            return Attempt.Failed;
        }
        catch (Exception e) when (IsTransient(e))
        {
            Log.AttemptFailed(_logger, Lease, e.Message);
            return Attempt.Failed;
        }
    }

    private static bool IsTransient(Exception e) =>
        e is KubeApiException or HttpRequestException or TimeoutException or IOException or JsonException or InvalidDataException;

    private void SetLeader(bool leading)
    {
        if (_isLeader != leading)
        {
            _isLeader = leading;
            _leaderGauge?.Add(leading ? 1 : -1);
        }
    }

    private enum Attempt
    {
        Held,
        HeldByOther,
        Failed,
    }
}
