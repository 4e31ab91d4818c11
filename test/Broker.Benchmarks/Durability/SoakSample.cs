namespace Broker.Benchmarks.Durability;

/// <summary>One minute of the soak: the broker's memory (MiB; the heap right after a full collection) and progress.</summary>
internal sealed record SoakSample(int Minute, double WorkingSet, double Heap, double Moves, double Retries, int Watches, int Migrations);
