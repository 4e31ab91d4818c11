using Broker.Kcp.Http;

namespace Broker.Runtime.Leadership;

/// <summary>One round of client-go's tryAcquireOrRenew: read (unless the leader's fast path succeeds), judge, write.</summary>
public sealed partial class LeaderElector
{
    private async Task<Attempt> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_isLeader && _observed is { } mine && mine.HolderIdentity == Identity)
        {
            // The leader renews the lease as it last wrote it, without reading first; if anyone wrote since, it reads.
            var renewed = mine with { RenewTime = now };
            try
            {
                await _lease.UpdateAsync(renewed, cancellationToken);
                Observe(renewed, now);
                return Attempt.Held;
            }
            catch (KubeApiException e) when (e is ConflictException or NotFoundException)
            {
                Log.ChangedByOthers(_logger, Lease, e.Reason);
            }
        }

        var current = await _lease.GetAsync(cancellationToken);
        if (current is null)
        {
            return await TryCreateAsync(now, cancellationToken);
        }

        if (current != _observed)
        {
            // Expiry counts from when this replica saw the change (after the read, as client-go), not from the holder's renewTime.
            Observe(current, _time.GetUtcNow());
        }

        if (!current.IsReleased && current.HolderIdentity != Identity && _observedAt + TimeSpan.FromSeconds(current.LeaseDurationSeconds) > now)
        {
            return Attempt.HeldByOther;
        }

        var next = _isLeader && current.HolderIdentity == Identity
            ? current with { RenewTime = now, LeaseDurationSeconds = _options.LeaseDurationSeconds }
            : new LeaderElectionRecord(Identity, _options.LeaseDurationSeconds, now, now, current.LeaseTransitions + 1);
        try
        {
            await _lease.UpdateAsync(next, cancellationToken);
        }
        catch (ConflictException e)
        {
            Log.ChangedByOthers(_logger, Lease, e.Reason); // written between our read and write: the next attempt reads again
            return Attempt.Failed;
        }

        Observe(next, now);
        return Attempt.Held;
    }

    private async Task<Attempt> TryCreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = new LeaderElectionRecord(Identity, _options.LeaseDurationSeconds, now, now, 0);
        try
        {
            if (await _lease.CreateAsync(record, cancellationToken))
            {
                Log.NamespaceCreated(_logger, _options.LeaseNamespace, Lease);
            }
        }
        catch (AlreadyExistsException e)
        {
            Log.ChangedByOthers(_logger, Lease, e.Reason); // another replica created it first: the next attempt reads it
            return Attempt.Failed;
        }

        Observe(record, now);
        return Attempt.Held;
    }

    private void Observe(LeaderElectionRecord record, DateTimeOffset now)
    {
        _observed = record;
        _observedAt = now;
        var holder = record.IsReleased ? null : record.HolderIdentity;
        if (holder == _holder)
        {
            return;
        }

        _holder = holder;
        if (holder is not null && holder != Identity)
        {
            Log.HeldBy(_logger, Lease, holder);
        }
    }
}
