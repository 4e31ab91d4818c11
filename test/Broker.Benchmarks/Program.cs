using BenchmarkDotNet.Running;
using Broker.Benchmarks.Brokering;

// Micro-benchmarks: dotnet run -c Release --project test/Broker.Benchmarks -- --filter '*'
// Brokering end to end (issue 5): dotnet run -c Release --project test/Broker.Benchmarks -- brokering [certificates] [consumers] [rate]
if (args is ["brokering", .. var rest])
{
    await BrokeringScenario.RunAsync(rest);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
