using System.CommandLine;
using Broker.Cli;

var parseResult = BrokerCommand.Create(OptionFactory.FromProcess()).Parse(args);
if (parseResult.Errors.Count > 0)
{
    // The contract (design §6): bad arguments exit 2 with a one-line reason.
    await Console.Error.WriteLineAsync($"broker: {parseResult.Errors[0].Message} (see --help)");
    return 2;
}

// SIGTERM cancels the command and waits this long for it to drain (and, with --leader-elect, release the lease) before
// exiting 143. System.CommandLine's 2 s default is less than a loaded drain needs; Kubernetes waits 30 s by default.
return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(25) });
