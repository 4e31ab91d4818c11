namespace Broker.Durability.KillAnywhere;

/// <summary>
/// Watches what must hold at every moment of a flow, kills and restarts included (design §4): never more copies
/// than the flow allows (one per object, two during a move), and for a move the consumer's Secret present at every
/// poll, its issuer switching once. Polls that fail because LocalKcp is down are skipped.
/// </summary>
public sealed class InvariantMonitor : IAsyncDisposable
{
    private readonly KillAnywhereEnvironment _environment;
    private readonly BrokerFlow _flow;
    private readonly string _name;
    private readonly int _maxCopies;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _violations = [];
    private readonly List<string> _issuers = [];
    private readonly Task _polling;

    private InvariantMonitor(KillAnywhereEnvironment environment, BrokerFlow flow, string name, int startingCopies)
    {
        (_environment, _flow, _name, _maxCopies) = (environment, flow, name, startingCopies + flow.ExtraCopiesAllowed);
        _polling = Task.Run(PollAsync);
    }

    public static InvariantMonitor Start(KillAnywhereEnvironment environment, BrokerFlow flow, string name, IReadOnlyDictionary<string, int> startingCopies) =>
        new(environment, flow, name, startingCopies.Values.Sum());

    /// <summary>Stops polling; the violations seen, each once.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        if (_flow.SecretKept && _issuers.Count > 2)
        {
            _violations.Add($"the Secret's issuer switched {_issuers.Count - 1} times: {string.Join(" -> ", _issuers)}");
        }

        return [.. _violations.Distinct(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var copies = (await _environment.CopiesAsync(_stop.Token)).Values.Sum();
                if (copies > _maxCopies)
                {
                    _violations.Add($"{copies} provider copies at once (at most {_maxCopies})");
                }

                if (_flow.SecretKept)
                {
                    var issuer = await _environment.SecretIssuerAsync(_name, _stop.Token);
                    if (issuer is null)
                    {
                        _violations.Add("the consumer's Secret was absent at a poll");
                    }
                    else if (_issuers.Count == 0 || _issuers[^1] != issuer)
                    {
                        _issuers.Add(issuer);
                    }
                }

                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (KillAnywhereEnvironment.IsUnavailable(e))
            {
                // LocalKcp is restarting: nothing to observe.
            }
        }
    }
}
