using System.Diagnostics;
using System.Globalization;
using Broker.Testing.Fuzzing;

namespace Broker.Controllers.Tests.Fuzz;

/// <summary>
/// One bounded fuzz run: FUZZ_SECONDS (default 2, as CI runs it; hack/fuzz-localkcp.sh runs longer) and FUZZ_SEED (to
/// reproduce a failure). Each input runs on its own task: one that takes 5 s is a hang; an outcome the input may have is
/// counted, anything else is a failure, kept with the input.
/// </summary>
internal sealed class FuzzRun
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private readonly double _seconds = double.Parse(Environment.GetEnvironmentVariable("FUZZ_SECONDS") ?? "2", CultureInfo.InvariantCulture);

    public FuzzRun()
    {
        Seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        Mutator = new Mutator(new Random(Seed));
    }

    public int Seed { get; }

    public Mutator Mutator { get; }

    /// <summary>Feeds <paramref name="next"/>'s inputs to <paramref name="step"/> until the time is up or 10 failed;
    /// <paramref name="step"/> returns the name of an allowed outcome, or throws.</summary>
    public void Run(string what, Func<string> next, Func<string, string> step)
    {
        var stopwatch = Stopwatch.StartNew();
        var tried = 0;
        while (stopwatch.Elapsed.TotalSeconds < _seconds && _failures.Count < 10)
        {
            tried++;
            var input = next();
            var running = Task.Run(() => step(input));
            try
            {
                if (!running.Wait(Hang))
                {
                    _failures.Add($"hang: {input}");
                    continue;
                }

                _outcomes[running.Result] = _outcomes.GetValueOrDefault(running.Result) + 1;
            }
            catch (AggregateException e)
            {
                var error = e.InnerException!;
                _failures.Add($"{error.GetType().Name}: {error.Message} ({error.StackTrace?.Split('\n')[0].Trim()}): {input}");
            }
        }

        TestContext.Out.WriteLine($"{what} fuzz seed {Seed}: {tried} inputs in {stopwatch.Elapsed.TotalSeconds:F1} s: "
            + string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value} {o.Key}")));
        _failures.ShouldBeEmpty($"seed {Seed} (FUZZ_SEED={Seed} reproduces)");
    }
}
