using BenchmarkDotNet.Running;
using Broker.Benchmarks.Brokering;

// Micro-benchmarks: dotnet run -c Release --project test/Broker.Benchmarks -- --filter '*'
// Brokering end to end (issue 5): dotnet run -c Release --project test/Broker.Benchmarks -- brokering [certificates] [consumers] [rate]
if (args is ["brokering", .. var rest])
{
    await BrokeringScenario.RunAsync(rest);
    return;
}

// Staged migrations (issue 15): dotnet run -c Release --project test/Broker.Benchmarks -- migrations [certificates]
if (args is ["migrations", .. var migrationArgs])
{
    await Broker.Benchmarks.Migrations.MigrationScenario.RunAsync(migrationArgs);
    return;
}

// Kill anywhere (issue 18): every write boundary of every broker flow, the broker or LocalKcp killed there.
// dotnet run -c Release --project test/Broker.Benchmarks -- kill-anywhere [broker|localkcp|both] [placement|move|staged-move|deletion]...
if (args is ["kill-anywhere", .. var sweepArgs])
{
    Environment.ExitCode = await Broker.Benchmarks.Durability.KillAnywhereSweep.RunAsync(sweepArgs);
    return;
}

// Soak (issue 18): churn with faults on, a line a minute. dotnet run -c Release --project test/Broker.Benchmarks -- soak [minutes] [objects] [retention-minutes] [kube-api-qps]
if (args is ["soak", .. var soakArgs])
{
    Environment.ExitCode = await Broker.Benchmarks.Durability.SoakScenario.RunAsync(soakArgs);
    return;
}

// Scale (issue 19): dotnet run -c Release --project test/Broker.Benchmarks -- scale [workspaces=1000] [providers=100] [certificates=5000] [shards=4]
if (args is ["scale", .. var scaleArgs])
{
    await Broker.Benchmarks.Scale.ScaleScenario.RunAsync(scaleArgs);
    return;
}

// The broker of the brokering scenario in a process of its own (BROKERING_BROKER_PROCESS=1): started by the scenario.
if (args is ["broker-process", .. var brokerArgs])
{
    await BrokerHost.RunChildAsync(brokerArgs);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
