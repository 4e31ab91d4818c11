using Broker.Cli;

var parseResult = BrokerCommand.Create().Parse(args);
if (parseResult.Errors.Count > 0)
{
    // The contract (design §6): bad arguments exit 2 with a one-line reason.
    await Console.Error.WriteLineAsync($"broker: {parseResult.Errors[0].Message} (see --help)");
    return 2;
}

return await parseResult.InvokeAsync();
