using Broker.Cli;

return await BrokerCommand.Create().Parse(args).InvokeAsync();
